import { describe, expect, it } from 'vitest';
import { OPTION_GREEK_UNITS, toDisplayGreeks } from './greek-units.ts';

describe('toDisplayGreeks', () => {
  const raw = { price: 5, delta: 0.5, gamma: 0.02, vega: 20, theta: -7.3, rho: 30, dividendRho: -40, vanna: 0.5, volga: 12, charm: -0.73 };

  it('converts per-1.00 kernel units to per-point and per-day display units', () => {
    expect(toDisplayGreeks(raw)).toEqual({
      price: 5, delta: 0.5, gamma: 0.02, vega: 0.2, theta: -7.3 / 365, rho: 0.3, dividendRho: -0.4,
      vanna: 0.005, volga: 12e-4, charm: -0.73 / 365,
    });
  });

  it('describes the unit of every display field in words', () => {
    expect(Object.keys(OPTION_GREEK_UNITS).sort()).toEqual(Object.keys(toDisplayGreeks(raw)).sort());
    expect(OPTION_GREEK_UNITS.theta).toMatch(/calendar day/);
    expect(OPTION_GREEK_UNITS.vega).toMatch(/0\.01/);
  });
});
