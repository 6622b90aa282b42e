import {
  checkLimitDefinition, ENFORCEMENT_ACTIONS, LIMIT_SCOPE_SUPPORT, LIMIT_TYPES, type LimitDefinition, type LimitScope, type LimitType,
} from '../../core/limits/index.ts';
import type { InputProblem } from '../../core/shared/input-problem.ts';

export const DEFAULT_WARNING_LEVELS: readonly number[] = [0.8, 0.95];

/**
 * Metrics measured in money, the only ones whose value may be a fraction of NAV. `position-size`
 * is money unless its basis is 'quantity'. Greek limits are in money as the pre-trade state
 * measures them: dollar delta, dollar gamma per 1 %, vega per volatility point, theta per day.
 */
const MONEY_TYPES: ReadonlySet<LimitType> = new Set<LimitType>([
  'position-size', 'gross-exposure', 'net-exposure', 'sector-exposure', 'strategy-exposure', 'daily-loss', 'var',
  'order-notional', 'net-delta', 'net-gamma', 'net-vega', 'net-theta',
]);

export const isMoneyMetric = (type: LimitType, params: Readonly<Record<string, unknown>>): boolean =>
  MONEY_TYPES.has(type) && !(type === 'position-size' && params.basis === 'quantity');

/** Per-order limits are checked on orders only: there is no position to reduce or close. */
const PER_ORDER: ReadonlySet<LimitType> = new Set<LimitType>(['order-quantity', 'order-notional', 'price-collar', 'order-rate']);

/** Types whose amount is itself a fraction (at most 1). */
const FRACTION_AMOUNT: ReadonlySet<LimitType> = new Set<LimitType>(['concentration', 'correlation', 'price-collar']);

type ParamRule = (v: unknown) => string | undefined;
const oneOf = (...allowed: unknown[]): ParamRule => (v) => (allowed.includes(v) ? undefined : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
const symbolList: ParamRule = (v) => (Array.isArray(v) && v.length > 0 && v.length <= 10_000 && v.every((s) => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9.^/=_ -]{0,63}$/.test(s))
  ? (new Set(v).size === v.length ? undefined : 'must not repeat a symbol')
  : 'must be a non-empty list of symbols or instrument keys');

const fraction: ParamRule = (v) => (typeof v === 'number' && v > 0 && v <= 1 ? undefined : 'must be a number in (0, 1]');
const optional = (rule: ParamRule) => ({ rule, required: false });

/**
 * Parameters each type accepts (those the pre-trade engine reads, core/limits/compile-limits.ts);
 * `required` ones must be present. Unknown parameters are refused: a typo must not pass silently.
 */
const PARAMS_BY_TYPE: Partial<Record<LimitType, Readonly<Record<string, { rule: ParamRule; required: boolean }>>>> = {
  var: { confidence: { rule: oneOf(0.95, 0.99), required: true } },
  'price-collar': { reference: { rule: oneOf('last', 'mid'), required: true } },
  'restricted-symbols': { symbols: { rule: symbolList, required: true } },
  'position-size': { basis: optional(oneOf('notional', 'quantity')) },
  'sector-exposure': { basis: optional(oneOf('net', 'gross')) },
  'strategy-exposure': { basis: optional(oneOf('net', 'gross')) },
  concentration: { basis: optional(oneOf('hhi', 'largest-share')) },
  leverage: { basis: optional(oneOf('gross-exposure', 'market-value')) },
  'net-delta': { weighting: optional(oneOf('dollar', 'beta')) },
  'order-notional': { basis: optional(oneOf('underlying', 'premium')) },
  liquidity: { participationRate: optional(fraction) },
};

/** The fields of a limit that a person chooses (ids, version and times are the use case's). */
export type LimitFields = Pick<LimitDefinition, 'type' | 'scope' | 'value' | 'warningLevels' | 'action' | 'active' | 'description' | 'params'>;

/** Every semantic problem of a limit (the shape was checked at the edge); empty when valid. */
export function limitProblems(l: LimitFields, at = ''): InputProblem[] {
  const problems: InputProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path: `${at}${path}`, message });
  if (!(LIMIT_TYPES as readonly string[]).includes(l.type)) { add('/type', `must be one of ${LIMIT_TYPES.join(', ')}`); return problems; }
  if (!(ENFORCEMENT_ACTIONS as readonly string[]).includes(l.action)) add('/action', `must be one of ${ENFORCEMENT_ACTIONS.join(', ')}`);
  else if (PER_ORDER.has(l.type) && (l.action === 'reduce' || l.action === 'close')) add('/action', `a per-order limit (${l.type}) cannot "${l.action}" positions; use alert, block-new or emergency-stop`);

  const amount = l.value.amount;
  if (l.type !== 'restricted-symbols') {
    if (!Number.isFinite(amount) || amount <= 0) add('/value/amount', 'must be a finite number above 0');
    else if (FRACTION_AMOUNT.has(l.type) && amount > 1) add('/value/amount', `a ${l.type} limit is a fraction: at most 1`);
    else if (l.type === 'order-rate' && !Number.isInteger(amount)) add('/value/amount', 'an order-rate limit is a whole number of orders per second');
  }
  if (l.value.mode === 'fraction-of-nav' && !isMoneyMetric(l.type, l.params)) add('/value/mode', `fraction-of-nav applies to money metrics only; a ${l.type} limit${l.type === 'position-size' ? ' by quantity' : ''} is absolute`);

  const scopes = LIMIT_SCOPE_SUPPORT[l.type];
  const scopeValue = (l.scope as { value?: unknown }).value;
  // A scope value of '*' applies the limit to each underlying, sector, strategy or symbol separately.
  if (!scopes.includes(l.scope.kind)) add('/scope/kind', `a ${l.type} limit is measured over ${scopes.join(' or ')}, not ${l.scope.kind}`);
  else if (l.scope.kind === 'portfolio' && scopeValue !== undefined) add('/scope/value', 'a portfolio scope has no value');
  else if (l.scope.kind !== 'portfolio' && (typeof scopeValue !== 'string' || scopeValue.trim() === '')) add('/scope/value', `required: the ${l.scope.kind} the limit applies to`);

  const w = l.warningLevels;
  if (w.length > 5) add('/warningLevels', 'at most 5 levels');
  w.forEach((x, i) => {
    if (!Number.isFinite(x) || x <= 0 || x > 1) add(`/warningLevels/${i}`, 'must be in (0, 1]');
    else if (i > 0 && x <= (w[i - 1] as number)) add(`/warningLevels/${i}`, 'levels must be strictly ascending');
  });

  const rules = PARAMS_BY_TYPE[l.type] ?? {};
  for (const [key, value] of Object.entries(l.params)) {
    const rule = rules[key];
    if (rule === undefined) { add(`/params/${key}`, `not a parameter of a ${l.type} limit${Object.keys(rules).length > 0 ? ` (allowed: ${Object.keys(rules).join(', ')})` : ''}`); continue; }
    const why = rule.rule(value);
    if (why !== undefined) add(`/params/${key}`, why);
  }
  for (const [key, rule] of Object.entries(rules)) if (rule.required && !(key in l.params)) add(`/params/${key}`, `required for a ${l.type} limit`);
  // The engine's own check, so that no limit is stored that the pre-trade state would refuse to compile.
  if (problems.length === 0) {
    const def: LimitDefinition = { ...l, id: 'new', portfolioId: 'new', version: 1, updatedAt: '' };
    for (const message of checkLimitDefinition(def)) add('', message);
  }
  return problems;
}

/** A scope as a client sends it: `value` names the underlying, sector, strategy or symbol; absent for portfolio. */
export interface ScopeInput { readonly kind: LimitScope['kind']; readonly value?: string }

/** The scope as the model has it, or the problem. */
export function toScope(s: ScopeInput, at = '/scope'): { scope: LimitScope; problems: InputProblem[] } {
  if (s.kind === 'portfolio') return { scope: { kind: 'portfolio' }, problems: s.value === undefined ? [] : [{ path: `${at}/value`, message: 'a portfolio scope has no value' }] };
  const value = s.value ?? '';
  return { scope: { kind: s.kind, value }, problems: value.trim() === '' ? [{ path: `${at}/value`, message: `required: the ${s.kind} the limit applies to` }] : [] };
}

/** Ids that would clash with the sub-resources under /limits/{portfolioId}/. */
export const RESERVED_LIMIT_IDS: ReadonlySet<string> = new Set(['overrides', 'violations', 'defaults']);
