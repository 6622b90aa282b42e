/**
 * VaR, ES, their standard errors and a histogram from the path P&L vector (positive = gain).
 *
 * - VaR_c = -Q(1 - c) of the path P&L with the request's quantile rule (type 7 by default).
 * - ES_c by historicalExpectedShortfall (Acerbi-Tasche by default).
 * - Standard error of VaR: distribution-free, from the binomial law of order statistics. The
 *   number of paths below the true (1 - c) quantile is Binomial(n, p), p = 1 - c, so
 *   [x_(l), x_(u)] with l, u = n p -+ 1.96 sqrt(n p (1 - p)) (1-based, rounded outwards) covers
 *   it with ~95 % probability; the standard error is the interval's half-width / 1.96.
 * - Standard error of ES: sqrt((Var(L | L >= VaR) + c (ES - VaR)^2) / (n p)), the asymptotic
 *   variance of the tail-mean estimator (tail moments from the worst ceil(n p) paths).
 */
import { empiricalQuantile } from '../stats/empirical-quantile.ts';
import type { EsMethod } from '../stats/historical-expected-shortfall.ts';
import { historicalExpectedShortfall } from '../stats/historical-expected-shortfall.ts';
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import type { EsEstimate, PnlHistogram, VarEstimate } from './monte-carlo-types.ts';

const Z95 = 1.959963984540054;

export interface PnlSummary {
  readonly var: VarEstimate[];
  readonly expectedShortfall: EsEstimate[];
  readonly pnl: { mean: number; standardDeviation: number; min: number; max: number };
  readonly histogram: PnlHistogram;
}

/**
 * `sortedPnl` need only be sorted over its lowest ranks: through the upper end of every VaR's
 * interval and the ES tail (tailRanksNeeded, monte-carlo-grid-check.ts); see partialSortAscending.
 */
export function summarizePathPnl({
  sortedPnl,
  confidences,
  navAmount,
  quantileMethod,
  esMethod,
  histogramBins,
}: {
  sortedPnl: Float64Array;
  confidences: readonly number[];
  navAmount: number;
  quantileMethod: QuantileMethod;
  esMethod: EsMethod;
  histogramBins: number;
}): PnlSummary {
  const fraction = (amount: number): number | null => (navAmount > 0 ? amount / navAmount : null);
  const varEstimates = confidences.map((confidence): VarEstimate => {
    const amount = 0 - empiricalQuantile({ sorted: sortedPnl, probability: 1 - confidence, method: quantileMethod }); // 0 - x: no -0
    const interval = orderStatisticInterval(sortedPnl, 1 - confidence);
    return {
      confidence, amount, fractionOfNav: fraction(amount),
      standardError: (interval.upper - interval.lower) / (2 * Z95),
      interval95: interval,
    };
  });
  const esEstimates = confidences.map((confidence, k): EsEstimate => {
    const amount = historicalExpectedShortfall({ sortedReturns: sortedPnl, confidence, method: esMethod });
    const varAmount = varEstimates[k]!.amount;
    return { confidence, amount, fractionOfNav: fraction(amount), standardError: esStandardError(sortedPnl, confidence, amount, varAmount) };
  });
  const pnl = moments(sortedPnl);
  return { var: varEstimates, expectedShortfall: esEstimates, pnl, histogram: histogram(sortedPnl, pnl.min, pnl.max, histogramBins) };
}

/** 95 % interval of the loss quantile at tail probability p, as positive losses (lower <= upper). */
function orderStatisticInterval(sorted: Float64Array, p: number): { lower: number; upper: number } {
  const n = sorted.length;
  const half = Z95 * Math.sqrt(n * p * (1 - p));
  const lo = Math.min(Math.max(Math.floor(n * p - half), 1), n); // 1-based
  const hi = Math.min(Math.max(Math.ceil(n * p + half), 1), n);
  return { lower: -sorted[hi - 1]!, upper: -sorted[lo - 1]! };
}

function esStandardError(sorted: Float64Array, confidence: number, es: number, varAmount: number): number {
  const n = sorted.length;
  const p = 1 - confidence;
  const k = Math.max(1, Math.ceil(n * p));
  let mean = 0;
  for (let i = 0; i < k; i++) mean += -sorted[i]!;
  mean /= k;
  let ss = 0;
  for (let i = 0; i < k; i++) ss += (-sorted[i]! - mean) ** 2;
  const tailVariance = k > 1 ? ss / (k - 1) : 0;
  return Math.sqrt((tailVariance + confidence * (es - varAmount) ** 2) / (n * p));
}

function moments(x: Float64Array): PnlSummary['pnl'] {
  const n = x.length;
  let mean = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    mean += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i]! - mean) ** 2;
  return { mean, standardDeviation: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max };
}

/** Equal-width bins over [min, max] (the last bin closed); `x` in any order. */
function histogram(x: Float64Array, min: number, max: number, bins: number): PnlHistogram {
  const n = x.length;
  let lo = min;
  let hi = max;
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(Math.floor((x[i]! - lo) / width), bins - 1);
    counts[Math.max(b, 0)]!++;
  }
  return { edges, counts };
}
