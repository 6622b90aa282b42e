/**
 * Beta and Jensen's alpha of a return series against a benchmark series of the same periods.
 * beta = cov(R, B) / var(B), both with denominator n - 1 (so the choice cancels);
 * alpha per period = mean(R - rf_p) - beta mean(B - rf_p), rf_p = rfAnnual / periodsPerYear;
 * annualised alpha = periodsPerYear * alpha per period (arithmetic, like annualizedReturn).
 */
import { mean } from './moments.ts';

export interface BetaAlpha {
  readonly beta: number;
  readonly alphaPerPeriod: number;
  readonly alphaAnnualized: number;
  /** Pearson correlation of the two series. */
  readonly correlation: number;
}

export function betaAlpha({
  returns,
  benchmarkReturns,
  rfAnnual = 0,
  periodsPerYear,
}: {
  returns: Float64Array;
  benchmarkReturns: Float64Array;
  rfAnnual?: number;
  periodsPerYear: number;
}): BetaAlpha {
  const n = returns.length;
  if (benchmarkReturns.length !== n) throw new RangeError('series and benchmark differ in length');
  const mr = mean(returns), mb = mean(benchmarkReturns);
  let sxy = 0, sxx = 0, syy = 0;
  for (let t = 0; t < n; t++) {
    const dx = returns[t]! - mr, dy = benchmarkReturns[t]! - mb;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const beta = sxy / syy;
  const rf = rfAnnual / periodsPerYear;
  const alphaPerPeriod = mr - rf - beta * (mb - rf);
  return { beta, alphaPerPeriod, alphaAnnualized: alphaPerPeriod * periodsPerYear, correlation: sxy / Math.sqrt(sxx * syy) };
}
