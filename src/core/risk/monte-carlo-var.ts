/**
 * Monte Carlo VaR and ES of a book of stocks and options by full revaluation, in one thread.
 * (src/adapters/compute runs the same steps on a worker pool, with identical results.)
 *
 *   1. prepareMonteCarloPlan: validate, factor Sigma (daily log-return covariance) and scale it
 *      to the horizon (Sigma x horizonDays, square-root-of-time), grid ranges, today's values;
 *   2. grid mode: price each underlying's options on its log-spot grid (monte-carlo-grid.ts);
 *   3. simulate the paths block by block, one RNG stream per block of 512 paths, and revalue
 *      each path (grid interpolation or exact pricing; stocks exactly, netted per underlying);
 *   4. grid mode: revalue the paths around each VaR order statistic exactly (gridError);
 *   5. VaR / ES / standard errors / histogram of the path P&L.
 *
 * P&L of a path = value at the horizon (spot S e^x, options aged horizonDays / 365 years unless
 * ageOptions is false, vols / rates / dividends unchanged) minus today's value.
 */
import { fail, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { RNG_ALGORITHM } from '../stats/xoshiro256-star-star.ts';
import { buildRevaluationGrid, gridTableLength } from './monte-carlo-grid.ts';
import type { RankRange } from './monte-carlo-grid-check.ts';
import { gridCheckWindows, gridErrorReport, tailRanksNeeded } from './monte-carlo-grid-check.ts';
import { partialSortAscending } from './monte-carlo-order-statistics.ts';
import { createPathContext, exactPnlOfRows, simulatePathBlocks } from './monte-carlo-paths.ts';
import { prepareMonteCarloPlan } from './monte-carlo-plan.ts';
import type { PreparedMonteCarlo } from './monte-carlo-plan.ts';
import { summarizePathPnl } from './monte-carlo-statistics.ts';
import type { TailPaths } from './monte-carlo-tail-paths.ts';
import { createTailPathStore, tailPathsOf, tailRowsAtRanks } from './monte-carlo-tail-paths.ts';
import type { MonteCarloDistribution, MonteCarloVarErrorCode, MonteCarloVarRequest, MonteCarloVarResult } from './monte-carlo-types.ts';

export function monteCarloVar(request: MonteCarloVarRequest): Result<MonteCarloVarResult, MonteCarloVarErrorCode> {
  const prepared = prepareMonteCarloPlan(request);
  if (!prepared.ok) return prepared;
  const { plan } = prepared.value;
  const d = plan.underlyingCount;
  const context = createPathContext(plan);
  let grid: Float64Array | null = null;
  if (plan.revaluation === 'grid') {
    grid = new Float64Array(gridTableLength(plan));
    buildRevaluationGrid({ plan, kernel: context.kernel, onGrid: context.onGrid, underlyingFrom: 0, underlyingTo: d, table: grid });
  }
  const keep = gridCheckKeep(prepared.value);
  const tail = keep > 0 ? createTailPathStore({ keep, dimension: d }) : null;
  const pnl = new Float64Array(plan.pathCount);
  const shocksOutsideGrid = simulatePathBlocks({ context, grid, blockFrom: 0, blockTo: plan.blockCount, out: pnl, tail });
  let check: GridCheck | null = null;
  if (tail !== null) {
    const { windows, rows } = planGridCheck({ prepared: prepared.value, tails: [tailPathsOf(tail)] });
    const exactPnl = new Float64Array(rows.length / d);
    exactPnlOfRows({ context, rows, out: exactPnl });
    check = { windows, exactPnl };
  }
  return assembleMonteCarloResult({ prepared: prepared.value, optionsOffGrid: context.offGrid.length, pnl, shocksOutsideGrid, check });
}

export interface GridCheck {
  readonly windows: readonly RankRange[];
  /** Exact P&L of the windows' paths, window by window, in rank order. */
  readonly exactPnl: Float64Array;
}

/** How many of the worst paths (with shocks) the grid check needs: through its last rank; 0 = no check. */
export function gridCheckKeep({ plan, summary }: PreparedMonteCarlo): number {
  if (plan.revaluation !== 'grid' || summary.gridCheckWindow === 0) return 0;
  const windows = gridCheckWindows({
    pathCount: plan.pathCount, confidences: summary.confidences, quantileMethod: summary.quantileMethod, window: summary.gridCheckWindow,
  });
  return Math.max(...windows.map((w) => w.last)) + 1;
}

/** The rank windows to check and their paths' shocks, from the tail paths kept by each thread. */
export function planGridCheck({ prepared, tails }: { prepared: PreparedMonteCarlo; tails: readonly TailPaths[] }): { windows: RankRange[]; rows: Float64Array } {
  const { plan, summary } = prepared;
  const windows = gridCheckWindows({
    pathCount: plan.pathCount, confidences: summary.confidences, quantileMethod: summary.quantileMethod, window: summary.gridCheckWindow,
  });
  return { windows, rows: tailRowsAtRanks({ parts: tails, ranges: windows, dimension: plan.underlyingCount }) };
}

/** Step 5: the result from the path P&L (index order). */
export function assembleMonteCarloResult({
  prepared,
  optionsOffGrid,
  pnl,
  shocksOutsideGrid,
  check,
}: {
  prepared: PreparedMonteCarlo;
  /** Options revalued exactly on every path in grid mode. */
  optionsOffGrid: number;
  pnl: Float64Array;
  shocksOutsideGrid: number;
  check: GridCheck | null;
}): Result<MonteCarloVarResult, MonteCarloVarErrorCode> {
  const { plan, summary } = prepared;
  let invalid = 0;
  for (let p = 0; p < pnl.length; p++) if (!Number.isFinite(pnl[p]!)) invalid++;
  if (invalid > 0) {
    return fail('MONTE_CARLO_COMPUTE_FAILED', `${invalid} paths have a non-finite P&L (a pricing method undefined for the inputs)`, { invalidPaths: invalid });
  }
  const head = tailRanksNeeded({
    pathCount: plan.pathCount, confidences: summary.confidences, quantileMethod: summary.quantileMethod,
    window: check === null ? 0 : summary.gridCheckWindow,
  });
  const sortedPnl = partialSortAscending(pnl, head);
  const nav = summary.navAmount === null
    ? { amount: plan.baseValue, source: 'book-market-value' as const }
    : { amount: summary.navAmount, source: 'request' as const };
  const stats = summarizePathPnl({
    sortedPnl, confidences: summary.confidences, navAmount: nav.amount,
    quantileMethod: summary.quantileMethod, esMethod: summary.esMethod, histogramBins: summary.histogramBins,
  });
  const gridError = check === null
    ? null
    : gridErrorReport({
      partiallySortedPnl: sortedPnl, windows: check.windows, exactPnl: check.exactPnl, confidences: summary.confidences,
      quantileMethod: summary.quantileMethod, gridVar: stats.var.map((v) => v.amount),
    });
  const result: MonteCarloVarResult = {
    method: 'monte-carlo-full-revaluation',
    seed: plan.seed,
    pathCount: plan.pathCount,
    distribution: plan.distribution,
    horizonDays: plan.horizonDays,
    ageOptions: plan.agingYears > 0,
    revaluation: plan.revaluation,
    conventions: conventions(prepared),
    baseValue: plan.baseValue,
    nav,
    var: stats.var,
    expectedShortfall: stats.expectedShortfall,
    pnl: stats.pnl,
    histogram: stats.histogram,
    gridError,
    gridFallback: plan.revaluation === 'grid' ? { shocksOutsideGrid, optionsOffGrid } : null,
    covarianceRepaired: plan.covarianceRepaired,
  };
  return ok(summary.includePathPnl ? { ...result, pathPnl: pnl } : result);
}

function describeDistribution(d: MonteCarloDistribution): string {
  switch (d.kind) {
    case 'normal':
      return 'multivariate normal, zero mean, covariance Sigma x horizonDays';
    case 'student-t':
      return `multivariate Student-t, df ${d.degreesOfFreedom}, scale matrix Sigma (df - 2) / df so that the covariance is Sigma x horizonDays`;
    case 't-copula':
      return `Student-t copula, df ${d.degreesOfFreedom}, dispersion = correlation of Sigma; normal marginals N(0, Sigma_uu x horizonDays)`;
  }
}

function conventions({ plan, summary }: PreparedMonteCarlo): Record<string, string> {
  return {
    shocks: 'zero-mean log returns x of each underlying, spot S exp(x); vols, rates and dividend yields unchanged',
    distribution: describeDistribution(plan.distribution),
    horizon: `${plan.horizonDays} day(s): daily covariance scaled by horizonDays (square-root-of-time); options aged ${plan.agingYears > 0 ? 'horizonDays / 365 years (Act/365F)' : 'not at all (ageOptions false)'}`,
    revaluation: plan.revaluation === 'grid'
      ? `grid: per underlying, options priced on ${plan.gridCells} cells in log spot (cubic Hermite, 4th-order slopes), exact outside the grid`
      : 'exact: every option priced on every path',
    pricing: 'European: Black-Scholes-Merton; American: Bjerksund-Stensland (2002); stocks netted per underlying, exact',
    var: `positive loss, quantile ${summary.quantileMethod} of the path P&L`,
    expectedShortfall: summary.esMethod,
    standardError: 'VaR: binomial order-statistic 95 % interval, half-width / 1.96; ES: asymptotic tail-mean formula',
    rng: `${RNG_ALGORITHM}, block b of ${plan.pathsPerBlock} paths uses the seed's generator jumped b times (2^128 steps each); ziggurat normals; Marsaglia-Tsang chi-squared`,
  };
}
