import type { LimitDefinition, TradingState } from '../../core/limits/limit-definition.ts';
import { preTradePositionFromValuation } from '../../core/limits/pre-trade-position-from-valuation.ts';
import type { BuildPreTradeStateInput, PreTradePositionInput } from '../../core/limits/pre-trade-state.ts';
import { quoteMid } from '../../core/market/market-snapshot.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import type { RiskReport } from '../../core/risk/risk-report.ts';
import type { PriceBar, Quote, ReferenceData } from '../../core/market/market-data.ts';
import { alignHistory, type HistoryWindow } from '../../core/risk/history-window.ts';
import { covarianceMatrix } from '../../core/stats/covariance-matrix.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import type { PreparedWithSnapshot } from '../risk/compute-risk-report.ts';
import type { GateUniverse } from '../risk/risk-engine-types.ts';

/** NAV at the start of the UTC day of `asOf`: the last NAV point before midnight, else the first of the day, else now. */
export function navAtStartOfDay(points: readonly NavPoint[], asOf: string, navNow: number): number {
  const midnight = `${asOf.slice(0, 10)}T00:00:00.000Z`;
  let before: NavPoint | undefined;
  let firstToday: NavPoint | undefined;
  for (const p of points) {
    if (p.at < midnight) before = p;
    else if (firstToday === undefined) firstToday = p;
  }
  return before?.nav ?? firstToday?.nav ?? navNow;
}

/**
 * The pre-trade engine's state input from one risk cycle. Fails (so the gate rejects, fail-closed)
 * when the cycle could not value every position, lacks history for a held underlying, or has no VaR:
 * approving against a partial picture would understate risk.
 */
export function buildGateStateInput(args: {
  prepared: PreparedWithSnapshot; report: RiskReport; limits: readonly LimitDefinition[]; limitsVersion: number; tradingState: TradingState;
  /** Other tradable names (quotes, daily closes, reference data) so orders on names not yet held can be judged. */
  universe?: GateUniverse;
  lookbackDays: number; minReturns: number;
}): Result<BuildPreTradeStateInput> {
  const { prepared, report } = args;
  const failedPositions = report.positions.filter((p) => p.status === 'failed');
  if (failedPositions.length > 0) return fail('RISK_STATE_INCOMPLETE', `${failedPositions.length} position(s) could not be valued: ${failedPositions.slice(0, 5).map((p) => p.status === 'failed' ? `${p.positionId} (${p.error.code})` : '').join(', ')}`);
  const { snapshot, markets } = prepared;
  if (prepared.window.missing.length > 0) return fail('RISK_STATE_INCOMPLETE', `no usable daily history for ${prepared.window.missing.map((m) => m.symbol).join(', ')}`);
  const extended = extendUniverse(prepared, args);
  const window = extended.window;
  const v = report.var.hybrid;
  const var95 = v?.['0.95']?.amount; const var99 = v?.['0.99']?.amount;
  // A book with market positions must have its VaR; a book of cash alone has none, and its VaR is 0.
  if (var95 === undefined || var99 === undefined || !Number.isFinite(var95) || !Number.isFinite(var99)) {
    if (prepared.window.symbols.length > 0) return fail('RISK_STATE_INCOMPLETE', 'no VaR for the portfolio');
  }
  if (snapshot.rate === null && report.positions.some((p) => p.assetClass === 'option')) return fail('RISK_STATE_INCOMPLETE', 'no risk-free rate');
  const U = window.symbols.length;
  const T = window.dates.length;
  const covariance = U === 0 ? new Float64Array(0) : covarianceMatrix({ returns: { values: window.logReturns, rows: T, columns: U } });
  const underlyings = window.symbols.map((symbol, u) => {
    const q = snapshot.quotes.get(symbol) ?? extended.quotes.get(symbol);
    const ref = snapshot.reference.get(symbol) ?? extended.reference.get(symbol);
    return {
      symbol, spot: markets.get(symbol)?.spot ?? (q === undefined ? null : quoteMid(q)), last: q?.last ?? null, mid: q === undefined ? null : quoteMid(q),
      quoteTimeMs: q === undefined ? null : Date.parse(q.timestamp),
      atmVolatility: markets.get(symbol)?.surface?.atmVolatility ?? Math.sqrt(Math.max(covariance[u * U + u] ?? 0, 0) * 252),
      dividendYield: markets.get(symbol)?.dividendYield ?? ref?.dividendYield ?? 0, beta: ref?.beta ?? 1, sector: ref?.sector ?? 'Unclassified',
      averageDailyVolume: ref?.averageDailyVolume ?? null, dailyLogReturnSd: Math.sqrt(Math.max(covariance[u * U + u] ?? 0, 0)),
    };
  });
  const positions = mergeByInstrument(report.positions.flatMap((p): PreTradePositionInput[] => {
    if (p.status !== 'ok') return [];
    const x = preTradePositionFromValuation(p);
    return x === null ? [] : [x];
  }));
  const instrumentQuotes = [...snapshot.quotes.values()].filter((q) => q.instrument.type === 'option').map((q) => ({ instrumentKey: q.instrumentKey, last: q.last, mid: quoteMid(q) }));
  return ok({
    portfolioId: report.portfolioId, nav: report.nav, navAtStartOfDay: navAtStartOfDay(prepared.navPoints, report.asOf, report.nav),
    tradingState: args.tradingState, rate: snapshot.rate ?? 0, underlyings, positions, dailyCovariance: covariance,
    var95: var95 ?? 0, var99: var99 ?? 0, limits: args.limits, limitsVersion: args.limitsVersion, instrumentQuotes,
  });
}

/**
 * The held underlyings' window plus every other quoted equity whose closes cover all of its dates
 * (so adding names never shortens the window the VaR was computed on). Names with a shorter
 * history are left out: orders on them are rejected as unknown, failing closed.
 */
function extendUniverse(prepared: PreparedWithSnapshot, args: { universe?: GateUniverse; lookbackDays: number; minReturns: number }): { window: HistoryWindow; quotes: Map<string, Quote>; reference: Map<string, ReferenceData> } {
  const held = new Set(prepared.window.symbols);
  const quotes = new Map<string, Quote>();
  for (const q of args.universe?.quotes ?? []) if (q.instrument.type !== 'option' && !held.has(q.instrumentKey)) quotes.set(q.instrumentKey, q);
  const reference = new Map((args.universe?.reference ?? []).map((r) => [r.symbol, r]));
  if (quotes.size === 0) return { window: prepared.window, quotes, reference };
  const need = prepared.window.dates;
  const history = new Map<string, readonly PriceBar[]>(prepared.snapshot.history);
  const extras: string[] = [];
  for (const symbol of quotes.keys()) {
    const bars = args.universe?.history.get(symbol) ?? [];
    const dates = new Set(bars.map((b) => b.date));
    const covers = need.length === 0 ? bars.length >= args.minReturns + 1 : need.every((d) => dates.has(d)) && bars.some((b) => b.date < (need[0] as string));
    if (covers) { extras.push(symbol); history.set(symbol, bars); }
  }
  const window = alignHistory({ symbols: [...prepared.window.symbols, ...extras], history, lookbackDays: need.length === 0 ? args.lookbackDays : need.length, minReturns: args.minReturns });
  return window.missing.length === 0 ? { window, quotes, reference } : { window: prepared.window, quotes, reference };
}

/**
 * The engine holds one position per instrument; a portfolio may hold several (e.g. per strategy).
 * They are netted: quantities add (per-unit sensitivities are the instrument's own), the strategy is
 * the largest holding's, and the strategy group is kept only when all share it. Netted-out instruments drop.
 */
export function mergeByInstrument(positions: readonly PreTradePositionInput[]): PreTradePositionInput[] {
  const byKey = new Map<string, PreTradePositionInput[]>();
  for (const p of positions) byKey.set(p.instrumentKey, [...(byKey.get(p.instrumentKey) ?? []), p]);
  const out: PreTradePositionInput[] = [];
  for (const group of byKey.values()) {
    const first = group[0] as PreTradePositionInput;
    if (group.length === 1) { out.push(first); continue; }
    const quantity = group.reduce((q, p) => q + p.quantity, 0);
    if (quantity === 0) continue;
    const largest = group.reduce((a, b) => (Math.abs(b.quantity) > Math.abs(a.quantity) ? b : a));
    const groups = new Set(group.map((p) => p.strategyGroupId));
    out.push({ ...first, quantity, strategy: largest.strategy, strategyGroupId: groups.size === 1 ? first.strategyGroupId : null });
  }
  return out;
}
