import { describe, expect, it } from 'vitest';
import { fixtureInput, limit } from '../limits/pre-trade-test-fixtures.ts';
import { applyScenario } from './apply-scenario.ts';
import type { StressResult } from './apply-scenario.ts';
import { stressedLimitBreaches, stressedLimitMeasurements, stressedPreTradeInput } from './stressed-limit-breaches.ts';
import { customScenario, LIMITS_FIXTURE_MARKET, limitsFixtureBook } from './stress-test-fixtures.ts';

function crash(move: number): StressResult {
  const r = applyScenario({
    book: limitsFixtureBook(), market: LIMITS_FIXTURE_MARKET, netAssetValue: 1_000_000,
    scenario: customScenario([{ target: { market: true }, spot: { relative: move }, volatility: { relative: 0.5 } }]),
  });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const limits = [limit('daily-loss', 10_000), limit('net-exposure', 200_000), limit('gross-exposure', 2_000_000)];

describe('stressed limit breaches', () => {
  it('measures the daily loss as the scenario loss and the net exposure as the post-stress dollar delta', () => {
    const result = crash(-0.2);
    const m = stressedLimitMeasurements({ input: fixtureInput({ limits }), book: limitsFixtureBook(), result });
    if (!m.ok) throw new Error(m.error.message);
    const byId = new Map(m.value.map((x) => [x.limitId, x]));
    expect(byId.get('daily-loss')!.magnitude).toBeCloseTo(-result.pnl.amount, 6);
    expect(Math.abs(byId.get('net-exposure')!.current - result.greeksAfter.dollarDelta)).toBeLessThan(1e-9 * Math.abs(result.greeksAfter.dollarDelta));
  });

  it('reports a daily-loss breach only when the scenario loses more than the limit', () => {
    const big = crash(-0.2);
    const small = crash(-0.01);
    expect(-big.pnl.amount).toBeGreaterThan(10_000);
    expect(-small.pnl.amount).toBeLessThan(10_000);
    const breached = (result: StressResult): string[] => {
      const r = stressedLimitBreaches({ input: fixtureInput({ limits }), book: limitsFixtureBook(), result });
      if (!r.ok) throw new Error(r.error.message);
      return r.value.map((x) => x.limitId);
    };
    expect(breached(big)).toContain('daily-loss');
    expect(breached(small)).not.toContain('daily-loss');
    expect(breached(big)).not.toContain('gross-exposure');
  });

  it('moves spots and option prices in the state input and refuses a book that points at the wrong positions', () => {
    const result = crash(-0.1);
    const r = stressedPreTradeInput({ input: fixtureInput(), book: limitsFixtureBook(), result });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.underlyings[0]!.spot).toBeCloseTo(100 * 0.88, 12);
    expect(r.value.underlyings[3]!.spot).toBe(20); // DDD: not in the book, unchanged
    expect(r.value.positions[0]!.unitPrice).toBeCloseTo(88, 12);
    expect(r.value.positions[3]!.unitPrice).toBe(result.bookGreeksAfter.options.perUnit.value[0]);
    expect(r.value.nav).toBe(1_000_000 + result.pnl.amount);
    const wrong = limitsFixtureBook();
    wrong.optionPosition[0] = 0;
    expect(stressedPreTradeInput({ input: fixtureInput(), book: wrong, result }).ok).toBe(false);
  });
});
