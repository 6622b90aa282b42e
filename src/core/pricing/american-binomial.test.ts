import { describe, expect, it } from 'vitest';
import { americanBinomial } from './american-binomial.ts';
import { bsmPrice } from './bsm-greeks.ts';
import type { OptionKind, OptionParams } from './option-types.ts';

// High-precision values: Leisen-Reimer trees of 10,001 and 20,001 steps, Richardson-extrapolated
// (they agree with QuantLib's QdFp engine to ~1e-6 on the shared reference cases); S = 100.
const HIGH_PRECISION: ReadonlyArray<readonly [OptionKind, number, number, number, number, number, number]> = [
  ['put', 120, 2, 0.3, 0.05, 0.02, 26.1833328598],
  ['put', 100, 2, 0.8, 0.05, 0, 37.7060776666],
  ['put', 120, 0.25, 0.8, 0.1, 0.05, 28.092877973],
  ['call', 80, 2, 0.8, 0, 0.03, 45.8416673154],
  ['call', 100, 2, 0.1, 0.05, 0.02, 8.5213917095],
  ['put', 100, 7 / 365, 0.3, 0.05, 0, 1.6144383746],
  ['put', 80, 2, 0.1, 0.1, 0.05, 0.0511236515],
  ['call', 120, 0.25, 0.3, 0.05, 0.02, 0.9786057097],
  ['put', 100, 0.25, 0.1, 0.05, 0.02, 1.6949906111],
  ['call', 100, 7 / 365, 0.8, 0, 0.03, 4.3901508471],
];

const params = (kind: OptionKind, strike: number, t: number, vol: number, rate: number, q: number): OptionParams => ({
  kind, spot: 100, strike, timeToExpiryYears: t, volatility: vol, rate, dividendYield: q,
});

describe('American lattice (binomial BBSR)', () => {
  it.each(HIGH_PRECISION.map((c) => [`${c[0]} K=${c[1]} T=${c[2].toFixed(3)} vol=${c[3]} r=${c[4]} q=${c[5]}`, c] as const))(
    'is within 1e-3 of the high-precision value: %s', (_name, [kind, k, t, vol, r, q, truth]) => {
      expect(Math.abs(americanBinomial(params(kind, k, t, vol, r, q)).price - truth)).toBeLessThan(1e-3);
    });

  it('gives tree delta and gamma that match finite differences of its own price', () => {
    for (const p of [params('put', 100, 1, 0.3, 0.05, 0.01), params('call', 110, 0.5, 0.4, 0.03, 0.06)]) {
      const g = americanBinomial(p);
      const h = 0.5;
      const up = americanBinomial({ ...p, spot: p.spot + h }).price;
      const down = americanBinomial({ ...p, spot: p.spot - h }).price;
      expect(g.delta).toBeCloseTo((up - down) / (2 * h), 3);
      expect(g.gamma).toBeCloseTo((up - 2 * g.price + down) / (h * h), 3);
    }
  });

  it('reproduces the European price where early exercise is never optimal (call, q = 0)', () => {
    const p = params('call', 100, 1, 0.3, 0.05, 0);
    expect(Math.abs(americanBinomial(p).price - bsmPrice(p))).toBeLessThan(2e-5);
  });

  it('is worth intrinsic deep in the money, with delta -1 and no theta', () => {
    const g = americanBinomial(params('put', 200, 1, 0.2, 0.08, 0));
    expect(g.price).toBe(100);
    expect(g.delta).toBeCloseTo(-1, 12);
    expect(g.theta).toBe(0);
  });
});
