/**
 * Historical-simulation Value at Risk as a POSITIVE loss fraction: VaR = -Q(1 - confidence) of the
 * return sample, in the units of the returns (a log-return sample gives log-return units).
 * A negative value means that even the tail quantile is a gain.
 */
import { empiricalQuantile } from './empirical-quantile.ts';
import type { QuantileMethod } from './empirical-quantile.ts';

/** `sortedReturns` ascending (sort once, reuse for every confidence); `confidence` e.g. 0.99. */
export function historicalVar({
  sortedReturns,
  confidence,
  quantileMethod = 'type7',
}: {
  sortedReturns: Float64Array;
  confidence: number;
  quantileMethod?: QuantileMethod;
}): number {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return -empiricalQuantile({ sorted: sortedReturns, probability: 1 - confidence, method: quantileMethod });
}
