/**
 * Sample and population moments of a return series, two-pass (mean first, then central sums)
 * for accuracy. Definitions follow `metric_definitions` in test/support/reference-cases.json.
 */
export interface Moments {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation, denominator n - 1 (R `sd`, numpy `std(ddof=1)`); NaN for n < 2. */
  readonly sd: number;
  /** Population standard deviation, denominator n (numpy `std()` default). */
  readonly sdPop: number;
  /** Population skewness m3 / m2^1.5 (scipy `skew(bias=True)`, PerformanceAnalytics). */
  readonly skewness: number;
  /** Population excess kurtosis m4 / m2^2 - 3. */
  readonly excessKurtosis: number;
  /** fBasics `skewness(method='moment')`: m3 / sd^3 with sd of denominator n - 1. */
  readonly skewnessFbasics: number;
  /** fBasics `kurtosis(method='excess')`: m4 / sd^4 - 3 with sd of denominator n - 1. */
  readonly excessKurtosisFbasics: number;
  readonly min: number;
  readonly max: number;
}

/** Arithmetic mean; NaN for an empty series. */
export function mean(x: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i]!;
  return sum / x.length;
}

/** Sample standard deviation (denominator n - 1); NaN for fewer than two values. */
export function sampleSd(x: Float64Array): number {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    ss += d * d;
  }
  return x.length < 2 ? Number.NaN : Math.sqrt(ss / (x.length - 1));
}

export function moments(x: Float64Array): Moments {
  const n = x.length;
  const m = mean(x);
  let s2 = 0, s3 = 0, s4 = 0;
  let min = Number.POSITIVE_INFINITY, max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = v - m;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const m2 = s2 / n, m3 = s3 / n, m4 = s4 / n;
  const sd = n < 2 ? Number.NaN : Math.sqrt(s2 / (n - 1));
  return {
    n,
    mean: m,
    sd,
    sdPop: Math.sqrt(m2),
    skewness: m3 / m2 ** 1.5,
    excessKurtosis: m4 / (m2 * m2) - 3,
    skewnessFbasics: m3 / sd ** 3,
    excessKurtosisFbasics: m4 / sd ** 4 - 3,
    min,
    max,
  };
}
