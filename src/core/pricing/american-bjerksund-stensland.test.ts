import { describe, expect, it } from 'vitest';
import { americanBinomial } from './american-binomial.ts';
import { bjerksundStensland2002Approximation, bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
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

describe('bjerksundStensland2002Approximation outside its domain', () => {
  const p = (kind: 'call' | 'put', t: number, vol: number, rate: number, q: number) =>
    ({ kind, spot: 100, strike: 100, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q }) as const;
  const code = (r: { ok: boolean; error?: { code: string } }): string => (r.ok ? 'ok' : r.error!.code);

  it('refuses a put whose exercise triggers fall below the strike (T = 50, vol 2 %, r = 20 %: was 0 with gamma 100)', () => {
    const put = p('put', 50, 0.02, 0.2, 0);
    expect(code(bjerksundStensland2002Approximation(put))).toBe('METHOD_NOT_APPLICABLE');
    expect(bjerksundStensland2002Price(put)).toBeCloseTo(americanBinomial(put).price, 12);
    expect(bjerksundStensland2002Price(put)).toBeGreaterThan(0.03);
  });

  it('refuses a call with r < 0 and q = 0 (was the European value 6.5874, true 6.6456) and falls back to the lattice', () => {
    const call = p('call', 0.5, 0.25, -0.02, 0);
    const r = bjerksundStensland2002Approximation(call);
    expect(code(r)).toBe('METHOD_NOT_APPLICABLE');
    if (!r.ok) expect(r.error.message).toMatch(/bjerksund-stensland-2002/);
    expect(bjerksundStensland2002Price(call)).toBeCloseTo(6.6456, 3);
  });

  it('refuses a put with q < r < 0 and is European for r < q < 0', () => {
    expect(code(bjerksundStensland2002Approximation(p('put', 1, 0.25, -0.01, -0.02)))).toBe('METHOD_NOT_APPLICABLE');
    const exact = p('put', 1, 0.25, -0.02, -0.01);
    expect(bjerksundStensland2002Approximation(exact)).toEqual({ ok: true, value: bsmPrice(exact) });
  });
});
