/**
 * Turns effective LimitDefinitions into what the hot path reads: absolute amounts, scope labels
 * resolved to table indices, parameters parsed once. `checkLimitDefinition` is the same validation
 * for the limit routes (so a limit that would make the state invalid is refused when written).
 *
 * Scope values: a label (symbol, sector, strategy name, instrument key) or '*', which applies the
 * limit to EACH underlying / sector / strategy / symbol separately (the ones an order touches).
 */
import type { LimitDefinition, LimitScope, LimitType } from './limit-definition.ts';
import { LIMIT_TYPES } from './limit-definition.ts';
import { LIMIT_REASON_CODES } from './pre-trade-reason-codes.ts';
import type { PreTradeTables } from './pre-trade-tables.ts';

type ScopeKind = LimitScope['kind'];

/** Which scope kinds each limit type supports. */
export const LIMIT_SCOPE_SUPPORT: Readonly<Record<LimitType, readonly ScopeKind[]>> = {
  'position-size': ['underlying', 'symbol'],
  'gross-exposure': ['portfolio', 'underlying', 'sector', 'strategy'],
  'net-exposure': ['portfolio', 'underlying', 'sector', 'strategy'],
  'sector-exposure': ['sector'],
  'strategy-exposure': ['strategy'],
  'daily-loss': ['portfolio'],
  concentration: ['portfolio'],
  leverage: ['portfolio'],
  correlation: ['portfolio'],
  liquidity: ['portfolio', 'underlying'],
  volatility: ['portfolio'],
  'net-delta': ['portfolio', 'underlying', 'sector', 'strategy'],
  'net-gamma': ['portfolio', 'underlying', 'sector', 'strategy'],
  'net-vega': ['portfolio', 'underlying', 'sector', 'strategy'],
  'net-theta': ['portfolio', 'underlying', 'sector', 'strategy'],
  var: ['portfolio'],
  'order-quantity': ['portfolio', 'underlying', 'symbol'],
  'order-notional': ['portfolio', 'underlying', 'symbol'],
  'price-collar': ['portfolio', 'underlying', 'symbol'],
  'order-rate': ['portfolio'],
  'restricted-symbols': ['portfolio', 'underlying', 'symbol'],
};

/** Types whose metric is an amount of money, so `fraction-of-nav` values make sense. */
const MONEY_TYPES: ReadonlySet<LimitType> = new Set<LimitType>([
  'position-size', 'gross-exposure', 'net-exposure', 'sector-exposure', 'strategy-exposure', 'daily-loss',
  'net-delta', 'net-gamma', 'net-vega', 'net-theta', 'var', 'order-notional',
]);

/** Limits checked on the order itself rather than on the projected book. */
export const PER_ORDER_TYPES: ReadonlySet<LimitType> = new Set<LimitType>(['order-quantity', 'order-notional', 'price-collar', 'order-rate', 'restricted-symbols']);

/** Allowed values of the string parameters, default first. */
const CHOICES: Partial<Record<LimitType, { readonly key: string; readonly values: readonly string[] }>> = {
  'position-size': { key: 'basis', values: ['notional', 'quantity'] },
  'sector-exposure': { key: 'basis', values: ['net', 'gross'] },
  'strategy-exposure': { key: 'basis', values: ['net', 'gross'] },
  concentration: { key: 'basis', values: ['hhi', 'largest-share'] },
  leverage: { key: 'basis', values: ['gross-exposure', 'market-value'] },
  'net-delta': { key: 'weighting', values: ['dollar', 'beta'] },
  'order-notional': { key: 'basis', values: ['underlying', 'premium'] },
  'price-collar': { key: 'reference', values: ['last', 'mid'] },
};

/** Small-integer codes the hot path switches on (compiled once per limit). */
export const TYPE_CODE = Object.fromEntries(LIMIT_TYPES.map((t, i) => [t, i])) as Readonly<Record<LimitType, number>>;
export const SCOPE_CODE = { portfolio: 0, underlying: 1, sector: 2, strategy: 3, symbol: 4 } as const satisfies Record<ScopeKind, number>;
/** Which per-label aggregate a label-scoped limit reads (index into LabelAggregates.columns). */
export const COLUMN = { net: 0, gross: 1, betaNet: 2, gamma: 3, vega: 4, theta: 5, shares: 6 } as const;

function columnOf(type: LimitType, choice: string): number {
  switch (type) {
    case 'gross-exposure': return COLUMN.gross;
    case 'sector-exposure': case 'strategy-exposure': return choice === 'gross' ? COLUMN.gross : COLUMN.net;
    case 'net-delta': return choice === 'beta' ? COLUMN.betaNet : COLUMN.net;
    case 'net-gamma': return COLUMN.gamma;
    case 'net-vega': return COLUMN.vega;
    case 'net-theta': return COLUMN.theta;
    case 'position-size': return choice === 'quantity' ? COLUMN.shares : COLUMN.net;
    default: return COLUMN.net;
  }
}

export const WILDCARD_SLOT = -2;
export const NOT_IN_BOOK_SLOT = -1;
/** Warning levels to give a new limit when its author names none (an empty list means no warnings). */
export const DEFAULT_WARNING_LEVELS: readonly number[] = [0.8, 0.95];
export const DEFAULT_PARTICIPATION_RATE = 0.2;

export interface CompiledLimit {
  readonly definition: LimitDefinition;
  readonly id: string;
  readonly type: LimitType;
  readonly typeCode: number;
  readonly scopeCode: number;
  /** Aggregate column for label scopes (COLUMN). */
  readonly column: number;
  /** Checked on the order itself (quantity, notional, collar, rate, restricted symbols), not on the book. */
  readonly perOrder: boolean;
  readonly scopeKind: ScopeKind;
  /** Label index: underlying, sector, strategy or position index; 0 for portfolio; WILDCARD_SLOT; NOT_IN_BOOK_SLOT. */
  readonly slot: number;
  readonly scopeValue: string | null;
  /** Absolute amount in the unit of the metric (fraction-of-nav resolved with the state's NAV). */
  readonly amount: number;
  readonly warningLevels: readonly number[];
  /** False for action 'alert'. */
  readonly blocks: boolean;
  readonly codes: (typeof LIMIT_REASON_CODES)[LimitType];
  /** Human messages, built once (the numbers are in the reason's fields). */
  readonly messages: { readonly exceeded: string; readonly alert: string; readonly warning: string; readonly notIncreased: string };
  /** The type's string parameter (basis, weighting or reference), defaulted. */
  readonly choice: string;
  readonly confidence: 0.95 | 0.99;
  readonly participationRate: number;
  /** Upper case: ask with isRestricted. */
  readonly restrictedSymbols: ReadonlySet<string>;
}

/** Whether an instrument key or underlying symbol is on a restricted-symbols limit's list (any case). */
export const isRestricted = (limit: CompiledLimit, symbol: string): boolean => limit.restrictedSymbols.has(symbol.toUpperCase());

/** Problems of one definition (empty = valid). */
export function checkLimitDefinition(def: LimitDefinition): string[] {
  const p: string[] = [];
  const at = `limit ${def.id} (${def.type})`;
  if (!(LIMIT_TYPES as readonly string[]).includes(def.type)) return [`${at}: unknown type`];
  if (!LIMIT_SCOPE_SUPPORT[def.type].includes(def.scope.kind)) p.push(`${at}: scope ${def.scope.kind} not supported (use ${LIMIT_SCOPE_SUPPORT[def.type].join(', ')})`);
  if (!(def.value.amount >= 0) || !Number.isFinite(def.value.amount)) p.push(`${at}: amount must be finite and >= 0`);
  if (def.value.mode === 'fraction-of-nav' && !(MONEY_TYPES.has(def.type) && def.params['basis'] !== 'quantity')) p.push(`${at}: fraction-of-nav is only for money-valued limits`);
  const levels = def.warningLevels;
  if (!levels.every((l, i) => l > 0 && l <= 1 && (i === 0 || l > levels[i - 1]!))) p.push(`${at}: warning levels must be ascending, each in (0, 1]`);
  const choice = CHOICES[def.type];
  const given = choice === undefined ? undefined : def.params[choice.key];
  if (choice !== undefined && given !== undefined && !choice.values.includes(given as string)) p.push(`${at}: params.${choice.key} must be one of ${choice.values.join(', ')}`);
  if (def.type === 'var' && def.params['confidence'] !== undefined && def.params['confidence'] !== 0.95 && def.params['confidence'] !== 0.99) p.push(`${at}: params.confidence must be 0.95 or 0.99`);
  const rate = def.params['participationRate'];
  if (def.type === 'liquidity' && rate !== undefined && !(typeof rate === 'number' && rate > 0 && rate <= 1)) p.push(`${at}: params.participationRate must be in (0, 1]`);
  const symbols = def.params['symbols'];
  if (def.type === 'restricted-symbols' && symbols !== undefined && !(Array.isArray(symbols) && symbols.every((s) => typeof s === 'string'))) p.push(`${at}: params.symbols must be a list of symbols`);
  return p;
}

function resolveSlot(scope: LimitScope, tables: PreTradeTables): number {
  if (scope.kind === 'portfolio') return 0;
  if (scope.value === '*') return WILDCARD_SLOT;
  const table = scope.kind === 'underlying' ? tables.underlyings.index
    : scope.kind === 'sector' ? tables.sectors.index
      : scope.kind === 'strategy' ? tables.strategies.index : tables.positions.index;
  return table.get(scope.value) ?? NOT_IN_BOOK_SLOT;
}

/** Active limits compiled against the tables; problems appended (the state builder fails on any). */
export function compileLimits({ limits, tables, nav, problems }: {
  limits: readonly LimitDefinition[];
  tables: PreTradeTables;
  nav: number;
  problems: string[];
}): CompiledLimit[] {
  const out: CompiledLimit[] = [];
  for (const def of limits) {
    if (!def.active) continue;
    const issues = checkLimitDefinition(def);
    if (issues.length > 0) { problems.push(...issues); continue; }
    const choice = CHOICES[def.type];
    const chosen = choice === undefined ? '' : ((def.params[choice.key] as string | undefined) ?? choice.values[0]!);
    const symbols = (def.params['symbols'] as readonly string[] | undefined) ?? [];
    // restricted names match whatever their case (a compliance list errs on the side of blocking)
    const restricted = new Set(symbols.map((s) => s.toUpperCase()));
    if (def.type === 'restricted-symbols' && def.scope.kind !== 'portfolio') restricted.add(def.scope.value.toUpperCase());
    out.push({
      definition: def, id: def.id, type: def.type, typeCode: TYPE_CODE[def.type], scopeCode: SCOPE_CODE[def.scope.kind], perOrder: PER_ORDER_TYPES.has(def.type), scopeKind: def.scope.kind, slot: resolveSlot(def.scope, tables),
      scopeValue: def.scope.kind === 'portfolio' ? null : def.scope.value,
      amount: def.value.mode === 'fraction-of-nav' ? def.value.amount * nav : def.value.amount,
      warningLevels: def.warningLevels,
      blocks: def.action !== 'alert',
      codes: LIMIT_REASON_CODES[def.type],
      messages: {
        exceeded: `${def.type} limit ${def.id} would be exceeded`,
        alert: `${def.type} limit ${def.id} would be exceeded (alert only, not blocking)`,
        warning: `${def.type} limit ${def.id} near its limit`,
        notIncreased: `${def.type} limit ${def.id} is exceeded; the order does not increase it`,
      },
      choice: chosen, column: columnOf(def.type, chosen),
      confidence: def.params['confidence'] === 0.95 ? 0.95 : 0.99,
      participationRate: (def.params['participationRate'] as number | undefined) ?? DEFAULT_PARTICIPATION_RATE,
      restrictedSymbols: restricted,
    });
  }
  return out;
}
