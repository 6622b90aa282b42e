import { describe, expect, it } from 'vitest';
import { fixtureInput, limit } from '../limits/pre-trade-test-fixtures.ts';
import { bookFromLists } from '../risk/book-from-lists.ts';
import { applyScenario } from './apply-scenario.ts';
import { reverseStress } from './reverse-stress.ts';
import type { ReverseStressInput, ReverseStressResult } from './reverse-stress.ts';
import { customScenario, LIMITS_FIXTURE_MARKET, limitsFixtureBook } from './stress-test-fixtures.ts';

const stockBook = bookFromLists({ underlyings: [{ symbol: 'A', spot: 100, stockUnits: 1000 }, { symbol: 'B', spot: 50, stockUnits: 2000 }], options: [] });
const market = { sectors: ['X', 'X'], betas: Float64Array.from([1, 1]) };

function run(input: Partial<ReverseStressInput> & Pick<ReverseStressInput, 'book' | 'market' | 'netAssetValue'>): ReverseStressResult {
  const r = reverseStress(input);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('reverseStress', () => {
  it('finds the market move that loses a fraction of NAV on a linear book, to the tolerance', () => {
    const r = run({ book: stockBook, market, netAssetValue: 200_000, lossFractions: [0.1, 0.9] });
    const [ten, ninety] = r.entries;
    expect(ten!.market.down!.move).toBeLessThanOrEqual(-0.1 + 1e-12);
    expect(ten!.market.down!.move).toBeGreaterThan(-0.1 - 1e-4);
    expect(ten!.market.down!.pnl).toBeLessThanOrEqual(-20_000);
    expect(ten!.market.up).toBe(null);
    expect(ten!.volatility.down).toBe(null);
    // -90 % is outside the default 60 % range
    expect(ninety!.market.down).toBe(null);
  });

  it('scales the market move by beta', () => {
    const r = run({ book: stockBook, market: { ...market, betas: Float64Array.from([2, 2]) }, netAssetValue: 200_000, lossFractions: [0.1] });
    expect(r.entries[0]!.market.down!.move).toBeCloseTo(-0.05, 3);
  });

  it('finds the smallest vol fall that costs a long-option book 5 % of NAV: the move breaches, a slightly smaller one does not', () => {
    const book = bookFromLists({
      underlyings: [{ symbol: 'A', spot: 100 }],
      options: [{ underlying: 0, kind: 'call', strike: 100, timeToExpiryYears: 0.5, volatility: 0.3, rate: 0.03, units: 10_000 }],
    });
    const nav = 100_000;
    const r = run({ book, market: { sectors: ['X'], betas: Float64Array.from([1]) }, netAssetValue: nav, lossFractions: [0.05] });
    const v = r.entries[0]!.volatility.down!;
    expect(v.move).toBeLessThan(0);
    const pnlAt = (move: number): number => {
      const s = applyScenario({ book, market: { sectors: ['X'], betas: Float64Array.from([1]) }, netAssetValue: nav, scenario: customScenario([{ target: { market: true }, volatility: { relative: move } }]) });
      if (!s.ok) throw new Error(s.error.message);
      return s.value.pnl.amount;
    };
    expect(pnlAt(v.move)).toBeLessThanOrEqual(-0.05 * nav);
    expect(pnlAt(v.move + 2e-4)).toBeGreaterThan(-0.05 * nav);
    expect(r.entries[0]!.volatility.up).toBe(null);
  });

  it('finds the market fall that breaches a daily-loss limit, measured by the limits engine', () => {
    const limitState = fixtureInput({ limits: [limit('daily-loss', 10_000), limit('gross-exposure', 1e9)] });
    const r = run({ book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000, limitState });
    const daily = r.entries.find((e) => e.target.kind === 'limit' && e.target.limitId === 'daily-loss')!;
    expect(daily.market.down!.pnl).toBeLessThanOrEqual(-10_000);
    expect(daily.market.down!.breachedAlready).toBe(false);
    const gross = r.entries.find((e) => e.target.kind === 'limit' && e.target.limitId === 'gross-exposure')!;
    expect(gross.market.down).toBe(null);
    expect(gross.market.up).toBe(null);
  });

  it('reports 0 for a limit breached before any move', () => {
    const limitState = fixtureInput({ limits: [limit('net-exposure', 1_000)] });
    const r = run({ book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000, limitState });
    expect(r.entries[0]!.market.down).toEqual(expect.objectContaining({ move: -0, breachedAlready: true }));
  });
});
