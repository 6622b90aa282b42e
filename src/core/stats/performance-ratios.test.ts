import { describe, expect, it } from 'vitest';
import {
  compoundAnnualGrowthRate,
  downsideDeviation,
  omegaRatio,
  perPeriodRiskFree,
  sharpeRatio,
  sortinoRatio,
  terminalWealth,
} from './performance-ratios.ts';

const x = Float64Array.from([0.02, -0.01, 0.03, -0.02, 0.01]);

describe('performance ratios', () => {
  it('takes downside deviation over all n observations by default, not only the losing ones', () => {
    const all = downsideDeviation({ returns: x });
    expect(all.value).toBeCloseTo(Math.sqrt((0.01 ** 2 + 0.02 ** 2) / 5), 15);
    expect(all.countBelowMar).toBe(2);
    expect(downsideDeviation({ returns: x, denominator: 'below-mar' }).value).toBeCloseTo(Math.sqrt((0.01 ** 2 + 0.02 ** 2) / 2), 15);
  });
  it('annualises Sortino and Sharpe by sqrt(periods per year)', () => {
    const s = sortinoRatio({ returns: x, periodsPerYear: 252 });
    expect(s.annualized).toBeCloseTo(s.perPeriod * Math.sqrt(252), 12);
    expect(s.perPeriod).toBeCloseTo(0.006 / Math.sqrt(0.0005 / 5), 12);
    const sh = sharpeRatio({ returns: x, rfAnnual: 0.0252, periodsPerYear: 252 });
    expect(sh.perPeriod).toBeCloseTo((0.006 - 0.0001) / Math.sqrt(0.00043), 12);
  });
  it('converts the annual risk-free rate simply by default and geometrically on request', () => {
    expect(perPeriodRiskFree({ rfAnnual: 0.0252, periodsPerYear: 252 })).toBeCloseTo(0.0001, 18);
    expect(perPeriodRiskFree({ rfAnnual: 0.0252, periodsPerYear: 252, conversion: 'geometric' })).toBeCloseTo(1.0252 ** (1 / 252) - 1, 15);
  });
  it('computes Omega at threshold 0 as gains over losses, Infinity without losses', () => {
    expect(omegaRatio({ returns: x })).toBeCloseTo(0.06 / 0.03, 14);
    expect(omegaRatio({ returns: x, threshold: 0.01 })).toBeCloseTo((0.01 + 0.02) / (0.02 + 0.03 + 0), 14);
    expect(omegaRatio({ returns: Float64Array.of(0.01, 0.02) })).toBe(Number.POSITIVE_INFINITY);
  });
  it('compounds the wealth index for total return and CAGR', () => {
    const w = 1.02 * 0.99 * 1.03 * 0.98 * 1.01;
    expect(terminalWealth(x)).toBeCloseTo(w, 15);
    expect(compoundAnnualGrowthRate({ simpleReturns: x, periodsPerYear: 5 })).toBeCloseTo(w - 1, 15);
  });
});
