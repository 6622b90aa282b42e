import { describe, expect, it } from 'vitest';
import { baroneAdesiWhaleyPrice } from './american-baw.ts';
import { bsmPrice } from './bsm-greeks.ts';

describe('baroneAdesiWhaleyPrice', () => {
  it('reproduces QuantLib 1.29 (BaroneAdesiWhaleyApproximationEngine) on a dividend-paying put', () => {
    // reference-cases.json amer.am_P_K100_T730d_v0.3_r0.05_q0.02
    const p = { kind: 'put', spot: 100, strike: 100, timeToExpiryYears: 2, volatility: 0.3, rate: 0.05, dividendYield: 0.02 } as const;
    expect(baroneAdesiWhaleyPrice(p)).toBeCloseTo(13.968405977915094, 8);
  });

  it('converges the critical price fully: at r = 0 the put boundary collapses and the value is European', () => {
    // QuantLib stops its iteration at 1e-6 and keeps a 2e-7 premium (8.447002882642668); iterated
    // to the exact root ('baw_exact_root' in the reference) the premium vanishes.
    const p = { kind: 'put', spot: 100, strike: 100, timeToExpiryYears: 0.5, volatility: 0.3, rate: 0, dividendYield: 0 } as const;
    expect(baroneAdesiWhaleyPrice(p)).toBeCloseTo(8.447002662322816, 12);
    expect(baroneAdesiWhaleyPrice(p)).toBe(bsmPrice(p));
  });

  it('is worth intrinsic beyond the critical price and European for calls without dividends', () => {
    const deep = { kind: 'put', spot: 50, strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0.08, dividendYield: 0 } as const;
    expect(baroneAdesiWhaleyPrice(deep)).toBe(50);
    const call = { kind: 'call', spot: 100, strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0.08, dividendYield: 0 } as const;
    expect(baroneAdesiWhaleyPrice(call)).toBe(bsmPrice(call));
  });
});
