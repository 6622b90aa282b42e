/**
 * Return and risk-adjusted performance measures of a per-period return series.
 * Annualisation uses `periodsPerYear` (252 for daily data): arithmetic mean * periodsPerYear,
 * volatility sd * sqrt(periodsPerYear), ratios * sqrt(periodsPerYear).
 */
import { mean, sampleSd } from './moments.ts';

/** A ratio per period and annualised (per-period value * sqrt(periodsPerYear)). */
export interface Ratio {
  readonly perPeriod: number;
  readonly annualized: number;
}

/** How an annual risk-free rate becomes a per-period one: rf / P, or (1 + rf)^(1/P) - 1. */
export type RfConversion = 'simple' | 'geometric';

export function perPeriodRiskFree({
  rfAnnual,
  periodsPerYear,
  conversion = 'simple',
}: {
  rfAnnual: number;
  periodsPerYear: number;
  conversion?: RfConversion;
}): number {
  return conversion === 'simple' ? rfAnnual / periodsPerYear : Math.expm1(Math.log1p(rfAnnual) / periodsPerYear);
}

/** Arithmetic annualised return: periodsPerYear * mean. */
export function annualizedReturn({ returns, periodsPerYear }: { returns: Float64Array; periodsPerYear: number }): number {
  return periodsPerYear * mean(returns);
}

/** Annualised volatility: sample sd (n - 1) * sqrt(periodsPerYear). */
export function annualizedVolatility({ returns, periodsPerYear }: { returns: Float64Array; periodsPerYear: number }): number {
  return sampleSd(returns) * Math.sqrt(periodsPerYear);
}

/** Growth of 1 over the whole series: prod(1 + R_t) (the wealth index on the last date). */
export function terminalWealth(simpleReturns: Float64Array): number {
  let w = 1;
  for (let t = 0; t < simpleReturns.length; t++) w *= 1 + simpleReturns[t]!;
  return w;
}

/** Compound annual growth rate W_n^(periodsPerYear / n) - 1 from simple returns. */
export function compoundAnnualGrowthRate({
  simpleReturns,
  periodsPerYear,
}: {
  simpleReturns: Float64Array;
  periodsPerYear: number;
}): number {
  return terminalWealth(simpleReturns) ** (periodsPerYear / simpleReturns.length) - 1;
}

/**
 * Sharpe ratio: mean(R - rf_p) / sd(R - rf_p), per period and annualised, where rf_p is the
 * per-period risk-free rate (default rf / periodsPerYear). sd with denominator n - 1.
 */
export function sharpeRatio({
  returns,
  rfAnnual = 0,
  periodsPerYear,
  rfConversion = 'simple',
}: {
  returns: Float64Array;
  rfAnnual?: number;
  periodsPerYear: number;
  rfConversion?: RfConversion;
}): Ratio {
  const rf = perPeriodRiskFree({ rfAnnual, periodsPerYear, conversion: rfConversion });
  const perPeriod = (mean(returns) - rf) / sampleSd(returns);
  return { perPeriod, annualized: perPeriod * Math.sqrt(periodsPerYear) };
}

/**
 * Geometric Sharpe (PerformanceAnalytics SharpeRatio.annualized, geometric = TRUE), simple
 * returns only: ((prod(1 + R_t - rf/P))^(P/n) - 1) / (sd(R) sqrt(P)).
 */
export function geometricSharpeRatio({
  simpleReturns,
  rfAnnual = 0,
  periodsPerYear,
}: {
  simpleReturns: Float64Array;
  rfAnnual?: number;
  periodsPerYear: number;
}): number {
  const rf = rfAnnual / periodsPerYear;
  let w = 1;
  for (let t = 0; t < simpleReturns.length; t++) w *= 1 + simpleReturns[t]! - rf;
  return (w ** (periodsPerYear / simpleReturns.length) - 1) / (sampleSd(simpleReturns) * Math.sqrt(periodsPerYear));
}

/** Which observations the downside deviation averages over: all n (default) or those below the MAR. */
export type DownsideDenominator = 'all' | 'below-mar';

/**
 * Downside deviation sqrt(sum min(R - mar, 0)^2 / d), d = n (default, PerformanceAnalytics
 * method 'full') or the count of R < mar. Per period.
 */
export function downsideDeviation({
  returns,
  mar = 0,
  denominator = 'all',
}: {
  returns: Float64Array;
  mar?: number;
  denominator?: DownsideDenominator;
}): { value: number; countBelowMar: number } {
  let ss = 0;
  let countBelowMar = 0;
  for (let t = 0; t < returns.length; t++) {
    const d = returns[t]! - mar;
    if (d < 0) {
      ss += d * d;
      countBelowMar++;
    }
  }
  const divisor = denominator === 'all' ? returns.length : countBelowMar;
  return { value: Math.sqrt(ss / divisor), countBelowMar };
}

/** Sortino ratio (mean(R) - mar) / downside deviation; MAR 0 and all n observations by default. */
export function sortinoRatio({
  returns,
  mar = 0,
  periodsPerYear,
  denominator = 'all',
}: {
  returns: Float64Array;
  mar?: number;
  periodsPerYear: number;
  denominator?: DownsideDenominator;
}): Ratio {
  const perPeriod = (mean(returns) - mar) / downsideDeviation({ returns, mar, denominator }).value;
  return { perPeriod, annualized: perPeriod * Math.sqrt(periodsPerYear) };
}

/**
 * Omega ratio at `threshold` (default 0): sum max(R - threshold, 0) / sum max(threshold - R, 0).
 * Infinity when no return falls below the threshold.
 */
export function omegaRatio({ returns, threshold = 0 }: { returns: Float64Array; threshold?: number }): number {
  let gains = 0;
  let losses = 0;
  for (let t = 0; t < returns.length; t++) {
    const d = returns[t]! - threshold;
    if (d > 0) gains += d;
    else losses -= d;
  }
  return gains / losses;
}
