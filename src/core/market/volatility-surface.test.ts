import { describe, expect, it } from 'vitest';
import { buildVolatilitySurface, flatVolatilitySurface } from './volatility-surface.ts';

describe('volatility surface', () => {
  const surface = buildVolatilitySurface('X', [
    { timeYears: 0.25, logMoneyness: -0.1, volatility: 0.3 }, { timeYears: 0.25, logMoneyness: 0, volatility: 0.25 },
    { timeYears: 0.25, logMoneyness: 0.1, volatility: 0.22 }, { timeYears: 1, logMoneyness: 0, volatility: 0.2 },
  ]);

  it('returns quoted points exactly and interpolates the smile linearly in log-moneyness', () => {
    expect(surface.volatility({ timeYears: 0.25, logMoneyness: 0 })).toBeCloseTo(0.25, 15);
    expect(surface.volatility({ timeYears: 0.25, logMoneyness: -0.05 })).toBeCloseTo(0.275, 15);
    expect(surface.atmVolatility).toBeCloseTo(0.25, 15);
  });

  it('extrapolates flat beyond the quoted strikes and expiries', () => {
    expect(surface.volatility({ timeYears: 0.25, logMoneyness: -0.5 })).toBeCloseTo(0.3, 15);
    expect(surface.volatility({ timeYears: 0.05, logMoneyness: 0.3 })).toBeCloseTo(0.22, 15);
    expect(surface.volatility({ timeYears: 3, logMoneyness: 0 })).toBeCloseTo(0.2, 15);
  });

  it('interpolates total variance linearly in time between expiries', () => {
    const t = 0.625;
    const expected = Math.sqrt((0.25 ** 2 * 0.25 * 0.5 + 0.2 ** 2 * 1 * 0.5) / t);
    expect(surface.volatility({ timeYears: t, logMoneyness: 0 })).toBeCloseTo(expected, 14);
  });

  it('is flat when built from a single level', () => {
    const flat = flatVolatilitySurface('Y', 0.31);
    expect(flat.volatility({ timeYears: 2, logMoneyness: 0.4 })).toBe(0.31);
    expect(flat.source).toBe('historical-flat');
  });
});
