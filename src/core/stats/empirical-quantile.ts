/**
 * Empirical quantiles of a sorted sample (ascending, no NaN).
 *
 * - `type7` (default): linear interpolation between order statistics, R type 7 = numpy 'linear'
 *   = Excel PERCENTILE.INC: h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 * - `type1`: inverse empirical CDF, x_(ceil(n p)) 1-based (R type 1, numpy 'inverted_cdf').
 * - `floor-index`: x[floor(n p)] 0-based; equals type 1 unless n p is whole (the rule of the
 *   shared benchmark peers).
 */
export type QuantileMethod = 'type7' | 'type1' | 'floor-index';

const SNAP_RELATIVE = 1e-12;

/**
 * `x` rounded to the nearest integer when it is within 1e-12 (relative) of it: n p is often meant
 * to be whole but is not in binary (1 - 0.99 = 0.010000000000000009, so 1000 (1 - 0.99) is not 10).
 */
export function snapNearInteger(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= SNAP_RELATIVE * Math.max(1, Math.abs(x)) ? r : x;
}

/** A sorted (ascending) copy; NaN would sort last, so callers reject NaN first. */
export function sortAscending(x: Float64Array): Float64Array {
  return Float64Array.from(x).sort();
}

/** Quantile at `probability` in [0, 1] of `sorted` (ascending, length >= 1). */
export function empiricalQuantile({
  sorted,
  probability,
  method = 'type7',
}: {
  sorted: Float64Array;
  probability: number;
  method?: QuantileMethod;
}): number {
  const n = sorted.length;
  if (n === 0 || !(probability >= 0 && probability <= 1)) {
    throw new RangeError(`quantile needs a non-empty sample and a probability in [0, 1], got n=${n}, p=${probability}`);
  }
  switch (method) {
    case 'type7': {
      const h = snapNearInteger((n - 1) * probability);
      const lo = Math.floor(h);
      const below = sorted[lo]!;
      if (lo >= n - 1) return below;
      const above = sorted[lo + 1]!;
      // clamped so that rounding never lifts the value above the next order statistic: keeps Q monotone in p
      return Math.min(above, below + (h - lo) * (above - below));
    }
    case 'type1': {
      const k = Math.ceil(snapNearInteger(n * probability)); // 1-based order statistic
      return sorted[Math.max(k, 1) - 1]!;
    }
    case 'floor-index':
      return sorted[Math.min(Math.floor(snapNearInteger(n * probability)), n - 1)]!;
  }
}
