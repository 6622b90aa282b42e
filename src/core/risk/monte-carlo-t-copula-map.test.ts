import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalCdf } from '../stats/normal-distribution.ts';
import { studentTCdf } from '../stats/student-t-distribution.ts';
import { createTCopulaMap, tToNormal, tToNormalDirect } from './monte-carlo-t-copula-map.ts';

describe('t-to-normal map Phi^-1(T_df(t))', () => {
  it.each([1, 3, 4, 7.5, 30])('matches the direct formula to 1e-9 for df %s', (df) => {
    const map = createTCopulaMap(df);
    fc.assert(
      // |t| >= 1e-3: nearer 0 the direct formula itself loses digits (1 - df / (df + t^2) cancels); see the slope test
      fc.property(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), fc.boolean(), (a, negative) => {
        const t = negative ? -a : a;
        expect(Math.abs(tToNormal(map, t) - tToNormalDirect(t, df))).toBeLessThan(1e-9);
      }),
      { numRuns: 2_000 },
    );
  });

  it('keeps the cdf value: Phi(g(t)) = T_df(t), odd and increasing', () => {
    const map = createTCopulaMap(4);
    for (const t of [-50, -3, -0.5, 0, 0.2, 2, 9]) {
      expect(normalCdf(tToNormal(map, t))).toBeCloseTo(studentTCdf(t, 4), 9);
      expect(tToNormal(map, -t)).toBe(-tToNormal(map, t));
    }
    expect(tToNormal(map, 1)).toBeLessThan(tToNormal(map, 1.001));
    // near 0, g(t) ~ t f_4(0) / phi(0) = t (3/8) / (1 / sqrt(2 pi))
    expect(tToNormal(map, 1e-12) / 1e-12).toBeCloseTo((3 / 8) * Math.sqrt(2 * Math.PI), 6);
  });

  it('is accurate far in the tail (no 1 - tiny cancellation)', () => {
    const map = createTCopulaMap(4);
    // P(T > 1e3) for t(4) ~ 6e-12: the normal quantile is ~6.8, not the ~6.6 a rounded 1 - p would give
    expect(tToNormal(map, 1e3)).toBeCloseTo(tToNormalDirect(1e3, 4), 9);
    expect(tToNormal(map, 1e9)).toBe(tToNormalDirect(1e9, 4));
  });
});
