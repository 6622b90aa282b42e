import { buildPreTradeState, type BuildPreTradeStateInput } from '../../core/limits/pre-trade-state.ts';
import { measureLimits, type LimitMeasurement } from '../../core/limits/measure-limits.ts';
import type { RevaluationBook } from '../../core/risk/revaluation-book.ts';
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
  const loaded = await loadRiskInputs(deps, portfolioId, options.valuationDate === undefined ? {} : { valuationDate: options.valuationDate });
  if (!loaded.ok) return loaded;
  const prepared = prepareFromLoaded(deps.risk, loaded.value);
  const { book, snapshot, valuations, window } = prepared;
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
