import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestFittingSize } from './largest-fitting-size.ts';
import type { PreTradeState } from './pre-trade-state.ts';
import { check, fixtureState, limit, NOW_MS, option, order, stock } from './pre-trade-test-fixtures.ts';

const size = (state: PreTradeState, leg: Parameters<typeof largestFittingSize>[0]['leg'], maxQuantity: number) =>
  largestFittingSize({ state, clientOrderId: 's-1', leg, maxQuantity, nowMs: NOW_MS, maxQuoteAgeMs: 5_000, ordersInLastSecond: 0 });

describe('largestFittingSize', () => {
  it('finds the largest approved size: size is approved and size + 1 is not', () => {
    // net delta 105,000 under a 130,000 limit: 250 AAA shares fit, 251 do not
    const state = fixtureState({ limits: [limit('net-delta', 130_000)] });
    const r = size(state, { instrument: stock('AAA'), side: 'buy' }, 10_000);
    expect(r.quantity).toBe(250);
    expect(r.decision.decision).toBe('approve');
    expect(check(state, order([stock('AAA'), 'buy', 250])).decision).toBe('approve');
    expect(check(state, order([stock('AAA'), 'buy', 251])).decision).toBe('reject');
    expect(r.checks).toBeLessThanOrEqual(2 + Math.ceil(Math.log2(10_000)));
  });

  it('returns the cap when the cap fits', () => {
    const r = size(fixtureState({ limits: [limit('net-delta', 130_000)] }), { instrument: stock('AAA'), side: 'sell' }, 300);
    expect(r).toMatchObject({ quantity: 300, checks: 1, decision: { decision: 'approve' } });
  });

  it('returns 0 with the reasons when no size fits', () => {
    const r = size(fixtureState({ tradingState: 'HALTED' }), { instrument: stock('AAA'), side: 'buy' }, 100);
    expect(r.quantity).toBe(0);
    expect(r.decision.reasons.map((x) => x.code)).toEqual(['TRADING_HALTED']);
  });

  it('holds for random limits, sides and instruments (size approved, size + 1 rejected unless at the cap)', () => {
    fc.assert(fc.property(
      fc.double({ min: 20_000, max: 300_000, noNaN: true }), fc.constantFrom('buy' as const, 'sell' as const), fc.boolean(), fc.integer({ min: 1, max: 5_000 }),
      (amount, side, useOption, cap) => {
        const state = fixtureState({ limits: [limit('net-delta', amount), limit('gross-exposure', 2 * amount)] });
        const instrument = useOption ? option('DDD', 'call', 20, 'european') : stock('BBB');
        const r = size(state, { instrument, side }, cap);
        if (r.quantity > 0) expect(check(state, order([instrument, side, r.quantity])).decision).toBe('approve');
        if (r.quantity < cap) expect(check(state, order([instrument, side, r.quantity + 1])).decision).toBe('reject');
      },
    ), { numRuns: 150, seed: 11 });
  });
});
