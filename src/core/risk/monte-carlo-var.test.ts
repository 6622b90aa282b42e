import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmGreeks, bsmPrice } from '../pricing/bsm-greeks.ts';
import { normalInvCdf, normalPdf } from '../stats/normal-distribution.ts';
import { mixedTestBook, testBook, testCovariance } from './monte-carlo-test-fixtures.ts';
import type { MonteCarloVarRequest, MonteCarloVarResult } from './monte-carlo-types.ts';
import { monteCarloVar } from './monte-carlo-var.ts';

function run(request: MonteCarloVarRequest): MonteCarloVarResult {
  const r = monteCarloVar(request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value;
}

describe('monteCarloVar', () => {
  it('a stock-only book converges to its delta-normal VaR and ES (within 3 standard errors)', () => {
    const spots = [100, 50, 20];
    const units = [1_000, -500, 2_000];
    const sd = [0.002, 0.003, 0.0025]; // small daily moves: e^x - 1 ~ x, so delta-normal is the exact limit
    const sigma = testCovariance(sd, 0.3);
    const e = spots.map((s, i) => s * units[i]!);
    let variance = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) variance += e[i]! * sigma[i * 3 + j]! * e[j]!;
    const sigmaP = Math.sqrt(variance);
    for (const seed of [1, 2]) {
      const r = run({ book: testBook({ spots, stockUnits: units }), dailyCovariance: sigma, pathCount: 100_000, seed, confidences: [0.95, 0.99] });
      r.var.forEach((v) => {
        const z = -normalInvCdf(1 - v.confidence);
        expect(Math.abs(v.amount - z * sigmaP)).toBeLessThan(3 * v.standardError);
      });
      r.expectedShortfall.forEach((es) => {
        const z = -normalInvCdf(1 - es.confidence);
        expect(Math.abs(es.amount - (normalPdf(z) / (1 - es.confidence)) * sigmaP)).toBeLessThan(3 * es.standardError);
      });
      expect(r.gridFallback?.optionsOffGrid).toBe(0);
    }
  });

  it('grid revaluation gives the VaR of exact revaluation on the same paths within 0.1 %', () => {
    const { book, dailyCovariance } = mixedTestBook();
    for (const horizonDays of [1, 5]) { // at 5 days the 3-day option expires: revalued exactly on every path
      const base = { book, dailyCovariance, pathCount: 20_000, seed: 11, horizonDays, confidences: [0.95, 0.99], includePathPnl: true };
      const grid = run({ ...base, revaluation: 'grid' });
      const exact = run({ ...base, revaluation: 'exact' });
      grid.var.forEach((v, k) => expect(Math.abs(v.amount / exact.var[k]!.amount - 1)).toBeLessThan(1e-3));
      let maxError = 0;
      for (let p = 0; p < base.pathCount; p++) maxError = Math.max(maxError, Math.abs(grid.pathPnl![p]! - exact.pathPnl![p]!));
      expect(maxError).toBeLessThan(1e-4 * exact.var[0]!.amount);
      // the run's own check found the same exact VaR from the paths around each order statistic
      expect(grid.gridError?.windowCoversError).toBe(true);
      grid.gridError?.var.forEach((g, k) => expect(g.exactAmount).toBeCloseTo(exact.var[k]!.amount, 6));
      expect(grid.gridError?.maxAbsErrorPerPath).toBeLessThanOrEqual(maxError);
      expect(grid.gridFallback?.optionsOffGrid).toBe(horizonDays === 5 ? 1 : 0);
      expect(exact.gridError).toBeNull();
    }
  });

  it('ES >= VaR at each confidence and VaR is non-decreasing in confidence', () => {
    const { book, dailyCovariance } = mixedTestBook();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.uniqueArray(fc.double({ min: 0.5, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom<MonteCarloVarRequest['distribution']>({ kind: 'normal' }, { kind: 'student-t', degreesOfFreedom: 4 }, { kind: 't-copula', degreesOfFreedom: 5 }),
        (seed, levels, distribution) => {
          const confidences = [...levels].sort((a, b) => a - b);
          const r = run({ book, dailyCovariance, pathCount: 2_000, seed, confidences, distribution: distribution ?? { kind: 'normal' } });
          r.var.forEach((v, k) => {
            expect(r.expectedShortfall[k]!.amount).toBeGreaterThanOrEqual(v.amount);
            if (k > 0) expect(v.amount).toBeGreaterThanOrEqual(r.var[k - 1]!.amount);
            expect(v.interval95.lower).toBeLessThanOrEqual(v.amount);
            expect(v.interval95.upper).toBeGreaterThanOrEqual(v.amount);
          });
        },
      ),
      { numRuns: 12 },
    );
  });

  it('ageing the options by the horizon changes their P&L by about theta x days', () => {
    const option = { underlying: 0, kind: 'call' as const, strike: 100, days: 120, volatility: 0.3, units: 1_000 };
    const book = testBook({ spots: [100], options: [option] });
    const base = { book, dailyCovariance: testCovariance([1e-7], 0), pathCount: 1_000, seed: 3, horizonDays: 5, includePathPnl: true };
    const aged = run({ ...base, ageOptions: true }).pathPnl!;
    const unaged = run({ ...base, ageOptions: false }).pathPnl!;
    const params = { kind: 'call' as const, spot: 100, strike: 100, timeToExpiryYears: 120 / 365, volatility: 0.3, rate: 0.04, dividendYield: 0.01 };
    const decay = 1_000 * (bsmPrice({ ...params, timeToExpiryYears: 115 / 365 }) - bsmPrice(params));
    const thetaTimesDays = 1_000 * (bsmGreeks(params).theta / 365) * 5;
    const meanDifference = aged.reduce((s, v, p) => s + v - unaged[p]!, 0) / aged.length;
    expect(meanDifference).toBeLessThan(0);
    expect(meanDifference / decay).toBeCloseTo(1, 4);
    expect(Math.abs(meanDifference / thetaTimesDays - 1)).toBeLessThan(0.02);
  });

  it('records seed, path count, distribution, horizon and conventions; same seed, same numbers', () => {
    const { book, dailyCovariance } = mixedTestBook();
    const request = { book, dailyCovariance, pathCount: 5_000, seed: 99, distribution: { kind: 'student-t', degreesOfFreedom: 5 } } as const;
    const a = run(request);
    const b = run(request);
    const c = run({ ...request, seed: 100 });
    expect(a.seed).toBe(99);
    expect(a.pathCount).toBe(5_000);
    expect(a.distribution).toEqual({ kind: 'student-t', degreesOfFreedom: 5 });
    expect(a.horizonDays).toBe(1);
    expect(a.conventions['horizon']).toMatch(/square-root-of-time/);
    expect(a.var.map((v) => v.confidence)).toEqual([0.95, 0.99]);
    expect(b.var).toEqual(a.var);
    expect(c.var[1]!.amount).not.toBe(a.var[1]!.amount);
    expect(a.histogram.counts.reduce((s, n) => s + n, 0)).toBe(5_000);
    expect(a.histogram.edges).toHaveLength(a.histogram.counts.length + 1);
    expect(a.histogram.edges[0]).toBe(a.pnl.min);
    expect(a.var[0]!.fractionOfNav).toBeCloseTo(a.var[0]!.amount / a.baseValue, 12);
  });

  it('reports NAV fractions against the NAV given, and null fractions for a non-positive NAV', () => {
    const { book, dailyCovariance } = mixedTestBook();
    const r = run({ book, dailyCovariance, pathCount: 2_000, navAmount: 1e6 });
    expect(r.nav).toEqual({ amount: 1e6, source: 'request' });
    expect(r.var[0]!.fractionOfNav).toBeCloseTo(r.var[0]!.amount / 1e6, 12);
    expect(run({ book, dailyCovariance, pathCount: 2_000, navAmount: 0 }).var[0]!.fractionOfNav).toBeNull();
  });

  it('rejects invalid requests with every problem listed', () => {
    const { book, dailyCovariance } = mixedTestBook();
    const r = monteCarloVar({
      book, dailyCovariance, distribution: { kind: 'student-t', degreesOfFreedom: 2 }, confidences: [0.99, 1.2], pathCount: 10.5, seed: -1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    const paths = (r.error.details as { path: string }[]).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/distribution/degreesOfFreedom', '/confidences', '/pathCount', '/seed']));
    const tooFew = monteCarloVar({ book, dailyCovariance, pathCount: 50, confidences: [0.999] });
    expect(tooFew.ok).toBe(false);
  });

  it('repairs a covariance matrix that is not positive definite and says so', () => {
    const { book } = mixedTestBook();
    const sd = [0.015, 0.02, 0.03];
    const bad = testCovariance(sd, 0.9);
    bad[1] = bad[3] = -0.9 * sd[0]! * sd[1]!; // rho12 = -0.9 with rho13 = rho23 = 0.9: impossible
    const r = run({ book, dailyCovariance: bad, pathCount: 2_000 });
    expect(r.covarianceRepaired).toBe(true);
    expect(run({ book, dailyCovariance: testCovariance(sd, 0.2), pathCount: 2_000 }).covarianceRepaired).toBe(false);
  });

  it('handles a book with nothing at risk: zero VaR and ES, a zero grid error', () => {
    const r = run({ book: testBook({ spots: [100, 50] }), dailyCovariance: testCovariance([0.01, 0.02], 0.1), pathCount: 1_000 });
    expect(r.var.map((v) => v.amount)).toEqual([0, 0]);
    expect(r.expectedShortfall.every((e) => e.amount === 0)).toBe(true);
    expect(r.gridError?.var.every((v) => v.relativeDifference === 0)).toBe(true);
    expect(r.var[0]!.fractionOfNav).toBeNull(); // NAV = book value 0
  });

  it('skips the grid check with a window of 0, and has no grid report in exact mode', () => {
    const { book, dailyCovariance } = mixedTestBook();
    expect(run({ book, dailyCovariance, pathCount: 2_000, gridCheckWindow: 0 }).gridError).toBeNull();
    const exact = run({ book, dailyCovariance, pathCount: 2_000, revaluation: 'exact' });
    expect(exact.gridError).toBeNull();
    expect(exact.gridFallback).toBeNull();
  });
});
