import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextChiSquared, nextGamma } from './gamma-sampler.ts';
import { studentTCdf } from './student-t-distribution.ts';
import { fillStudentT } from './student-t-sampler.ts';
import { Xoshiro256StarStar } from './xoshiro256-star-star.ts';

describe('gamma and chi-squared samplers', () => {
  it('have mean = shape and variance = shape within standard errors, also for shape < 1', () => {
    for (const shape of [0.3, 1, 2.5, 20]) {
      const rng = new Xoshiro256StarStar(Math.round(shape * 1000));
      const n = 200_000;
      let s1 = 0, s2 = 0;
      for (let i = 0; i < n; i++) {
        const g = nextGamma(rng, shape);
        s1 += g;
        s2 += g * g;
      }
      const mean = s1 / n, variance = s2 / n - mean * mean;
      expect(Math.abs(mean - shape), `mean at shape ${shape}`).toBeLessThan(5 * Math.sqrt(shape / n));
      // Var of the sample variance of a gamma: (mu4 - sigma^4) / n, mu4 = 3 k^2 + 6 k
      expect(Math.abs(variance - shape), `variance at shape ${shape}`).toBeLessThan(5 * Math.sqrt((2 * shape * shape + 6 * shape) / n));
    }
  });
  it('draws chi-squared(df) with mean df', () => {
    const rng = new Xoshiro256StarStar(5);
    let s = 0;
    for (let i = 0; i < 100_000; i++) s += nextChiSquared(rng, 4);
    expect(Math.abs(s / 100_000 - 4)).toBeLessThan(5 * Math.sqrt(8 / 100_000));
  });
});

describe('Student-t sampler', () => {
  it('has variance df / (df - 2) within its standard error', () => {
    fc.assert(
      fc.property(fc.double({ min: 6, max: 30, noNaN: true }), fc.integer({ min: 0, max: 1e9 }), (df, seed) => {
        const n = 200_000;
        const t = new Float64Array(n);
        fillStudentT(new Xoshiro256StarStar(seed), t, df);
        let s2 = 0;
        for (const x of t) s2 += x * x;
        const variance = df / (df - 2);
        const fourth = (3 * df * df) / ((df - 2) * (df - 4));
        expect(Math.abs(s2 / n - variance)).toBeLessThan(5 * Math.sqrt((fourth - variance * variance) / n));
      }),
      { numRuns: 5 },
    );
  });
  it('matches the t cdf in the tails, where it differs from the normal', () => {
    const n = 400_000, df = 4;
    const t = new Float64Array(n);
    fillStudentT(new Xoshiro256StarStar(99), t, df);
    for (const x of [-4, -2.5, 0, 1.5]) {
      let below = 0;
      for (const v of t) if (v <= x) below++;
      const p = studentTCdf(x, df);
      expect(Math.abs(below / n - p), `at ${x}`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});

describe('Student-t cdf', () => {
  it.each([
    [-3, 1, 0.10241638234956672],
    [-1.5, 2.5, 0.12391822654314809],
    [0.5, 4, 0.6783350184090684],
    [2, 10, 0.9633059826146299],
    [-0.1, 30, 0.4605048058951356],
    [5, 3, 0.9923037809633488],
    [-40, 5, 9.205981085886477e-8],
    [0.001, 7, 0.5003849913775006],
  ])('T(%d; df %d) matches scipy.stats.t.cdf to 1e-13 relative', (x, df, want) => {
    expect(Math.abs(studentTCdf(x, df) - want)).toBeLessThanOrEqual(1e-13 * want);
  });
  it('is symmetric: F(-t) = 1 - F(t)', () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: 0.5, max: 100, noNaN: true }), (x, df) => {
        expect(studentTCdf(-x, df)).toBeCloseTo(1 - studentTCdf(x, df), 14);
      }),
    );
  });
});
