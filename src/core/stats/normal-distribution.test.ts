import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalCdf, normalCdfWithGaussian, normalInvCdf, normalPdf } from './normal-distribution.ts';

const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);

// High-precision values (mpmath, 50 digits), rounded to double.
const CDF_CASES: ReadonlyArray<readonly [number, number]> = [
  [-37, 5.725571222524577e-300],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160527e-24],
  [-8.3, 5.205569744890255e-17],
  [-5.7, 5.990371401063528e-9],
  [-3, 0.0013498980316300946],
  [-1, 0.15865525393145705],
  [-0.5, 0.30853753872598694],
  [0, 0.5],
  [0.3, 0.6179114221889527],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [5, 0.9999997133484281],
];

const INV_CASES: ReadonlyArray<readonly [number, number]> = [
  [1e-300, -37.0470962993612],
  [1e-100, -21.27345356096532],
  [1e-20, -9.262340089798405],
  [1e-10, -6.361340902404056],
  [1e-5, -4.2648907939228256],
  [0.01, -2.3263478740408408],
  [0.3, -0.5244005127080407],
  [0.975, 1.959963984540054],
  [0.999999, 4.753424308817089],
];

describe('normalCdf', () => {
  it.each(CDF_CASES)('matches the high-precision value at x = %d to 1e-15 relative', (x, want) => {
    expect(relErr(normalCdf(x), want)).toBeLessThan(1e-15);
  });

  it('keeps relative accuracy in the far left tail where 1 - Phi(x) methods underflow', () => {
    expect(normalCdf(-37)).toBeGreaterThan(5.7e-300);
    expect(normalCdf(-37)).toBeLessThan(5.8e-300);
    expect(normalCdf(-50)).toBe(0);
  });

  it('is exactly symmetric: Phi(x) + Phi(-x) = 1', () => {
    fc.assert(fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) =>
      Math.abs(normalCdf(x) + normalCdf(-x) - 1) <= 2.3e-16));
  });

  it('is non-decreasing', () => {
    fc.assert(fc.property(fc.double({ min: -38, max: 9, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (x, step) => normalCdf(x + step) >= normalCdf(x)));
  });

  it('propagates NaN and saturates at the infinities', () => {
    expect(normalCdf(Number.NaN)).toBeNaN();
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
  });
});

describe('normalPdf', () => {
  it('matches exp(-x^2/2)/sqrt(2 pi) at known points', () => {
    expect(relErr(normalPdf(0), 0.3989422804014327)).toBeLessThan(1e-16);
    expect(relErr(normalPdf(1), 0.24197072451914335)).toBeLessThan(1e-15);
    expect(relErr(normalPdf(-10), 7.6945986267064193e-23)).toBeLessThan(1e-15);
    expect(relErr(normalPdf(30), 1.4736461348785475e-196)).toBeLessThan(1e-15);
  });

  it('is the derivative of the cdf (central difference)', () => {
    fc.assert(fc.property(fc.double({ min: -6, max: 6, noNaN: true }), (x) => {
      const h = 1e-5;
      const fd = (normalCdf(x + h) - normalCdf(x - h)) / (2 * h);
      return Math.abs(fd - normalPdf(x)) <= 1e-9;
    }));
  });
});

describe('normalCdfWithGaussian', () => {
  it('agrees with normalCdf when given exp(-x^2/2)', () => {
    fc.assert(fc.property(fc.double({ min: -12, max: 12, noNaN: true }), (x) => {
      const got = normalCdfWithGaussian(x, Math.exp(-0.5 * x * x));
      return relErr(got, normalCdf(x)) <= 4e-14 || Math.abs(got - normalCdf(x)) <= 1e-300;
    }));
  });
});

describe('normalInvCdf', () => {
  it.each(INV_CASES)('matches the high-precision quantile at p = %d to 1e-15 relative', (p, want) => {
    expect(relErr(normalInvCdf(p), want)).toBeLessThan(1e-15);
  });

  it('returns 0 at 0.5, infinities at the ends and NaN outside [0, 1]', () => {
    expect(normalInvCdf(0.5)).toBe(0);
    expect(normalInvCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalInvCdf(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalInvCdf(-0.1)).toBeNaN();
    expect(normalInvCdf(1.1)).toBeNaN();
    expect(normalInvCdf(Number.NaN)).toBeNaN();
  });

  // d ln Phi / dx ~ |x| in the tail, so a quantile exact to 1 ulp moves Phi by ~x^2 ulps.
  it('round-trips Phi(Phi^-1(p)) = p to x^2 * 1e-15 relative for p in [1e-300, 0.5]', () => {
    fc.assert(fc.property(fc.double({ min: -690, max: Math.log(0.5), noNaN: true }), (logP) => {
      const p = Math.exp(logP);
      const x = normalInvCdf(p);
      return relErr(normalCdf(x), p) <= 1e-15 * Math.max(1, x * x);
    }));
  });

  it('round-trips Phi^-1(Phi(x)) = x in the body', () => {
    fc.assert(fc.property(fc.double({ min: -37, max: 0, noNaN: true }), (x) =>
      Math.abs(normalInvCdf(normalCdf(x)) - x) <= 1e-14 * Math.max(1, Math.abs(x))));
  });

  it('is antisymmetric around 0.5', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 0.999999, noNaN: true }), (p) =>
      Math.abs(normalInvCdf(p) + normalInvCdf(1 - p)) <= 1e-9));
  });
});
