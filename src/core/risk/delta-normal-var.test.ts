import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalInvCdf, normalPdf } from '../stats/normal-distribution.ts';
import { deltaNormalVar } from './delta-normal-var.ts';

const cov2 = Float64Array.from([0.0004, 0.00012, 0.00012, 0.0009]); // sd 2 % and 3 %, correlation 0.2

describe('deltaNormalVar', () => {
  it('of a single stock is z x sd x value, and its ES is sd x value x phi(z) / (1 - c)', () => {
    fc.assert(fc.property(fc.double({ min: -1e7, max: 1e7, noNaN: true }), fc.double({ min: 0.001, max: 0.1, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (value, sd, confidence) => {
      const r = deltaNormalVar({ dollarDeltaByUnderlying: Float64Array.of(value), covariance: Float64Array.of(sd * sd), netAssetValue: 1e7, confidences: [confidence] });
      if (!r.ok) throw new Error(r.error.message);
      const z = normalInvCdf(confidence);
      const m = r.value.measures[0]!;
      expect(m.valueAtRisk.amount).toBeCloseTo(z * sd * Math.abs(value), 6);
      expect(m.expectedShortfall.amount).toBeCloseTo((sd * Math.abs(value) * normalPdf(z)) / (1 - confidence), 6);
      expect(m.valueAtRisk.fractionOfNav).toBeCloseTo(m.valueAtRisk.amount / 1e7, 12);
    }));
  });

  it('uses sqrt(e Sigma e) with the cross terms: a long-short pair on correlated names', () => {
    const e = Float64Array.of(1e6, -5e5);
    const r = deltaNormalVar({ dollarDeltaByUnderlying: e, covariance: cov2, netAssetValue: 1e6 });
    if (!r.ok) throw new Error(r.error.message);
    const sigma = Math.sqrt(1e12 * 0.0004 + 2.5e11 * 0.0009 - 2 * 5e11 * 0.00012);
    expect(r.value.pnlStandardDeviation).toBeCloseTo(sigma, 8);
    expect(r.value.measures.map((m) => m.confidence)).toEqual([0.95, 0.99]);
    expect(r.value.measures[1]!.valueAtRisk.amount).toBeCloseTo(2.3263478740408408 * sigma, 7);
    expect(r.value.approximation).toBe(true);
    expect(r.value.conventions.mean).toBe('zero');
  });

  it('rejects a covariance that is not positive semi-definite, or of the wrong size', () => {
    const bad = deltaNormalVar({ dollarDeltaByUnderlying: Float64Array.of(1, 1), covariance: Float64Array.from([1e-4, -2e-4, -2e-4, 1e-4]), netAssetValue: 1 });
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_COVARIANCE');
    const size = deltaNormalVar({ dollarDeltaByUnderlying: Float64Array.of(1, 1), covariance: Float64Array.of(1e-4), netAssetValue: 1 });
    expect(size.ok ? null : size.error.code).toBe('INVALID_COVARIANCE');
  });
});
