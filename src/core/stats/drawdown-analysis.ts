/**
 * Drawdowns of the wealth index built from SIMPLE returns: W_0 = 1 on the first price date,
 * W_t = prod_{s<=t} (1 + R_s), DD_t = W_t / max_{s<=t} W_s - 1 <= 0. Index t is price row t
 * (0..n); durations are counts of return periods. Depths are positive fractions.
 */
import { compoundAnnualGrowthRate } from './performance-ratios.ts';

export interface DrawdownAnalysis {
  /** W_0..W_n (length n + 1). */
  readonly wealth: Float64Array;
  /** DD_0..DD_n, each <= 0 (the underwater curve). */
  readonly underwater: Float64Array;
  /** -min DD_t; 0 when the index never falls below a previous high. */
  readonly maxDrawdown: number;
  /** Last index <= trough where W equals the running maximum at the trough (0 if no drawdown). */
  readonly peakIndex: number;
  /** First index attaining the deepest drawdown (0 if no drawdown). */
  readonly troughIndex: number;
  /** First index after the trough with W >= W_peak; null if never recovered or no drawdown. */
  readonly recoveryIndex: number | null;
  readonly peakToTroughPeriods: number;
  /** recovery - peak; null if not recovered. */
  readonly peakToRecoveryPeriods: number | null;
  /** recovery - peak, or n - peak while still under water. */
  readonly peakToRecoveryOrEndPeriods: number;
  /** Longest episode of DD < 0 measured from its last peak to its recovery (or to n if open). */
  readonly longestUnderwaterPeriods: number;
  readonly longestUnderwaterIsOpen: boolean;
  /** Count of t in 0..n with DD_t < 0. */
  readonly underwaterCount: number;
  /** max_t (max_{s<=t} W_s - W_t): the largest fall in currency for an initial capital of 1. */
  readonly maxDrawdownAbs: number;
  /** (1/n) sum_{t=1..n} |DD_t|. */
  readonly painIndex: number;
  /** sqrt((1/n) sum_{t=1..n} DD_t^2). */
  readonly ulcerIndex: number;
  /** W_n - 1. */
  readonly totalReturn: number;
  /** totalReturn / maxDrawdown (Infinity or NaN when there is no drawdown). */
  readonly recoveryFactor: number;
}

export function drawdownAnalysis(simpleReturns: Float64Array): DrawdownAnalysis {
  const n = simpleReturns.length;
  const wealth = new Float64Array(n + 1);
  const underwater = new Float64Array(n + 1);
  wealth[0] = 1;
  let runningMax = 1;
  let minDd = 0, troughIndex = 0, maxDrawdownAbs = 0, painSum = 0, ulcerSum = 0, underwaterCount = 0;
  let longest = 0, longestIsOpen = false, episodeStartPeak = -1;
  for (let t = 1; t <= n; t++) {
    const w = wealth[t - 1]! * (1 + simpleReturns[t - 1]!);
    wealth[t] = w;
    if (w > runningMax) runningMax = w;
    const dd = w / runningMax - 1;
    underwater[t] = dd;
    if (dd < minDd) {
      minDd = dd;
      troughIndex = t;
    }
    maxDrawdownAbs = Math.max(maxDrawdownAbs, runningMax - w);
    painSum -= dd;
    ulcerSum += dd * dd;
    if (dd < 0) {
      underwaterCount++;
      if (episodeStartPeak < 0) episodeStartPeak = t - 1;
    } else if (episodeStartPeak >= 0) {
      if (t - episodeStartPeak > longest) longest = t - episodeStartPeak;
      episodeStartPeak = -1;
    }
  }
  if (episodeStartPeak >= 0 && n - episodeStartPeak > longest) {
    longest = n - episodeStartPeak;
    longestIsOpen = true;
  }

  const maxDrawdown = minDd < 0 ? -minDd : 0; // not -0
  let peakIndex = 0;
  let recoveryIndex: number | null = null;
  if (maxDrawdown > 0) {
    let peakValue = wealth[0]!;
    for (let t = 1; t <= troughIndex; t++) {
      if (wealth[t]! >= peakValue) {
        peakValue = wealth[t]!;
        peakIndex = t;
      }
    }
    for (let t = troughIndex + 1; t <= n && recoveryIndex === null; t++) if (wealth[t]! >= peakValue) recoveryIndex = t;
  }
  const totalReturn = wealth[n]! - 1;
  return {
    wealth,
    underwater,
    maxDrawdown,
    peakIndex,
    troughIndex,
    recoveryIndex,
    peakToTroughPeriods: troughIndex - peakIndex,
    peakToRecoveryPeriods: recoveryIndex === null ? null : recoveryIndex - peakIndex,
    peakToRecoveryOrEndPeriods: (recoveryIndex ?? n) - peakIndex,
    longestUnderwaterPeriods: longest,
    longestUnderwaterIsOpen: longestIsOpen,
    underwaterCount,
    maxDrawdownAbs,
    painIndex: painSum / n,
    ulcerIndex: Math.sqrt(ulcerSum / n),
    totalReturn,
    recoveryFactor: totalReturn / maxDrawdown,
  };
}

/** Calmar ratio: CAGR (periodsPerYear periods a year) / max drawdown, over the whole sample. */
export function calmarRatio({ simpleReturns, periodsPerYear }: { simpleReturns: Float64Array; periodsPerYear: number }): number {
  return compoundAnnualGrowthRate({ simpleReturns, periodsPerYear }) / drawdownAnalysis(simpleReturns).maxDrawdown;
}
