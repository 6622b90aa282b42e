import { describe, expect, it } from 'vitest';
import { baroneAdesiWhaleyApproximation, baroneAdesiWhaleyPrice } from './american-baw.ts';
import { americanBinomial } from './american-binomial.ts';
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

describe('baroneAdesiWhaleyApproximation outside its domain', () => {
  const p = (kind: 'call' | 'put', t: number, vol: number, rate: number, q: number) =>
    ({ kind, spot: 100, strike: 100, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q }) as const;

  it('refuses a put with q < r < 0 (two exercise boundaries) instead of returning 0; the plain price falls back to the lattice', () => {
    const put = p('put', 1, 0.25, -0.01, -0.02);
    const r = baroneAdesiWhaleyApproximation(put);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('METHOD_NOT_APPLICABLE');
      expect(r.error.message).toMatch(/baw.*two early-exercise boundaries/);
    }
    expect(baroneAdesiWhaleyPrice(put)).toBeGreaterThan(bsmPrice(put)); // 9.59859 European
    expect(baroneAdesiWhaleyPrice(put)).toBeCloseTo(americanBinomial(put).price, 12);
    expect(baroneAdesiWhaleyPrice(put)).toBeCloseTo(9.62699, 3); // Leisen-Reimer 8001/16001 steps: 9.62699
  });

  it('is European (exact) for a put with r < q < 0, where exercise is never optimal (was 0)', () => {
    const put = p('put', 1, 0.25, -0.02, -0.01);
    expect(baroneAdesiWhaleyApproximation(put)).toEqual({ ok: true, value: bsmPrice(put) });
    expect(bsmPrice(put)).toBeCloseTo(10.6137, 4);
  });

  it('refuses a put whose critical-price search fails (S = K = 100, T = 50, vol 2 %, r = 20 %: was 0 with delta -1)', () => {
    const put = p('put', 50, 0.02, 0.2, 0);
    const r = baroneAdesiWhaleyApproximation(put);
    expect(r.ok ? r.value : r.error.code).toBe('METHOD_NOT_APPLICABLE');
    expect(baroneAdesiWhaleyPrice(put)).toBeGreaterThan(0.03); // lattice ~0.0363 (perpetual put ~0.0367)
  });

  it('refuses a call with r < 0 and q = 0 (early exercise pays; was the European 6.5874 vs 6.6456)', () => {
    const call = p('call', 0.5, 0.25, -0.02, 0);
    const r = baroneAdesiWhaleyApproximation(call);
    expect(r.ok ? r.value : r.error.code).toBe('METHOD_NOT_APPLICABLE');
    expect(baroneAdesiWhaleyPrice(call)).toBeCloseTo(6.6456, 3);
  });
});
