import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, moments, sampleSd } from './moments.ts';

describe('moments', () => {
  it('computes sample and population moments of a small series (numpy/scipy values)', () => {
    // x = [1, 2, 3, 4, 10]: np.std(ddof=1) = 3.5355339059327378, scipy skew = 1.1384199576606167, excess kurtosis = 278.8/10^2 - 3
    const m = moments(Float64Array.from([1, 2, 3, 4, 10]));
    expect(m.mean).toBe(4);
    expect(m.sd).toBeCloseTo(3.5355339059327378, 14);
    expect(m.sdPop).toBeCloseTo(Math.sqrt(10), 14);
    expect(m.skewness).toBeCloseTo(1.1384199576606167, 14);
    expect(m.excessKurtosis).toBeCloseTo(278.8 / 100 - 3, 14);
    expect(m.skewnessFbasics).toBeCloseTo(1.1384199576606167 * (4 / 5) ** 1.5, 14);
    expect([m.min, m.max]).toEqual([1, 10]);
  });
  it('gives NaN sd for a single observation rather than 0', () => {
    expect(sampleSd(Float64Array.of(0.01))).toBeNaN();
    expect(moments(Float64Array.of(0.01)).sd).toBeNaN();
  });
  it('is invariant to a shift in everything but the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 50 }), fc.double({ min: -1, max: 1, noNaN: true }), (xs, c) => {
        const x = Float64Array.from(xs);
        const a = moments(x);
        const b = moments(x.map((v) => v + c));
        expect(b.mean).toBeCloseTo(a.mean + c, 12);
        expect(Math.abs(b.sd - a.sd)).toBeLessThanOrEqual(1e-12 + 1e-9 * a.sd);
        expect(mean(x)).toBe(a.mean);
      }),
    );
  });
});
