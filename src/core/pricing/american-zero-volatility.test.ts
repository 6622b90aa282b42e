import { describe, expect, it } from 'vitest';
import { americanZeroVolatilityPrice } from './american-zero-volatility.ts';
import type { OptionKind, OptionParams } from './option-types.ts';

const params = (kind: OptionKind, strike: number, t: number, vol: number, rate: number, q: number): OptionParams => ({
  kind, spot: 100, strike, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q,
});

describe('americanZeroVolatilityPrice', () => {
  it('exercises a put at once when carry favours it and waits when dividends exceed rates', () => {
    const now = americanZeroVolatilityPrice(params('put', 120, 1, 0, 0.05, 0));
    expect(now).toBe(20);
    const wait = americanZeroVolatilityPrice(params('put', 100, 1, 0, 0.01, 0.05));
    // best tau* = ln(q S / (r K)) / (q - r) > T, so exercise at T: K e^-rT - S e^-qT
    expect(wait).toBeCloseTo(100 * Math.exp(-0.01) - 100 * Math.exp(-0.05), 14);
  });
});
