/**
 * Historical Expected Shortfall as a POSITIVE loss fraction, with a = 1 - confidence and the
 * sorted returns x_(1) <= ... <= x_(n):
 *
 * - `acerbi-tasche` (default): -(1/(n a)) [sum_{i <= floor(n a)} x_(i) + (n a - floor(n a)) x_(floor(n a) + 1)],
 *   the mean of the worst fraction a of the empirical distribution (= fPortfolio::cvarRisk).
 * - `tail-mean`: mean of the worst k = ceil(n a) returns.
 * - `tail-mean-floor`: mean of the worst k = max(1, floor(n a)) returns.
 * - `below-type7-quantile`: mean of the returns <= the type-7 quantile (PerformanceAnalytics, cvar::ES).
 *
 * Each is computed as `loss quantile + mean excess loss beyond it` (Rockafellar-Uryasev form),
 * a sum of non-negative terms, so ES >= the matching VaR holds in floating point too, not only
 * in exact arithmetic. n a is snapped to a whole number when within 1e-12 (see snapNearInteger).
 */
import { empiricalQuantile, snapNearInteger } from './empirical-quantile.ts';

export type EsMethod = 'acerbi-tasche' | 'tail-mean' | 'tail-mean-floor' | 'below-type7-quantile';

export function historicalExpectedShortfall({
  sortedReturns,
  confidence,
  method = 'acerbi-tasche',
}: {
  sortedReturns: Float64Array;
  confidence: number;
  method?: EsMethod;
}): number {
  const n = sortedReturns.length;
  if (n === 0) throw new RangeError('expected shortfall needs at least one return');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const tailMass = snapNearInteger(n * (1 - confidence)); // n a
  switch (method) {
    case 'acerbi-tasche':
      return tailAverageBeyond(sortedReturns, Math.ceil(tailMass), tailMass);
    case 'tail-mean': {
      const k = Math.max(1, Math.ceil(tailMass));
      return tailAverageBeyond(sortedReturns, k, k);
    }
    case 'tail-mean-floor': {
      const k = Math.max(1, Math.floor(tailMass));
      return tailAverageBeyond(sortedReturns, k, k);
    }
    case 'below-type7-quantile': {
      const q = empiricalQuantile({ sorted: sortedReturns, probability: 1 - confidence, method: 'type7' });
      let excess = 0;
      let count = 0;
      for (let i = 0; i < n && sortedReturns[i]! <= q; i++) {
        excess += q - sortedReturns[i]!;
        count++;
      }
      return -q + excess / count;
    }
  }
}

/**
 * -x_(k) + (1/divisor) sum_{i<k} (x_(k) - x_(i)) (1-based k): with divisor n a and k = ceil(n a)
 * this is the Acerbi-Tasche estimator; with divisor k, the plain mean of the worst k.
 */
function tailAverageBeyond(sorted: Float64Array, k: number, divisor: number): number {
  const kk = Math.min(Math.max(k, 1), sorted.length);
  const quantile = sorted[kk - 1]!;
  let excess = 0;
  for (let i = 0; i < kk - 1; i++) excess += quantile - sorted[i]!;
  return -quantile + (excess > 0 ? excess / divisor : 0);
}
