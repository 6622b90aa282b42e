import { buildPreTradeState, type BuildPreTradeStateInput } from '../../core/limits/pre-trade-state.ts';
import { measureLimits, type LimitMeasurement } from '../../core/limits/measure-limits.ts';
import type { RevaluationBook } from '../../core/risk/revaluation-book.ts';
import type { PositionValuation } from '../../core/risk/position-valuation.ts';
import { isCalendarDate } from '../../core/shared/calendar-date.ts';
import { INVALID_INPUT } from '../../core/shared/input-problem.ts';
import { fail, ok, type Result } from '../../core/shared/result.ts';
import { covarianceMatrix } from '../../core/stats/covariance-matrix.ts';
import type { LiquidityMarket, StockPositionList, StressMarket } from '../../core/stress/index.ts';
import { loadLimitSet } from '../limits/limit-set.ts';
import { inProcessCycleComputer } from '../risk/compute-cycle.ts';
import { loadRiskInputs, prepareFromLoaded, type LoadedRiskInputs, type PreparedWithSnapshot } from '../risk/compute-risk-report.ts';
import type { GateContext, RiskEngineDeps } from '../risk/risk-engine-types.ts';

/** The portfolio's limits state for stressed-limit checks, aligned with the stress book. */
export interface StressLimitState {
  readonly input: BuildPreTradeStateInput;
  /** The stress book with optionPosition re-pointed at `input.positions` (netted per instrument). */
  readonly book: RevaluationBook;
  /** Limits already breached before any shock (so results can say which breaches are new). */
  readonly breachedBefore: ReadonlySet<string>;
}

/** Everything a stress run needs, computed once from the portfolio and its market snapshot. */
export interface StressInputs {
  readonly prepared: PreparedWithSnapshot;
  readonly book: RevaluationBook;
  readonly market: StressMarket;
  readonly stockPositions: StockPositionList;
  readonly liquidityMarket: LiquidityMarket;
  /** Daily log-return covariance in book order; null when some underlying lacks history. */
  readonly dailyCovariance: Float64Array | null;
  /** Beta of each underlying (book order): reference data, else 1. */
  readonly betas: Float64Array;
  readonly limitState: Result<StressLimitState>;
}

export const STRESS_MARKET_CONVENTIONS = {
  beta: 'reference-data beta of each underlying; 1 when none is known',
  sector: 'reference-data sector of the underlying, else the position sector, else Unclassified',
  dailyLogReturnSd: 'sample sd (n-1) of daily log returns over the risk lookback',
  averageDailyVolume: 'reference-data ADV in shares; unknown ADV puts the underlying in the illiquid bucket',
} as const;

/**
 * Values the portfolio (optionally as of a past valuation date) and lays out the stress inputs:
 * the revaluation book, sectors, betas, daily vols and covariance, stock positions one by one, ADV,
 * and the limits state (built as the pre-trade gate builds it) for the breach checks, unless
 * `withLimits` is false.
 */
export async function prepareStressInputs(deps: RiskEngineDeps, portfolioId: string, options: { valuationDate?: string; withLimits?: boolean } = {}): Promise<Result<StressInputs>> {
  const date = valuationDateProblem(deps.clock.now(), options.valuationDate);
  if (date !== null) return date;
  const loaded = await loadRiskInputs(deps, portfolioId, options.valuationDate === undefined ? {} : { valuationDate: options.valuationDate });
  if (!loaded.ok) return loaded;
  const prepared = prepareFromLoaded(deps.risk, loaded.value);
  const { book, snapshot, valuations, window } = prepared;
  const unvalued = noValuedPositions(prepared.valuations, portfolioId, options.valuationDate);
  if (unvalued !== null) return unvalued;
  const names = book.underlyings;
  const sectorOfPosition = new Map<string, string>();
  for (const v of valuations) if (v.status === 'ok' && !sectorOfPosition.has(v.underlying)) sectorOfPosition.set(v.underlying, v.sector);
  const sectors = names.map((u) => snapshot.reference.get(u)?.sector ?? sectorOfPosition.get(u) ?? 'Unclassified');
  const betas = Float64Array.from(names, (u) => snapshot.reference.get(u)?.beta ?? 1);
  const adv = Float64Array.from(names, (u) => snapshot.reference.get(u)?.averageDailyVolume ?? Number.NaN);

  const column = new Map(window.symbols.map((s, i) => [s, i]));
  const W = window.symbols.length;
  const T = window.dates.length;
  const windowCov = W === 0 || T < 2 ? null : covarianceMatrix({ returns: { values: window.logReturns, rows: T, columns: W } });
  const dailyLogReturnSd = Float64Array.from(names, (u) => {
    const i = column.get(u);
    return i === undefined || windowCov === null ? Number.NaN : Math.sqrt(Math.max(0, windowCov[i * W + i]!));
  });
  let dailyCovariance: Float64Array | null = null;
  if (windowCov !== null && names.every((u) => column.has(u))) {
    const U = names.length;
    dailyCovariance = new Float64Array(U * U);
    for (let a = 0; a < U; a++) for (let b = 0; b < U; b++) dailyCovariance[a * U + b] = windowCov[column.get(names[a]!)! * W + column.get(names[b]!)!]!;
  }

  const index = new Map(names.map((u, i) => [u, i]));
  const stock = valuations.flatMap((v, k) => (v.status === 'ok' && v.assetClass === 'equity' ? [{ u: index.get(v.underlying)!, units: v.quantity, k }] : []));
  const stockPositions: StockPositionList = {
    underlying: Int32Array.from(stock, (s) => s.u), units: Float64Array.from(stock, (s) => s.units), position: Int32Array.from(stock, (s) => s.k),
  };
  return ok({
    prepared, book, betas, dailyCovariance, stockPositions,
    market: { sectors, betas, dailyLogReturnSd },
    liquidityMarket: { averageDailyVolumeShares: adv, participationRate: deps.risk.liquidity.participationRate },
    limitState: options.withLimits === false ? fail('NOT_REQUESTED', 'limits were not loaded') : await limitStateFor(deps, prepared, loaded.value),
  });
}

/**
 * The gate's state input for the portfolio, built as a risk cycle builds it (report with the hybrid
 * VaR, then buildGateStateInput), on the report computer's thread (a worker in production).
 */
async function limitStateFor(deps: RiskEngineDeps, prepared: PreparedWithSnapshot, loaded: LoadedRiskInputs): Promise<Result<StressLimitState>> {
  const set = await loadLimitSet(deps.storage, prepared.portfolio.id, deps.clock.now().getTime());
  const gate: GateContext = {
    limits: set.limits, limitsVersion: set.version, validUntilMs: set.validUntilMs, tradingState: 'ACTIVE',
    universe: { quotes: [], history: new Map(), reference: [] }, lookbackDays: deps.risk.lookbackDays, minReturns: deps.risk.minHistoryReturns,
  };
  const computer = deps.computer ?? inProcessCycleComputer(deps.monteCarlo);
  const { gateInput } = await computer.compute({ settings: deps.risk, now: deps.clock.now().toISOString(), inputs: loaded, gate, options: { method: 'hybrid' }, reportAs: 'none' });
  const input = gateInput ?? fail('RISK_STATE_INCOMPLETE', 'no limits state was built');
  if (!input.ok) return input;
  const slot = new Map(input.value.positions.map((p, i) => [p.instrumentKey, i]));
  const { book, valuations } = prepared;
  const optionPosition = new Int32Array(book.optionCount);
  for (let j = 0; j < book.optionCount; j++) {
    const v = valuations[book.optionPosition[j]!];
    const at = v === undefined ? undefined : slot.get(v.instrumentKey);
    if (at === undefined) return fail('RISK_STATE_INCOMPLETE', `option position ${v?.positionId ?? j} has no place in the limits state`);
    optionPosition[j] = at;
  }
  const state = buildPreTradeState(input.value);
  if (!state.ok) return fail('RISK_STATE_INCOMPLETE', state.error.message, state.error.details);
  const breachedBefore = new Set(measureLimits({ state: state.value }).filter((m) => m.breached).map(breachKey));
  return ok({ input: input.value, book: { ...book, optionPosition }, breachedBefore });
}

/** One measurement's identity: the limit and the scope cell it was measured on. */
export const breachKey = (m: LimitMeasurement): string => `${m.limitId}|${JSON.stringify(m.scope)}`;

/** How a stress request treats its valuation date and a book it cannot value (ADR 0006). */
export const STRESS_INPUT_RULES = {
  valuationDate: 'a calendar date, today (UTC, by the service clock) or earlier; the book is valued at that date\'s closes',
  noValuedPositions: 'a portfolio with positions none of which can be valued is refused (NO_VALUED_POSITIONS, 422) and nothing is stored',
  someUnvalued: 'positions that cannot be valued are left out and listed in issues with their codes (incomplete: true)',
  noPositions: 'a portfolio without positions (cash only) has a stress P&L of 0: the answer says so with the issue NO_POSITIONS; reverse stress refuses it (NO_MARKET_RISK, 422)',
} as const;


function valuationDateProblem(now: Date, valuationDate: string | undefined): Result<never> | null {
  if (valuationDate === undefined) return null;
  if (!isCalendarDate(valuationDate)) {
    return fail(INVALID_INPUT, `valuationDate "${valuationDate}" is not a calendar date`, [{ path: '/valuationDate', message: 'must be a calendar date YYYY-MM-DD' }]);
  }
  const today = now.toISOString().slice(0, 10);
  if (valuationDate > today) {
    return fail(INVALID_INPUT, `valuationDate ${valuationDate} is in the future (today is ${today}, UTC); a stress test values the book at known prices`,
      [{ path: '/valuationDate', message: `must be ${today} or earlier` }]);
  }
  return null;
}

function noValuedPositions(valuations: readonly PositionValuation[], portfolioId: string, valuationDate: string | undefined): Result<never> | null {
  if (valuations.length === 0 || valuations.some((v) => v.status === 'ok')) return null;
  const counts = new Map<string, number>();
  const details = valuations.flatMap((v) => {
    if (v.status === 'ok') return [];
    counts.set(v.error.code, (counts.get(v.error.code) ?? 0) + 1);
    return [{ code: v.error.code, scope: v.positionId, message: v.error.message }];
  });
  const codes = [...counts].map(([code, n]) => `${code} x${n}`).join(', ');
  return fail('NO_VALUED_POSITIONS',
    `none of the ${valuations.length} position(s) of portfolio "${portfolioId}" could be valued${valuationDate === undefined ? '' : ` as of ${valuationDate}`} (${codes}); nothing was run or stored`,
    details);
}

/** The note a cash-only portfolio's stress answers carry. */
export const NO_POSITIONS_ISSUE = (portfolioId: string) => ({
  code: 'NO_POSITIONS', scope: portfolioId, message: `portfolio "${portfolioId}" holds no positions: no market move changes its value (cash only), so every stress P&L is 0`,
});
