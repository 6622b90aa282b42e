import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cholesky } from '../stats/cholesky.ts';
import { fillCorrelatedShocks } from '../stats/multivariate-shocks.ts';
import { Xoshiro256StarStar } from '../stats/xoshiro256-star-star.ts';
import { deltaGammaMoments, deltaGammaVar } from './delta-gamma-var.ts';
import { deltaNormalVar } from './delta-normal-var.ts';

const sigma3 = Float64Array.from([
  0.0004, 0.00018, -0.00005,
  0.00018, 0.0009, 0.0001,
  -0.00005, 0.0001, 0.000225,
]);

describe('deltaGammaVar', () => {
  it('reduces to delta-normal when gamma is zero', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (e, confidence) => {
      const input = { dollarDeltaByUnderlying: Float64Array.from(e), covariance: sigma3, netAssetValue: 1e6, confidences: [confidence] };
      const dg = deltaGammaVar({ ...input, dollarGammaPer1PctByUnderlying: new Float64Array(3) });
      const dn = deltaNormalVar(input);
      if (!dg.ok || !dn.ok) throw new Error('unexpected failure');
      const scale = 1e-9 * (1 + dn.value.pnlStandardDeviation);
      expect(Math.abs(dg.value.measures[0]!.valueAtRisk.amount - dn.value.measures[0]!.valueAtRisk.amount)).toBeLessThanOrEqual(scale);
      expect(Math.abs(dg.value.measures[0]!.expectedShortfall.amount - dn.value.measures[0]!.expectedShortfall.amount)).toBeLessThanOrEqual(scale);
      expect(dg.value.moments.mean).toBe(0);
    }));
  });

  it('has the closed-form cumulants of e x + G x^2 / 2 in one dimension', () => {
    const [e, g, s2] = [2e5, 3e6, 0.0004];
    const m = deltaGammaMoments(Float64Array.of(e), Float64Array.of(g), Float64Array.of(s2))!;
    const k2 = e * e * s2 + 0.5 * g * g * s2 * s2;
    expect(m.mean).toBeCloseTo(0.5 * g * s2, 9);
    expect(m.standardDeviation).toBeCloseTo(Math.sqrt(k2), 6);
    expect(m.skewness).toBeCloseTo((3 * e * e * g * s2 * s2 + g ** 3 * s2 ** 3) / k2 ** 1.5, 12);
    expect(m.excessKurtosis).toBeCloseTo((12 * e * e * g * g * s2 ** 3 + 3 * g ** 4 * s2 ** 4) / (k2 * k2), 12);
  });

  it('matches the moments of simulated delta-gamma P&L under correlated normal returns', () => {
    const e = Float64Array.of(4e5, -2e5, 3e5);
    const gamma = Float64Array.of(-6e7, 2e7, -1e7); // currency per (1.00 return)^2
    const m = deltaGammaMoments(e, gamma, sigma3)!;
    const factor = cholesky({ matrix: sigma3, dimension: 3 });
    if (!factor.ok) throw new Error('covariance not positive definite');
    const n = 400_000;
    const x = new Float64Array(3 * n);
    fillCorrelatedShocks({ rng: new Xoshiro256StarStar(20240607), choleskyFactor: factor.value, dimension: 3, pathCount: n, out: x });
    const pnl = Float64Array.from({ length: n }, (_, k) => {
      let p = 0;
      for (let i = 0; i < 3; i++) p += e[i]! * x[3 * k + i]! + 0.5 * gamma[i]! * x[3 * k + i]! ** 2;
      return p;
    });
    const mean = pnl.reduce((s, v) => s + v, 0) / n;
    let c2 = 0, c3 = 0;
    for (const v of pnl) {
      c2 += (v - mean) ** 2;
      c3 += (v - mean) ** 3;
    }
    const sd = Math.sqrt(c2 / n);
    expect(Math.abs(mean - m.mean)).toBeLessThan(4 * (sd / Math.sqrt(n)));
    expect(sd / m.standardDeviation).toBeCloseTo(1, 2);
    expect(c3 / n / sd ** 3).toBeCloseTo(m.skewness, 1);
    expect(m.skewness).toBeLessThan(-0.3); // short gamma: a fat left tail
  });

  it('puts a short-gamma book above delta-normal, keeps ES >= VaR and VaR non-decreasing in confidence', () => {
    fc.assert(fc.property(fc.double({ min: -4e8, max: -1e6, noNaN: true }), fc.array(fc.double({ min: 0.8, max: 0.995, noNaN: true }), { minLength: 2, maxLength: 5 }), (g, levels) => {
      const confidences = [...levels].sort((a, b) => a - b);
      const input = { dollarDeltaByUnderlying: Float64Array.of(3e5, 1e5, -2e5), covariance: sigma3, netAssetValue: 1e6, confidences };
      const dg = deltaGammaVar({ ...input, dollarGammaPer1PctByUnderlying: Float64Array.of(g / 100, g / 200, 0) });
      const dn = deltaNormalVar(input);
      if (!dg.ok || !dn.ok) throw new Error('unexpected failure');
      dg.value.measures.forEach((m, k) => {
        expect(m.expectedShortfall.amount).toBeGreaterThanOrEqual(m.valueAtRisk.amount);
        if (k > 0) expect(m.valueAtRisk.amount).toBeGreaterThanOrEqual(dg.value.measures[k - 1]!.valueAtRisk.amount);
        expect(m.valueAtRisk.amount).toBeGreaterThan(dn.value.measures[k]!.valueAtRisk.amount);
      });
    }));
  });

  it('flags a Cornish-Fisher map that bends back in the loss tail (nearly pure long gamma: bounded losses)', () => {
    const r = deltaGammaVar({ dollarDeltaByUnderlying: Float64Array.of(1e3), covariance: Float64Array.of(0.0004), netAssetValue: 1e6, dollarGammaPer1PctByUnderlying: Float64Array.of(5e5) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.moments.skewness).toBeGreaterThan(2);
    expect(r.value.measures[0]!.expectedShortfall.amount).toBeGreaterThanOrEqual(r.value.measures[0]!.valueAtRisk.amount);
    expect(r.value.measures[1]!.cornishFisherMonotoneInTail).toBe(false);
    const mild = deltaGammaVar({ dollarDeltaByUnderlying: Float64Array.of(1e6), covariance: Float64Array.of(0.0004), netAssetValue: 1e6, dollarGammaPer1PctByUnderlying: Float64Array.of(-1e3) });
    expect(mild.ok && mild.value.measures[1]!.cornishFisherMonotoneInTail).toBe(true);
  });
});
