/**
 * The in-memory, per-portfolio state that `evaluateOrder` reads: the book by instrument key with
 * per-unit sensitivities, the market per underlying, the effective limits, and aggregates kept so
 * that one check costs O(limits + legs x small) and allocates nothing beyond its result.
 *
 * The app builds it from the latest valuation (`buildPreTradeState`), rebuilds it when positions,
 * prices, NAV or limits change, and swaps the trading state cheaply (`withTradingState`).
 * Conventions: currency amounts in the portfolio's base currency; dollar delta = unit delta x
 * quantity x multiplier x spot; dollar gamma per 1 % = unit gamma x quantity x multiplier x spot^2
 * x 0.01; vega per volatility point (0.01); theta per calendar day. A position's sector is its
 * underlying's sector.
 */
import type { LimitDefinition, TradingState } from './limit-definition.ts';
import type { PreTradeInstrumentQuote, PreTradePositionInput, PreTradeUnderlyingInput } from './pre-trade-inputs.ts';
import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { CompiledLimit } from './compile-limits.ts';
import { compileLimits } from './compile-limits.ts';
import type { OrderImpact } from './order-impact.ts';
import { createOrderImpact } from './order-impact.ts';
import type { PreTradeTables } from './pre-trade-tables.ts';
import { buildPreTradeTables } from './pre-trade-tables.ts';

export type { PreTradeInstrumentQuote, PreTradePositionInput, PreTradeUnderlyingInput } from './pre-trade-inputs.ts';

export interface BuildPreTradeStateInput {
  readonly portfolioId: string;
  /** Net asset value now, base currency; must be > 0. */
  readonly nav: number;
  readonly navAtStartOfDay: number;
  /** Portfolio state merged with the firm kill switch by the app (HALTED wins). */
  readonly tradingState: TradingState;
  /** Continuous risk-free rate, fraction per year. */
  readonly rate: number;
  readonly underlyings: readonly PreTradeUnderlyingInput[];
  readonly positions: readonly PreTradePositionInput[];
  /** Covariance of daily log returns, U x U row-major, in the order of `underlyings`. */
  readonly dailyCovariance: Float64Array;
  /** Current 1-day hybrid VaR from the risk engine, positive currency losses. */
  readonly var95: number;
  readonly var99: number;
  /** Effective limits (overrides already applied); inactive ones are ignored. */
  readonly limits: readonly LimitDefinition[];
  /** Identifies the limit set; recorded with every decision. */
  readonly limitsVersion: number;
  readonly instrumentQuotes?: readonly PreTradeInstrumentQuote[];
  /** Most legs one order may have; default 16. */
  readonly maxOrderLegs?: number;
}

export interface PreTradeState {
  readonly portfolioId: string;
  readonly nav: number;
  readonly navAtStartOfDay: number;
  readonly tradingState: TradingState;
  readonly rate: number;
  readonly var95: number;
  readonly var99: number;
  readonly limitsVersion: number;
  /** Active limits, validated and resolved (amounts absolute, scopes as indices). */
  readonly limits: readonly CompiledLimit[];
  readonly tables: PreTradeTables;
  readonly instrumentQuotes: ReadonlyMap<string, PreTradeInstrumentQuote>;
  readonly maxOrderLegs: number;
  /** A liquidity limit is active (orders on names without ADV fail closed). */
  readonly needsAverageDailyVolume: boolean;
  /** A correlation limit is active (the check projects |e|' R |e|). */
  readonly needsCorrelation: boolean;
  /** Reused working memory of `evaluateOrder` (single-threaded: one check at a time). */
  readonly scratch: OrderImpact;
}

export const DEFAULT_MAX_ORDER_LEGS = 16;

/**
 * Builds the state; O(P + U^2 + limits). Fails with INVALID_STATE (every problem in `details`)
 * for a non-positive NAV, an unknown underlying, a duplicate key, a covariance of the wrong size,
 * non-finite inputs or an invalid limit - so that a bad configuration fails closed (no state, no
 * approvals) instead of being half applied.
 */
export function buildPreTradeState(input: BuildPreTradeStateInput): Result<PreTradeState, 'INVALID_STATE'> {
  const problems: string[] = [];
  if (!(input.nav > 0) || !Number.isFinite(input.nav)) problems.push(`nav ${input.nav} must be a positive finite amount`);
  for (const [name, v] of [['navAtStartOfDay', input.navAtStartOfDay], ['rate', input.rate], ['var95', input.var95], ['var99', input.var99]] as const) {
    if (!Number.isFinite(v)) problems.push(`${name} must be finite`);
  }
  const maxOrderLegs = input.maxOrderLegs ?? DEFAULT_MAX_ORDER_LEGS;
  if (!(Number.isInteger(maxOrderLegs) && maxOrderLegs >= 1)) problems.push(`maxOrderLegs ${maxOrderLegs} must be a whole number >= 1`);
  const tables = buildPreTradeTables({
    underlyings: input.underlyings, positions: input.positions, dailyCovariance: input.dailyCovariance,
    extraSectors: labelsOfScope(input.limits, 'sector'), extraStrategies: labelsOfScope(input.limits, 'strategy'), problems,
  });
  const limits = compileLimits({ limits: input.limits, tables, nav: input.nav, problems });
  if (problems.length > 0) return fail('INVALID_STATE', `pre-trade state for ${input.portfolioId} is invalid: ${problems.length} problem(s)`, problems);
  const instrumentQuotes = new Map<string, PreTradeInstrumentQuote>();
  for (const q of input.instrumentQuotes ?? []) instrumentQuotes.set(q.instrumentKey, q);
  return ok({
    portfolioId: input.portfolioId, nav: input.nav, navAtStartOfDay: input.navAtStartOfDay, tradingState: input.tradingState,
    rate: input.rate, var95: input.var95, var99: input.var99, limitsVersion: input.limitsVersion, limits, tables,
    instrumentQuotes, maxOrderLegs,
    needsAverageDailyVolume: limits.some((l) => l.type === 'liquidity'), needsCorrelation: limits.some((l) => l.type === 'correlation'),
    scratch: createOrderImpact({ legCapacity: maxOrderLegs, tables }),
  });
}

/** The same state under another trading state (O(1); shares every table). */
export function withTradingState({ state, tradingState }: { state: PreTradeState; tradingState: TradingState }): PreTradeState {
  return { ...state, tradingState };
}

function labelsOfScope(limits: readonly LimitDefinition[], kind: 'sector' | 'strategy'): string[] {
  const out: string[] = [];
  for (const l of limits) if (l.active && l.scope.kind === kind && l.scope.value !== '*') out.push(l.scope.value);
  return out;
}
