import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cornishFisherQuantile, cornishFisherVar, gaussianExpectedShortfall, gaussianVar } from './parametric-var.ts';

const paramsArb = fc.record({
  mean: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
  sd: fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
  confidence: fc.double({ min: 0.5, max: 0.9999, noNaN: true }),
});

describe('parametric VaR and ES', () => {
  it('matches the textbook 99 % z of 2.3263478740408408 and phi(z)/a', () => {
    expect(gaussianVar({ mean: 0, sd: 1, confidence: 0.99 })).toBeCloseTo(2.3263478740408408, 13);
    // scipy: norm.pdf(norm.ppf(0.01)) / 0.01 = 2.665214220345808
    expect(gaussianExpectedShortfall({ mean: 0, sd: 1, confidence: 0.99 })).toBeCloseTo(2.665214220345808, 12);
  });
  it('ignores the mean in the zero-mean convention', () => {
    expect(gaussianVar({ mean: 0.5, sd: 1, confidence: 0.95, centring: 'zero-mean' })).toBe(gaussianVar({ mean: 0, sd: 1, confidence: 0.95 }));
    expect(gaussianVar({ mean: 0.001, sd: 0.01, confidence: 0.95 })).toBeCloseTo(gaussianVar({ mean: 0, sd: 0.01, confidence: 0.95 }) - 0.001, 15);
  });
  it('keeps Gaussian ES >= VaR and both non-decreasing in confidence', () => {
    fc.assert(
      fc.property(paramsArb, fc.double({ min: 0.5, max: 0.9999, noNaN: true }), (p, other) => {
        expect(gaussianExpectedShortfall(p)).toBeGreaterThanOrEqual(gaussianVar(p));
        const [lo, hi] = p.confidence <= other ? [p.confidence, other] : [other, p.confidence];
        expect(gaussianVar({ ...p, confidence: lo })).toBeLessThanOrEqual(gaussianVar({ ...p, confidence: hi }));
        expect(gaussianExpectedShortfall({ ...p, confidence: lo })).toBeLessThanOrEqual(gaussianExpectedShortfall({ ...p, confidence: hi }));
      }),
    );
  });
  it('reduces Cornish-Fisher to the Gaussian VaR without skewness or excess kurtosis', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const cf = cornishFisherVar({ ...p, skewness: 0, excessKurtosis: 0 });
        expect(Math.abs(cf - gaussianVar(p))).toBeLessThanOrEqual(1e-15 + 1e-12 * Math.abs(cf));
      }),
    );
  });
  it('moves the left-tail quantile further out for negative skew and fat tails', () => {
    const z = -2.3263478740408408;
    expect(cornishFisherQuantile({ z, skewness: -0.5, excessKurtosis: 0 })).toBeLessThan(z);
    expect(cornishFisherQuantile({ z, skewness: 0, excessKurtosis: 3 })).toBeLessThan(z);
  });
});
