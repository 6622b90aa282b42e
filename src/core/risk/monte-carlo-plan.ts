/**
 * Validates a MonteCarloVarRequest and derives the run's plan: the factor of the (repaired)
 * covariance scaled to the horizon, each underlying's grid range, today's option values. All
 * input problems are reported at once as INVALID_INPUT; a covariance that cannot be factored even
 * after repair is COVARIANCE_NOT_FACTORABLE.
 */
import type { InputProblem } from '../shared/input-problem.ts';
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { choleskyWithRepair } from '../stats/cholesky-with-repair.ts';
import { covarianceToCorrelation } from '../stats/covariance-matrix.ts';
import type { EsMethod } from '../stats/historical-expected-shortfall.ts';
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import { normalInvCdf } from '../stats/normal-distribution.ts';
import { studentTCdf } from '../stats/student-t-distribution.ts';
import { optionValueToday } from './monte-carlo-option-kernel.ts';
import type { MonteCarloDistribution, MonteCarloPlan, MonteCarloVarErrorCode, MonteCarloVarRequest } from './monte-carlo-types.ts';

export const DEFAULT_PATH_COUNT = 10_000;
export const DEFAULT_CONFIDENCES: readonly number[] = [0.95, 0.99];
export const PATHS_PER_BLOCK = 512;
const DEFAULT_GRID_CELLS = 64;
const DEFAULT_GRID_CHECK_WINDOW = 16;
const DEFAULT_HISTOGRAM_BINS = 60;
/** Probability of each tail beyond a grid's end, per shock (those shocks are revalued exactly). */
const GRID_TAIL_PROBABILITY = 1e-4;

/** Settings used after the paths are simulated. */
export interface SummaryOptions {
  readonly confidences: readonly number[];
  readonly gridCheckWindow: number;
  readonly histogramBins: number;
  readonly navAmount: number | null;
  readonly quantileMethod: QuantileMethod;
  readonly esMethod: EsMethod;
  readonly includePathPnl: boolean;
}

export interface PreparedMonteCarlo {
  readonly plan: MonteCarloPlan;
  readonly summary: SummaryOptions;
}

const isInt = (x: number, min: number, max: number): boolean => Number.isInteger(x) && x >= min && x <= max;

export function prepareMonteCarloPlan(request: MonteCarloVarRequest): Result<PreparedMonteCarlo, MonteCarloVarErrorCode> {
  const { book, dailyCovariance } = request;
  const u = book.underlyings.length;
  const distribution: MonteCarloDistribution = request.distribution ?? { kind: 'normal' };
  const confidences = request.confidences ?? DEFAULT_CONFIDENCES;
  const horizonDays = request.horizonDays ?? 1;
  const pathCount = request.pathCount ?? DEFAULT_PATH_COUNT;
  const seed = request.seed ?? 1;
  const gridCells = request.gridCells ?? DEFAULT_GRID_CELLS;
  const summary: SummaryOptions = {
    confidences,
    gridCheckWindow: request.gridCheckWindow ?? DEFAULT_GRID_CHECK_WINDOW,
    histogramBins: request.histogramBins ?? DEFAULT_HISTOGRAM_BINS,
    navAmount: request.navAmount ?? null,
    quantileMethod: request.quantileMethod ?? 'type7',
    esMethod: request.esMethod ?? 'acerbi-tasche',
    includePathPnl: request.includePathPnl ?? false,
  };
  const problems: InputProblem[] = [];
  const problem = (path: string, message: string): void => void problems.push({ path, message });
  if (u === 0) problem('/book/underlyings', 'at least one underlying is needed');
  if (!book.spots.every((s) => s > 0 && Number.isFinite(s))) problem('/book/spots', 'every spot must be positive and finite');
  if (dailyCovariance.length !== u * u || !dailyCovariance.every(Number.isFinite)) {
    problem('/dailyCovariance', `must hold ${u} x ${u} finite values`);
  }
  if (distribution.kind !== 'normal') {
    const min = distribution.kind === 'student-t' ? 2 : 0;
    if (!(distribution.degreesOfFreedom > min && Number.isFinite(distribution.degreesOfFreedom))) {
      problem('/distribution/degreesOfFreedom', `must be finite and > ${min} for ${distribution.kind}`);
    }
  }
  if (confidences.length === 0 || !confidences.every((c) => c > 0 && c < 1)) problem('/confidences', 'each confidence must be in (0, 1)');
  if (!(horizonDays > 0 && horizonDays <= 3650)) problem('/horizonDays', 'must be in (0, 3650]');
  if (!isInt(pathCount, 2, 100_000_000)) problem('/pathCount', 'must be an integer in [2, 1e8]');
  else if (confidences.some((c) => pathCount * (1 - c) < 1)) problem('/pathCount', 'too few paths: need pathCount x (1 - confidence) >= 1');
  if (!isInt(seed, 0, Number.MAX_SAFE_INTEGER)) problem('/seed', 'must be a non-negative safe integer');
  if (!isInt(gridCells, 8, 65_536)) problem('/gridCells', 'must be an integer in [8, 65536]');
  if (!isInt(summary.gridCheckWindow, 0, 100_000)) problem('/gridCheckWindow', 'must be an integer in [0, 100000]');
  if (!isInt(summary.histogramBins, 1, 10_000)) problem('/histogramBins', 'must be an integer in [1, 10000]');
  if (summary.navAmount !== null && !Number.isFinite(summary.navAmount)) problem('/navAmount', 'must be finite');
  if (problems.length > 0) return fail('INVALID_INPUT', 'invalid Monte Carlo VaR request', problems);

  const factor = shockFactor(dailyCovariance, u, distribution, horizonDays);
  if (!factor.ok) return factor;
  const sd = new Float64Array(u);
  for (let i = 0; i < u; i++) sd[i] = Math.sqrt(factor.value.covariance[i * u + i]! * horizonDays);
  const halfWidth = marginalTailQuantile(distribution);
  const gridLowerLogReturn = new Float64Array(u);
  const gridStepLogReturn = new Float64Array(u);
  for (let i = 0; i < u; i++) {
    gridLowerLogReturn[i] = -halfWidth * sd[i]!;
    gridStepLogReturn[i] = (2 * halfWidth * sd[i]!) / gridCells;
  }
  const optionBaseValue = new Float64Array(book.optionCount);
  let baseValue = 0;
  for (let i = 0; i < u; i++) baseValue += book.stockUnits[i]! * book.spots[i]!;
  for (let i = 0; i < book.optionCount; i++) {
    optionBaseValue[i] = optionValueToday(book, i);
    baseValue += book.optionUnits[i]! * optionBaseValue[i]!;
  }
  const plan: MonteCarloPlan = {
    book, underlyingCount: u, pathCount, pathsPerBlock: PATHS_PER_BLOCK, blockCount: Math.ceil(pathCount / PATHS_PER_BLOCK),
    seed, distribution, shockFactor: factor.value.factor,
    marginalScale: distribution.kind === 't-copula' ? sd : new Float64Array(0),
    horizonDays, agingYears: (request.ageOptions ?? true) ? horizonDays / 365 : 0,
    revaluation: request.revaluation ?? 'grid', gridCells, gridLowerLogReturn, gridStepLogReturn,
    optionBaseValue, baseValue, covarianceRepaired: factor.value.repaired,
  };
  return ok({ plan, summary });
}

/** sqrt(h) L (normal, t) or the correlation factor L_R (t copula), and the covariance used. */
function shockFactor(
  covariance: Float64Array, u: number, distribution: MonteCarloDistribution, horizonDays: number,
): Result<{ factor: Float64Array; covariance: Float64Array; repaired: boolean }, MonteCarloVarErrorCode> {
  if (distribution.kind === 't-copula') {
    for (let i = 0; i < u; i++) {
      if (!(covariance[i * u + i]! > 0)) return fail('COVARIANCE_NOT_FACTORABLE', `variance of underlying ${i} is not positive`);
    }
    const { correlation } = covarianceToCorrelation({ covariance, dimension: u });
    const r = choleskyWithRepair({ matrix: correlation, dimension: u, kind: 'correlation' });
    if (!r.ok) return fail('COVARIANCE_NOT_FACTORABLE', r.error.message, r.error.details);
    return ok({ factor: r.value.factor, covariance, repaired: r.value.repaired });
  }
  const r = choleskyWithRepair({ matrix: covariance, dimension: u, kind: 'covariance' });
  if (!r.ok) return fail('COVARIANCE_NOT_FACTORABLE', r.error.message, r.error.details);
  const scale = Math.sqrt(horizonDays);
  return ok({ factor: r.value.factor.map((x) => x * scale), covariance: r.value.matrix, repaired: r.value.repaired });
}

/** Shock size, in standard deviations of the marginal, exceeded with probability GRID_TAIL_PROBABILITY. */
function marginalTailQuantile(distribution: MonteCarloDistribution): number {
  if (distribution.kind !== 'student-t') return -normalInvCdf(GRID_TAIL_PROBABILITY);
  const df = distribution.degreesOfFreedom;
  let lo = 0;
  let hi = 1;
  while (studentTCdf(-hi, df) > GRID_TAIL_PROBABILITY) hi *= 2;
  for (let k = 0; k < 100; k++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(-mid, df) > GRID_TAIL_PROBABILITY) lo = mid;
    else hi = mid;
  }
  return hi * Math.sqrt((df - 2) / df);
}
