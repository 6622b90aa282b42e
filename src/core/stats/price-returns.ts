/**
 * Period returns from a price series (oldest first). Prices must be positive and finite; that is
 * checked where data enters (see analyze-returns-input.ts), not here.
 */

/** Which return a series holds: simple `P_t / P_{t-1} - 1` or log `ln(P_t / P_{t-1})`. */
export type ReturnKind = 'simple' | 'log';

/** Simple returns `R_t = P_t / P_{t-1} - 1`, t = 1..n (length n for n + 1 prices). */
export function simpleReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(prices.length - 1, 0));
  for (let t = 1; t < prices.length; t++) out[t - 1] = prices[t]! / prices[t - 1]! - 1;
  return out;
}

/** Log returns `ln(P_t / P_{t-1})`, t = 1..n. */
export function logReturns(prices: Float64Array): Float64Array {
  const out = new Float64Array(Math.max(prices.length - 1, 0));
  for (let t = 1; t < prices.length; t++) out[t - 1] = Math.log(prices[t]! / prices[t - 1]!);
  return out;
}

/**
 * Log returns `ln(1 + R_t)` of a simple-return series: the only correct log return of a
 * portfolio (a weighted sum of asset log returns is not the portfolio's log return).
 */
export function simpleToLogReturns(simple: Float64Array): Float64Array {
  const out = new Float64Array(simple.length);
  for (let t = 0; t < simple.length; t++) out[t] = Math.log1p(simple[t]!);
  return out;
}
