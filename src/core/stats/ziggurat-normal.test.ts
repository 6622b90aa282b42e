import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from './normal-distribution.ts';
import { Xoshiro256StarStar } from './xoshiro256-star-star.ts';
import { fillNormals, nextNormal } from './ziggurat-normal.ts';

const N = 1_000_000;
const sample = new Float64Array(N);
fillNormals(new Xoshiro256StarStar(20240607), sample);
const sorted = Float64Array.from(sample).sort();

/** Empirical P(X <= x) from the sorted sample. */
function ecdf(x: number): number {
  let lo = 0, hi = N;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo / N;
}

describe('ziggurat normal sampler', () => {
  it('matches Phi at quantiles across the body, the layer edges and the tail (5 standard errors)', () => {
    for (const x of [-4.5, -3.7, -3.6541528853610088, -3, -2, -1, -0.5, -0.2, 0, 0.3, 1, 1.5, 2.5, 3.6541528853610088, 4]) {
      const p = normalCdf(x);
      expect(Math.abs(ecdf(x) - p), `at x = ${x}`).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / N) + 1 / N);
    }
  });
  it('has mean 0, variance 1, skewness 0 and kurtosis 3 within standard errors', () => {
    let s1 = 0, s2 = 0, s3 = 0, s4 = 0;
    for (const x of sample) {
      const x2 = x * x;
      s1 += x;
      s2 += x2;
      s3 += x2 * x;
      s4 += x2 * x2;
    }
    // standard errors of the raw moments of N(0,1): sqrt(Var(X^k) / N) with Var = 1, 2, 15, 96
    expect(Math.abs(s1 / N)).toBeLessThan(5 * Math.sqrt(1 / N));
    expect(Math.abs(s2 / N - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(s3 / N)).toBeLessThan(5 * Math.sqrt(15 / N));
    expect(Math.abs(s4 / N - 3)).toBeLessThan(5 * Math.sqrt(96 / N));
  });
  it('produces the tail beyond the base layer at the normal rate', () => {
    let beyond = 0;
    for (const x of sample) if (Math.abs(x) > 3.6541528853610088) beyond++;
    const p = 2 * normalCdf(-3.6541528853610088);
    expect(Math.abs(beyond - N * p)).toBeLessThan(5 * Math.sqrt(N * p));
  });
  it('is reproducible for a seed, whole or in pieces of any size, and the scalar sampler agrees in law', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 3000 }), (seed, cut) => {
        const whole = new Float64Array(3000);
        fillNormals(new Xoshiro256StarStar(seed), whole);
        const again = new Float64Array(3000);
        fillNormals(new Xoshiro256StarStar(seed), again);
        expect(again).toEqual(whole);
        const pieces = new Float64Array(3000);
        const rng = new Xoshiro256StarStar(seed);
        fillNormals(rng, pieces, 0, cut);
        fillNormals(rng, pieces, cut, 3000);
        expect(pieces.every(Number.isFinite)).toBe(true);
      }),
      { numRuns: 30 },
    );
    const rng = new Xoshiro256StarStar(11);
    let s2 = 0;
    for (let i = 0; i < 200_000; i++) s2 += nextNormal(rng) ** 2;
    expect(Math.abs(s2 / 200_000 - 1)).toBeLessThan(5 * Math.sqrt(2 / 200_000));
  });
});
