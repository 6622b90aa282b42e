/**
 * Measures the grid's error on the run's own paths. The worst paths are kept with their shocks
 * while they are simulated (monte-carlo-tail-paths.ts); those ranked within `window` of each VaR
 * order statistic are revalued exactly, which gives
 *
 * - the largest |grid P&L - exact P&L| over the checked paths, and
 * - the exact VaR on the same paths: the checked paths' exact values, sorted, replace their ranks
 *   in the sorted grid P&L. This equals the VaR of a full exact revaluation as long as no
 *   unchecked path crosses a VaR order statistic, which holds when every path's error is below
 *   the measured maximum and the window's neighbours are further than that from the order
 *   statistic (reported as `windowCoversError`).
 */
import { empiricalQuantile, snapNearInteger } from '../stats/empirical-quantile.ts';
import type { QuantileMethod } from '../stats/empirical-quantile.ts';
import type { GridErrorReport } from './monte-carlo-types.ts';

const Z95 = 1.959963984540054;

/** 0-based ranks [first, last] in the sorted P&L. */
export interface RankRange {
  readonly first: number;
  readonly last: number;
}

/** Ranks of the order statistics the VaR at `confidence` reads (as empiricalQuantile does). */
export function varRanks({ pathCount: n, confidence, quantileMethod: method }: { pathCount: number; confidence: number; quantileMethod: QuantileMethod }): RankRange {
  const p = 1 - confidence;
  if (method === 'type7') {
    const lo = Math.floor(snapNearInteger((n - 1) * p));
    return { first: lo, last: Math.min(lo + 1, n - 1) };
  }
  const np = snapNearInteger(n * p);
  const k = method === 'type1' ? Math.max(Math.ceil(np), 1) - 1 : Math.floor(np);
  const r = Math.min(Math.max(k, 0), n - 1);
  return { first: r, last: r };
}

/**
 * How many of the lowest order statistics the summary and the check read: the VaR ranks plus the
 * check window and one neighbour, the upper end of the VaR's 95 % order-statistic interval, and
 * the ES tail.
 */
export function tailRanksNeeded({
  pathCount: n,
  confidences,
  quantileMethod,
  window,
}: {
  pathCount: number;
  confidences: readonly number[];
  quantileMethod: QuantileMethod;
  window: number;
}): number {
  let need = 1;
  for (const c of confidences) {
    const p = 1 - c;
    need = Math.max(need, varRanks({ pathCount: n, confidence: c, quantileMethod }).last + window + 2, Math.ceil(n * p + Z95 * Math.sqrt(n * p * (1 - p))) + 1, Math.ceil(n * p) + 1);
  }
  return Math.min(need, n);
}

/** Rank windows around every VaR order statistic, merged where they overlap. */
export function gridCheckWindows({
  pathCount: n,
  confidences,
  quantileMethod,
  window,
}: {
  pathCount: number;
  confidences: readonly number[];
  quantileMethod: QuantileMethod;
  window: number;
}): RankRange[] {
  const ranges = confidences
    .map((c) => varRanks({ pathCount: n, confidence: c, quantileMethod }))
    .map((r) => ({ first: Math.max(r.first - window, 0), last: Math.min(r.last + window, n - 1) }))
    .sort((a, b) => a.first - b.first);
  const merged: RankRange[] = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    if (prev !== undefined && r.first <= prev.last + 1) merged[merged.length - 1] = { first: prev.first, last: Math.max(prev.last, r.last) };
    else merged.push(r);
  }
  return merged;
}

export function gridErrorReport({
  partiallySortedPnl,
  windows,
  exactPnl,
  confidences,
  quantileMethod,
  gridVar,
}: {
  /** Grid P&L whose lowest ranks (through every window and one beyond) are sorted ascending. */
  partiallySortedPnl: Float64Array;
  windows: readonly RankRange[];
  /** Exact P&L of the windows' paths, window by window, in rank order. */
  exactPnl: Float64Array;
  confidences: readonly number[];
  quantileMethod: QuantileMethod;
  /** The grid run's VaR per confidence (same order). */
  gridVar: readonly number[];
}): GridErrorReport {
  const grid = partiallySortedPnl;
  const n = grid.length;
  const patched = Float64Array.from(grid);
  let maxAbsError = 0;
  let k = 0;
  for (const w of windows) {
    const exact = exactPnl.slice(k, k + w.last - w.first + 1);
    for (let r = w.first; r <= w.last; r++) maxAbsError = Math.max(maxAbsError, Math.abs(grid[r]! - exactPnl[k + r - w.first]!));
    patched.set(exact.sort(), w.first);
    k += w.last - w.first + 1;
  }
  let covers = true;
  for (const c of confidences) {
    const r = varRanks({ pathCount: n, confidence: c, quantileMethod });
    const w = windows.find((x) => x.first <= r.first && r.last <= x.last);
    if (w === undefined) throw new RangeError(`no check window holds the VaR ranks of confidence ${c}`);
    // a path outside the window moves by at most maxAbsError (assumed): it must not pass the order statistic
    if (w.first > 0 && !(grid[w.first - 1]! + maxAbsError < patched[r.first]!)) covers = false;
    if (w.last < n - 1 && !(grid[w.last + 1]! - maxAbsError > patched[r.last]!)) covers = false;
  }
  return {
    method: 'exact full revaluation of the paths ranked within the check window of each VaR order statistic, on their own shocks',
    checkedPathCount: exactPnl.length,
    maxAbsErrorPerPath: maxAbsError,
    var: confidences.map((confidence, i) => {
      const exactAmount = -empiricalQuantile({ sorted: patched, probability: 1 - confidence, method: quantileMethod });
      const gridAmount = gridVar[i]!;
      const difference = gridAmount - exactAmount;
      return { confidence, gridAmount, exactAmount, difference, relativeDifference: exactAmount !== 0 ? difference / Math.abs(exactAmount) : difference === 0 ? 0 : null };
    }),
    windowCoversError: covers,
  };
}
