import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { americanPrice, defaultAmericanMethod } from './american-pricing.ts';
import { bsmPrice } from './bsm-greeks.ts';
import type { ImpliedVolatilityInput } from './implied-volatility.ts';
import { impliedVolatility, impliedVolatilityWithMethod } from './implied-volatility.ts';
import type { OptionKind } from './option-types.ts';

const base = { kind: 'call', style: 'european', spot: 100, strike: 100, timeToExpiryYears: 0.5, rate: 0.03, dividendYield: 0.01 } as const;

const arbEuropean = fc.record({
  kind: fc.constantFrom<OptionKind>('call', 'put'),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  moneyness: fc.double({ min: 0.3, max: 3, noNaN: true }),
  timeToExpiryYears: fc.double({ min: 1 / 365, max: 10, noNaN: true }),
  volatility: fc.double({ min: 0.01, max: 3, noNaN: true }),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

describe('impliedVolatility (European)', () => {
  it('recovers the volatility of any BSM price with measurable time value, to 1e-10 in price', () => {
    fc.assert(fc.property(arbEuropean, ({ moneyness, volatility, ...p }) => {
      const params = { ...p, strike: p.spot * moneyness };
      const price = bsmPrice({ ...params, volatility });
      const fs = p.spot * Math.exp(-p.dividendYield * p.timeToExpiryYears);
      const fk = params.strike * Math.exp(-p.rate * p.timeToExpiryYears);
      const timeValue = price - Math.max((p.kind === 'call' ? 1 : -1) * (fs - fk), 0);
      fc.pre(timeValue > 1e-12 * Math.max(fs, fk) && price < (p.kind === 'call' ? fs : fk) * (1 - 1e-12));
      const iv = impliedVolatility({ ...params, style: 'european', price });
      if (!iv.ok) throw new Error(`${iv.error.code}: ${iv.error.message}`);
      const repriced = bsmPrice({ ...params, volatility: iv.value });
      return Math.abs(repriced - price) <= 1e-14 + 1e-10 * price;
    }), { numRuns: 1000 });
  });

  it('converges for a one-day option deep in and far out of the money', () => {
    for (const strike of [50, 80, 97, 100, 103, 125, 200]) {
      for (const kind of ['call', 'put'] as const) {
        const params = { ...base, kind, strike, timeToExpiryYears: 1 / 365 };
        const price = bsmPrice({ ...params, volatility: 0.9 });
        const iv = impliedVolatility({ ...params, price });
        if (price - Math.max(kind === 'call' ? 100 * Math.exp(-0.01 / 365) - strike * Math.exp(-0.03 / 365) : strike * Math.exp(-0.03 / 365) - 100 * Math.exp(-0.01 / 365), 0) > 1e-12) {
          expect(iv.ok ? Math.abs(bsmPrice({ ...params, volatility: iv.value }) - price) : Infinity).toBeLessThan(1e-10 * price + 1e-14);
        }
      }
    }
  });

  it('rejects a price below the discounted intrinsic value', () => {
    const iv = impliedVolatility({ ...base, strike: 80, price: 15 });
    expect(iv.ok ? 'ok' : iv.error.code).toBe('PRICE_BELOW_INTRINSIC');
  });

  it('rejects a price at or above the upper bound S e^-qT (call) or K e^-rT (put)', () => {
    const call = impliedVolatility({ ...base, price: 100 });
    expect(call.ok ? 'ok' : call.error.code).toBe('PRICE_ABOVE_UPPER_BOUND');
    const put = impliedVolatility({ ...base, kind: 'put', price: 100 * Math.exp(-0.015) });
    expect(put.ok ? 'ok' : put.error.code).toBe('PRICE_ABOVE_UPPER_BOUND');
  });

  it('reports no time value for a price equal to the intrinsic value, a zero price, or an expired option', () => {
    const lower = 100 * Math.exp(-0.005) - 80 * Math.exp(-0.015);
    for (const input of [{ ...base, strike: 80, price: lower }, { ...base, strike: 150, price: 0 }, { ...base, timeToExpiryYears: 0, price: 1 }]) {
      const iv = impliedVolatility(input);
      expect(iv.ok ? 'ok' : iv.error.code).toBe('NO_TIME_VALUE');
    }
  });

  it('reports every invalid field with INVALID_INPUT', () => {
    const iv = impliedVolatility({ ...base, spot: -1, price: Number.NaN, kind: 'straddle' } as unknown as ImpliedVolatilityInput);
    expect(iv.ok).toBe(false);
    if (iv.ok) return;
    expect(iv.error.code).toBe('INVALID_INPUT');
    expect((iv.error.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['kind', 'price', 'spot']);
  });
});

describe('impliedVolatility (American)', () => {
  it('inverts the default American pricer (round trip through the lattice)', () => {
    for (const [kind, strike, vol] of [['put', 110, 0.25], ['put', 90, 0.6], ['call', 100, 0.3]] as const) {
      const params = { kind, spot: 100, strike, timeToExpiryYears: 0.75, rate: 0.05, dividendYield: 0.03 };
      const method = defaultAmericanMethod({ ...params, volatility: vol });
      const price = americanPrice({ ...params, volatility: vol }, method);
      const iv = impliedVolatilityWithMethod({ ...params, style: 'american', price });
      if (!iv.ok) throw new Error(iv.error.message);
      expect(iv.value.method).toBe('binomial');
      expect(iv.value.volatility).toBeCloseTo(vol, 8);
    }
  });

  it('uses exact BSM for an American call without dividends', () => {
    const price = bsmPrice({ kind: 'call', spot: 100, strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0.05, dividendYield: 0 });
    const iv = impliedVolatilityWithMethod({ ...base, style: 'american', timeToExpiryYears: 1, rate: 0.05, dividendYield: 0, price });
    expect(iv.ok && iv.value.method).toBe('bsm');
    expect(iv.ok && iv.value.volatility).toBeCloseTo(0.2, 12);
  });

  it('rejects a deep in-the-money American put priced at its exercise value as having no time value', () => {
    const iv = impliedVolatility({ ...base, kind: 'put', style: 'american', strike: 150, rate: 0.05, dividendYield: 0, price: 50 });
    expect(iv.ok ? 'ok' : iv.error.code).toBe('NO_TIME_VALUE');
    const below = impliedVolatility({ ...base, kind: 'put', style: 'american', strike: 150, rate: 0.05, dividendYield: 0, price: 49 });
    expect(below.ok ? 'ok' : below.error.code).toBe('PRICE_BELOW_INTRINSIC');
  });
});
