import { describe, expect, it } from 'vitest';
import { americanGreeks } from './american-pricing.ts';
import { bsmGreeks } from './bsm-greeks.ts';
import { OPTION_GREEK_UNITS, toDisplayGreeks } from './greek-units.ts';
import type { PriceOptionInput } from './price-option.ts';
import { priceOption, priceOptions } from './price-option.ts';

const put: PriceOptionInput = {
  kind: 'put', style: 'european', spot: 100, strike: 105, timeToExpiryYears: 0.5, volatility: 0.25, rate: 0.04, dividendYield: 0.01,
};

const codeOf = (input: unknown): string => {
  const r = priceOption(input as PriceOptionInput);
  return r.ok ? 'ok' : r.error.code;
};

describe('priceOption', () => {
  it('returns European BSM price and Greeks in display units, named bsm', () => {
    const r = priceOption(put);
    if (!r.ok) throw new Error(r.error.message);
    const { kind: _k, style: _s, ...params } = put;
    expect(r.value).toEqual({ ...toDisplayGreeks(bsmGreeks({ ...params, kind: 'put' })), method: 'bsm' });
    expect(r.value.vega).toBeCloseTo(bsmGreeks({ ...params, kind: 'put' }).vega / 100, 15);
    expect(r.value.theta).toBeCloseTo(bsmGreeks({ ...params, kind: 'put' }).theta / 365, 15);
  });

  it('prices an American put on the binomial lattice by default and names it', () => {
    const r = priceOption({ ...put, style: 'american' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.method).toBe('binomial');
    const raw = americanGreeks({ ...put, kind: 'put' }, 'binomial');
    expect(r.value.price).toBe(raw.price);
    expect(r.value.price).toBeGreaterThan(bsmGreeks({ ...put, kind: 'put' }).price);
  });

  it('uses exact BSM for an American call without dividends and honours an explicit method', () => {
    const call = { ...put, kind: 'call', style: 'american', dividendYield: 0 } as const;
    const exact = priceOption(call);
    expect(exact.ok && exact.value.method).toBe('bsm');
    const baw = priceOption({ ...put, style: 'american', method: 'baw' });
    expect(baw.ok && baw.value.method).toBe('baw');
    const bs = priceOption({ ...put, style: 'american', method: 'bjerksund-stensland-2002' });
    expect(bs.ok && bs.value.method).toBe('bjerksund-stensland-2002');
  });

  it('values an expired option at intrinsic with zero Greeks', () => {
    const r = priceOption({ ...put, timeToExpiryYears: 0, style: 'american' });
    expect(r.ok && r.value.price).toBe(5);
    expect(r.ok && [r.value.delta, r.value.gamma, r.value.vega, r.value.theta]).toEqual([0, 0, 0, 0]);
  });

  it('rejects negative or non-finite inputs with INVALID_INPUT and names each field', () => {
    const r = priceOption({ ...put, volatility: -0.2, spot: Number.NaN, strike: 0, timeToExpiryYears: Number.POSITIVE_INFINITY });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect((r.error.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['spot', 'strike', 'timeToExpiryYears', 'volatility']);
    expect(r.error.message).toMatch(/volatility must not be negative/);
  });

  it('rejects unknown kinds, styles and methods, and methods that do not fit the style', () => {
    expect(codeOf({ ...put, kind: 'straddle' })).toBe('INVALID_INPUT');
    expect(codeOf({ ...put, style: 'bermudan' })).toBe('INVALID_INPUT');
    expect(codeOf({ ...put, style: 'american', method: 'monte-carlo' })).toBe('INVALID_INPUT');
    expect(codeOf({ ...put, method: 'baw' })).toBe('INVALID_INPUT');
    expect(codeOf({ ...put, style: 'american', method: 'bsm' })).toBe('INVALID_INPUT');
    expect(codeOf(null)).toBe('INVALID_INPUT');
  });

  it('accepts zero volatility (deterministic value) for both styles', () => {
    const european = priceOption({ ...put, volatility: 0 });
    const american = priceOption({ ...put, volatility: 0, style: 'american' });
    expect(european.ok && european.value.price).toBeCloseTo(105 * Math.exp(-0.02) - 100 * Math.exp(-0.005), 12);
    expect(american.ok && american.value.price).toBe(5);
  });
});

describe('priceOptions', () => {
  it('fails only the invalid entries', () => {
    const results = priceOptions([put, { ...put, spot: -1 }, { ...put, kind: 'call' }]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
  });
});

describe('OPTION_GREEK_UNITS', () => {
  it('documents every field priceOption returns except the method', () => {
    const r = priceOption(put);
    if (!r.ok) throw new Error(r.error.message);
    const { method: _m, ...numbers } = r.value;
    expect(Object.keys(OPTION_GREEK_UNITS).sort()).toEqual(Object.keys(numbers).sort());
  });
});

describe('priceOption with an approximation outside its domain', () => {
  const negative = { kind: 'put', style: 'american', spot: 100, strike: 100, timeToExpiryYears: 1, volatility: 0.25, rate: -0.01, dividendYield: -0.02 } as const;

  it('answers an explicit baw / bjerksund-stensland-2002 request with METHOD_NOT_APPLICABLE, naming the method', () => {
    for (const method of ['baw', 'bjerksund-stensland-2002'] as const) {
      const r = priceOption({ ...negative, method });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('METHOD_NOT_APPLICABLE');
      expect(r.error.message).toContain(method);
    }
    const longDated = priceOption({ ...negative, timeToExpiryYears: 50, volatility: 0.02, rate: 0.2, dividendYield: 0, method: 'baw' });
    expect(longDated.ok ? 'ok' : longDated.error.code).toBe('METHOD_NOT_APPLICABLE');
    const call = priceOption({ ...negative, kind: 'call', timeToExpiryYears: 0.5, rate: -0.02, dividendYield: 0, method: 'bjerksund-stensland-2002' });
    expect(call.ok ? 'ok' : call.error.code).toBe('METHOD_NOT_APPLICABLE');
  });

  it('prices the same option by default on the lattice, above the European value', () => {
    const r = priceOption(negative);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.method).toBe('binomial');
    expect(r.value.price).toBeGreaterThan(9.59859);
  });

  it('gives automatic callers of americanGreeks(…, approximation) the lattice Greeks where the approximation does not apply', () => {
    const { style: _s, ...params } = negative;
    const viaBs = americanGreeks(params, 'bjerksund-stensland-2002');
    const lattice = americanGreeks(params, 'binomial');
    expect(viaBs).toEqual(lattice);
  });
});
