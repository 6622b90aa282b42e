import { describe, expect, it } from 'vitest';
import { bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
import { bsmPrice } from './bsm-greeks.ts';

describe('bjerksundStensland2002Price', () => {
  it('reproduces Haug\'s Bjerksund-Stensland 2002 example (S=42, K=40, T=0.75, r=4%, q=8%, vol=35%)', () => {
    // Haug, Complete Guide (2nd ed.): BS 2002 call 5.2869, put (S=42 K=40 r=8% q=4%) - via symmetry
    const call = bjerksundStensland2002Price({ kind: 'call', spot: 42, strike: 40, timeToExpiryYears: 0.75, volatility: 0.35, rate: 0.04, dividendYield: 0.08 });
    expect(call).toBeCloseTo(5.2869, 4);
    const put = bjerksundStensland2002Price({ kind: 'put', spot: 40, strike: 42, timeToExpiryYears: 0.75, volatility: 0.35, rate: 0.08, dividendYield: 0.04 });
    expect(put).toBeCloseTo(call, 12);
  });

  it('is never below the European value, even where r and the carry are both near zero', () => {
    const p = { kind: 'call', spot: 50, strike: 100, timeToExpiryYears: 1.86, volatility: 0.72, rate: 0, dividendYield: 3e-17 } as const;
    expect(bjerksundStensland2002Price(p)).toBeGreaterThanOrEqual(bsmPrice(p));
  });

  it('is worth intrinsic beyond the exercise trigger', () => {
    const p = { kind: 'put', spot: 40, strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0.08, dividendYield: 0 } as const;
    expect(bjerksundStensland2002Price(p)).toBe(60);
  });
});
