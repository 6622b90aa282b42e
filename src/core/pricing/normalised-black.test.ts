import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisedOtmCall, solveNormalisedOtmCall } from './normalised-black.ts';

describe('solveNormalisedOtmCall', () => {
  // b itself is evaluated to ~1e-13 relative where its two terms nearly cancel (small |x| and s)
  it('inverts b(x, s) to 1e-11 relative in price from exponentially small to near-maximal prices', () => {
    fc.assert(fc.property(fc.double({ min: -10, max: 0, noNaN: true }), fc.double({ min: 1e-3, max: 30, noNaN: true }), (x, s) => {
      const b = normalisedOtmCall(x, s);
      fc.pre(b > 1e-300 && b < Math.exp(x / 2) * (1 - 1e-12));
      const back = normalisedOtmCall(x, solveNormalisedOtmCall(b, x));
      // Far out of the money at tiny s the price's elasticity d ln b / d ln s ~ x^2 / s^2 reaches
      // several hundred, so a few hundred ulps of s move b by ~1e-11 relative (seen: x=-0.0217,
      // s=0.001, b=8e-109): the tolerance scales with that conditioning.
      const tol = 1e-11 + 256 * Number.EPSILON * (x * x) / (s * s);
      return Math.abs(back - b) <= tol * b;
    }), { numRuns: 2000 });
  });

  it('returns s exactly where b is well conditioned (at the money)', () => {
    expect(solveNormalisedOtmCall(normalisedOtmCall(0, 0.2), 0)).toBeCloseTo(0.2, 14);
  });
});
