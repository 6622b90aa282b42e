import { describe, expect, it } from 'vitest';
import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import { bumpedGreeks, CLOSED_FORM_BUMPS, withSpotDifferences } from './bumped-greeks.ts';

describe('bumpedGreeks', () => {
  it('reproduces the analytic BSM Greeks from a price-only pricer', () => {
    const p = { kind: 'put', spot: 100, strike: 105, timeToExpiryYears: 0.75, volatility: 0.25, rate: 0.04, dividendYield: 0.02 } as const;
    const fd = bumpedGreeks(withSpotDifferences(bsmPrice, CLOSED_FORM_BUMPS), p, CLOSED_FORM_BUMPS);
    const exact = bsmGreeks(p);
    for (const key of Object.keys(exact) as Array<keyof typeof exact>) {
      expect(Math.abs(fd[key] - exact[key])).toBeLessThan(2e-5 * Math.max(1, Math.abs(exact[key])));
    }
  });

  it('returns intrinsic value and zero Greeks for an expired option without calling the pricer', () => {
    const g = bumpedGreeks(() => { throw new Error('must not price'); }, {
      kind: 'call', spot: 110, strike: 100, timeToExpiryYears: 0, volatility: 0.2, rate: 0.01, dividendYield: 0,
    }, CLOSED_FORM_BUMPS);
    expect(g.price).toBe(10);
    expect(g.vega).toBe(0);
  });
});
