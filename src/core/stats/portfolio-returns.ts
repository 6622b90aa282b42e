/**
 * Portfolio simple returns from asset simple returns and weights.
 *
 * - `daily`: weights are restored every period, `R_p,t = sum_i w_i R_i,t`.
 * - `buy-and-hold`: holdings bought at the first price date and never traded:
 *   `V_t = sum_i w_i prod_{s<=t} (1 + R_i,s)`, `R_p,t = V_t / V_{t-1} - 1`; the weights drift.
 *
 * For a portfolio log return take `simpleToLogReturns` of the result, never weighted log returns.
 */
export type Rebalance = 'daily' | 'buy-and-hold';

export interface PortfolioReturns {
  /** Portfolio simple returns, one per period. */
  readonly simpleReturns: Float64Array;
  /** Weights (summing to 1) after the last period: the target weights for `daily`. */
  readonly endWeights: Float64Array;
}

/**
 * `assetReturns[i]` is asset i's simple-return series (all of the same length); `weights[i]` its
 * weight. Weights are normalised to sum 1 (a zero sum is a bug of the caller: it throws).
 */
export function portfolioReturns({
  assetReturns,
  weights,
  rebalance,
}: {
  assetReturns: readonly Float64Array[];
  weights: Float64Array;
  rebalance: Rebalance;
}): PortfolioReturns {
  const assets = assetReturns.length;
  if (assets === 0 || weights.length !== assets) throw new RangeError('one weight per asset series is required');
  const periods = assetReturns[0]!.length;
  if (assetReturns.some((r) => r.length !== periods)) throw new RangeError('asset return series differ in length');
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  if (!(Math.abs(weightSum) > 0)) throw new RangeError('weights must not sum to zero');
  const target = weights.map((w) => w / weightSum);
  const out = new Float64Array(periods);

  if (rebalance === 'daily') {
    for (let i = 0; i < assets; i++) {
      const r = assetReturns[i]!;
      const w = target[i]!;
      for (let t = 0; t < periods; t++) out[t]! += w * r[t]!;
    }
    return { simpleReturns: out, endWeights: target };
  }

  // buy-and-hold: holdings[i] is the value of asset i's position, starting at its weight
  const holdings = target.slice();
  let value = 1;
  for (let t = 0; t < periods; t++) {
    let next = 0;
    for (let i = 0; i < assets; i++) {
      const h = holdings[i]! * (1 + assetReturns[i]![t]!);
      holdings[i] = h;
      next += h;
    }
    out[t] = next / value - 1;
    value = next;
  }
  return { simpleReturns: out, endWeights: holdings.map((h) => h / value) };
}
