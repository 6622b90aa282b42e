import { describe, expect, it } from 'vitest';
import { bsmGreeks } from '../pricing/bsm-greeks.ts';
import type { PreTradeOrderLeg } from './pre-trade-decision.ts';
import { PRE_TRADE_REASON_CODES } from './pre-trade-reason-codes.ts';
import { withTradingState } from './pre-trade-state.ts';
import { AAA_C100, AAA_C110, check, codes, EXPIRY, fixtureState, limit, NOW_MS, option, order, stock, UNDERLYINGS, underlying } from './pre-trade-test-fixtures.ts';

const C100 = option('AAA', 'call', 100);
const C110 = option('AAA', 'call', 110);

describe('evaluateOrder: trading states', () => {
  const active = fixtureState();

  it('HALTED rejects everything, reducing orders included', () => {
    const halted = withTradingState({ state: active, tradingState: 'HALTED' });
    const d = check(halted, order([stock('AAA'), 'sell', 100]));
    expect(d.decision).toBe('reject');
    expect(codes(d)).toEqual(['TRADING_HALTED']);
    expect(d.tradingState).toBe('HALTED');
    expect(check(active, order([stock('AAA'), 'sell', 100])).decision).toBe('approve');
  });

  describe('REDUCE_ONLY', () => {
    const reduceOnly = withTradingState({ state: active, tradingState: 'REDUCE_ONLY' });

    it('approves legs that each shrink the position they touch (sell long AAA, buy back short BBB)', () => {
      expect(check(reduceOnly, order([stock('AAA'), 'sell', 400], [stock('BBB'), 'buy', 800])).decision).toBe('approve');
    });

    it('rejects a mixed order whose second leg increases a position, naming that leg', () => {
      const d = check(reduceOnly, order([stock('AAA'), 'sell', 100], [stock('BBB'), 'sell', 100]));
      expect(d.decision).toBe('reject');
      expect(d.reasons.map((r) => [r.code, r.legIndex])).toEqual([['REDUCE_ONLY_VIOLATION', 1]]);
    });

    it('rejects a leg that flips the position through zero', () => {
      const d = check(reduceOnly, order([stock('AAA'), 'sell', 1001]));
      expect(d.reasons.map((r) => [r.code, r.current, r.projected])).toEqual([['REDUCE_ONLY_VIOLATION', 1000, -1]]);
      expect(check(reduceOnly, order([stock('AAA'), 'sell', 1000])).decision).toBe('approve');
    });

    it('applies legs on one instrument in turn: two sells that together flip are rejected', () => {
      const d = check(reduceOnly, order([stock('AAA'), 'sell', 600], [stock('AAA'), 'sell', 600]));
      expect(d.reasons.map((r) => r.legIndex)).toEqual([1]);
    });

    it('rejects opening a new position', () => {
      expect(codes(check(reduceOnly, order([stock('DDD'), 'buy', 1])))).toEqual(['REDUCE_ONLY_VIOLATION']);
    });
  });
});

describe('evaluateOrder: a multi-leg order is one unit', () => {
  // net delta 105,000; +10 C100 adds 55,000, -10 C110 takes 35,000: the spread adds 20,000
  const state = fixtureState({ limits: [limit('net-delta', 130_000)] });

  it('approves a spread whose combined delta fits although its long leg alone would not', () => {
    expect(check(state, order([C100, 'buy', 10])).decision).toBe('reject');
    const spread = check(state, order([C100, 'buy', 10], [C110, 'sell', 10]));
    expect(spread.decision).toBe('approve');
    expect(spread.projected.greeks.dollarDelta).toBeCloseTo(125_000, 6);
  });

  it('rejects the whole order when one leg is bad', () => {
    const d = check(state, order([C100, 'buy', 10], [C110, 'sell', 10], [stock('ZZZ'), 'buy', 1]));
    expect(d.decision).toBe('reject');
    expect(d.reasons.map((r) => [r.code, r.legIndex])).toEqual([['INSTRUMENT_UNKNOWN', 2]]);
    // nothing was applied: the projection is the book as it is
    expect(d.projected.greeks.dollarDelta).toBeCloseTo(105_000, 6);
  });

  it('rejects the whole order when the legs together breach though each alone would fit', () => {
    expect(check(state, order([stock('AAA'), 'buy', 200])).decision).toBe('approve'); // +20,000
    expect(check(state, order([C100, 'buy', 2])).decision).toBe('approve'); // +11,000
    const d = check(state, order([stock('AAA'), 'buy', 200], [C100, 'buy', 2]));
    expect(codes(d)).toEqual(['LIMIT_NET_DELTA_EXCEEDED']);
    expect(d.reasons[0]!.projected).toBeCloseTo(136_000, 6);
  });

  it('merges legs on the same instrument (buy and sell of one stock net to nothing)', () => {
    const d = check(state, order([stock('AAA'), 'buy', 5000], [stock('AAA'), 'sell', 5000]));
    expect(d.decision).toBe('approve');
    expect(d.projected.exposure.gross).toBeCloseTo(325_000, 6);
  });
});

describe('evaluateOrder: fails closed', () => {
  it('rejects a stale quote of a leg underlying', () => {
    const state = fixtureState({ underlyings: UNDERLYINGS.map((u) => (u.symbol === 'AAA' ? { ...u, quoteTimeMs: NOW_MS - 10_000 } : u)) });
    expect(codes(check(state, order([stock('AAA'), 'buy', 1]), { maxQuoteAgeMs: 5_000 }))).toEqual(['MARKET_DATA_STALE']);
    expect(check(state, order([stock('AAA'), 'buy', 1]), { maxQuoteAgeMs: 20_000 }).decision).toBe('approve');
  });

  it('rejects an underlying with no quote, and an option with no ATM volatility', () => {
    const state = fixtureState({ underlyings: [...UNDERLYINGS, { ...underlying('EEE', 10, 'Tech', 1, 0.02, 1e5, 0.3), spot: null }, { ...underlying('FFF', 10, 'Tech', 1, 0.02, 1e5, 0.3), atmVolatility: null }], dailyCovariance: new Float64Array(36) });
    expect(codes(check(state, order([stock('EEE'), 'buy', 1])))).toEqual(['MARKET_DATA_MISSING']);
    expect(codes(check(state, order([option('FFF', 'call', 10), 'buy', 1])))).toEqual(['MARKET_DATA_MISSING']);
    expect(check(state, order([stock('FFF'), 'buy', 1])).decision).toBe('approve');
  });

  it('rejects unknown instruments and invalid legs with coded reasons', () => {
    const state = fixtureState();
    expect(codes(check(state, order([stock('ZZZ'), 'buy', 1])))).toEqual(['INSTRUMENT_UNKNOWN']);
    expect(codes(check(state, order([stock('AAA'), 'buy', 0])))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, order([stock('AAA'), 'buy', Number.NaN])))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, order([C100, 'buy', 1.5])))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, order([{ ...C100, expiry: '2024-02-30' }, 'buy', 1])))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, order([{ ...C100, expiry: '2024-06-06' }, 'buy', 1])))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, { clientOrderId: 'x', legs: [] }))).toEqual(['INVALID_ORDER']);
    expect(codes(check(state, { clientOrderId: 'x', legs: [{ instrument: stock('AAA'), side: 'hold' as 'buy', quantity: 1 }] }))).toEqual(['INVALID_ORDER']);
  });

  it('rejects an order on a name without ADV while a liquidity limit is active', () => {
    const input = { underlyings: [...UNDERLYINGS, { ...underlying('EEE', 10, 'Tech', 1, 0.02, 1e5, 0.3), averageDailyVolume: null }], dailyCovariance: new Float64Array(25) };
    expect(check(fixtureState(input), order([stock('EEE'), 'buy', 1])).decision).toBe('approve');
    expect(codes(check(fixtureState({ ...input, limits: [limit('liquidity', 5)] }), order([stock('EEE'), 'buy', 1])))).toEqual(['MARKET_DATA_MISSING']);
  });
});

describe('evaluateOrder: per-order limits block whatever the direction', () => {
  it('order-quantity', () => {
    const state = fixtureState({ limits: [limit('order-quantity', 500)] });
    expect(check(state, order([stock('AAA'), 'buy', 500])).decision).toBe('approve');
    expect(codes(check(state, order([stock('AAA'), 'sell', 600])))).toEqual(['ORDER_QUANTITY_EXCEEDED']);
  });

  it('order-notional on the underlying value, summed over legs', () => {
    const state = fixtureState({ limits: [limit('order-notional', 50_000)] });
    expect(check(state, order([stock('AAA'), 'sell', 300], [C100, 'sell', 2])).decision).toBe('approve'); // 30,000 + 20,000
    const d = check(state, order([stock('AAA'), 'sell', 300], [C100, 'sell', 3]));
    expect(codes(d)).toEqual(['ORDER_NOTIONAL_EXCEEDED']);
    expect(d.reasons[0]!.projected).toBeCloseTo(60_000, 6);
  });

  it('order-notional on the premium paid', () => {
    const state = fixtureState({ limits: [limit('order-notional', 5_000, { params: { basis: 'premium' } })] });
    expect(check(state, order([C100, 'buy', 6, 8])).decision).toBe('approve'); // 6 x 100 x 8 = 4,800
    expect(codes(check(state, order([C100, 'buy', 7, 8])))).toEqual(['ORDER_NOTIONAL_EXCEEDED']);
  });

  it('price-collar against the last price, and against the model price for an option', () => {
    const state = fixtureState({ limits: [limit('price-collar', 0.05)] });
    expect(check(state, order([stock('AAA'), 'buy', 10, 104.9])).decision).toBe('approve');
    expect(codes(check(state, order([stock('AAA'), 'sell', 10, 94.9])))).toEqual(['PRICE_OUTSIDE_COLLAR']);
    expect(check(state, order([stock('AAA'), 'buy', 10])).decision).toBe('approve'); // a market order has no price to collar
    expect(codes(check(state, order([C100, 'sell', 1, 8 * 1.06])))).toEqual(['PRICE_OUTSIDE_COLLAR']); // held: marked at 8
    expect(check(state, order([C100, 'sell', 1, 8 * 1.04])).decision).toBe('approve');
  });

  it('order-rate counts this order', () => {
    const state = fixtureState({ limits: [limit('order-rate', 10)] });
    expect(check(state, order([stock('AAA'), 'buy', 1]), { ordersInLastSecond: 9 }).decision).toBe('approve');
    expect(codes(check(state, order([stock('AAA'), 'buy', 1]), { ordersInLastSecond: 10 }))).toEqual(['ORDER_RATE_EXCEEDED']);
  });

  it('restricted-symbols match the symbol or the underlying of an option', () => {
    const state = fixtureState({ limits: [limit('restricted-symbols', 0, { params: { symbols: ['AAA'] } })] });
    expect(codes(check(state, order([stock('AAA'), 'sell', 1])))).toEqual(['RESTRICTED_SYMBOL']);
    expect(codes(check(state, order([stock('BBB'), 'buy', 1], [C110, 'buy', 1])))).toEqual(['RESTRICTED_SYMBOL']);
    expect(check(state, order([stock('BBB'), 'buy', 1])).decision).toBe('approve');
  });
});

describe('evaluateOrder: valuation of options not held', () => {
  it('values a European option by BSM from the ATM volatility', () => {
    const state = fixtureState();
    const d = check(state, order([option('DDD', 'call', 21, 'european'), 'buy', 2]));
    const t = (Date.UTC(2024, 11, 20, 21) - NOW_MS) / (365 * 86_400_000);
    const g = bsmGreeks({ kind: 'call', spot: 20, strike: 21, timeToExpiryYears: t, volatility: 0.4, rate: 0.04, dividendYield: 0.01 });
    expect(d.pricing).toEqual(['bsm']);
    expect(d.projected.greeks.dollarDelta - 105_000).toBeCloseTo(2 * 100 * g.delta * 20, 6);
    expect(d.projected.greeks.vegaPerVolPoint - 220).toBeCloseTo(2 * 100 * g.vega * 0.01, 8);
  });

  it('rejects an American option Bjerksund-Stensland 2002 cannot value (a call with r < 0 = q) rather than guess or stall', () => {
    const underlyings = UNDERLYINGS.map((u) => (u.symbol === 'DDD' ? { ...u, dividendYield: 0 } : u));
    const d = check(fixtureState({ rate: -0.01, underlyings }), order([option('DDD', 'call', 21), 'buy', 1]));
    expect(d.decision).toBe('reject');
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatchObject({ code: 'PRICING_FAILED' });
    expect(d.reasons[0]?.message).toMatch(/bjerksund-stensland-2002/i);
  });

  it('values an American put by Bjerksund-Stensland 2002, as held positions are valued, with a bumped delta close to and below the European one', () => {
    const d = check(fixtureState(), order([option('DDD', 'put', 22), 'buy', 1]));
    expect(d.pricing).toEqual(['bs2002-bumped']);
    const t = (Date.UTC(2024, 11, 20, 21) - NOW_MS) / (365 * 86_400_000);
    const european = bsmGreeks({ kind: 'put', spot: 20, strike: 22, timeToExpiryYears: t, volatility: 0.4, rate: 0.04, dividendYield: 0.01 }).delta;
    const american = (d.projected.greeks.dollarDelta - 105_000) / (100 * 20);
    expect(american).toBeLessThan(european);
    expect(american).toBeGreaterThan(-1);
    expect(Math.abs(american - european)).toBeLessThan(0.1);
  });
});

describe('evaluateOrder: the decision', () => {
  it('reports the projected book after the order and the limits version', () => {
    const d = check(fixtureState({ limitsVersion: 7 }), order([stock('AAA'), 'sell', 100]));
    expect(d.limitsVersion).toBe(7);
    const e = d.projected.exposure;
    expect([e.gross, e.net, e.long, e.short, e.leverage * 1e6].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([315_000, 95_000, 205_000, 110_000, 315_000]);
    expect(d.projected.var.method).toBe('delta-normal-scaled');
    expect(d.projected.var.var99).toBeLessThan(28_000);
    expect(d.projected.var.var99 / d.projected.var.var95).toBeCloseTo(28_000 / 20_000, 12);
  });

  it('uses only codes from the exported list', () => {
    const state = fixtureState({ tradingState: 'REDUCE_ONLY', limits: [limit('net-delta', 1), limit('order-quantity', 1), limit('restricted-symbols', 0, { params: { symbols: ['AAA'] } })] });
    const d = check(state, order([stock('AAA'), 'buy', 100, 200]));
    expect(d.reasons.length).toBe(4);
    for (const r of [...d.reasons, ...d.warnings]) expect(PRE_TRADE_REASON_CODES).toContain(r.code);
  });

  it('joins an option order to the held position by instrument key', () => {
    const reduceOnly = fixtureState({ tradingState: 'REDUCE_ONLY' });
    expect(check(reduceOnly, order([C100, 'sell', 10])).decision).toBe('approve');
    const d = check(reduceOnly, order([C100, 'sell', 11]));
    expect(d.reasons.map((r) => r.scope)).toEqual([{ kind: 'symbol', value: AAA_C100 }]);
    expect(check(reduceOnly, order([C110, 'buy', 10])).decision).toBe('approve');
    expect(AAA_C110).toBe(`AAA ${EXPIRY} C 110`);
  });
});

describe('evaluateOrder: long-running state', () => {
  it('still merges legs on one instrument after the working stamps wrap around', () => {
    const state = fixtureState({ limits: [limit('net-delta', 130_000)] });
    state.scratch.stamp = 0x7fffffff - 1;
    for (let i = 0; i < 3; i++) {
      const d = check(state, order([stock('AAA'), 'buy', 5000], [stock('AAA'), 'sell', 5000]));
      expect(d.decision).toBe('approve');
      expect(d.projected.exposure.gross).toBeCloseTo(325_000, 6);
    }
    expect(state.scratch.stamp).toBeLessThan(10);
  });
});

describe('evaluateOrder: bad inputs from the edge', () => {
  it('treats a non-numeric quote age bound or clock as stale, and a null leg as invalid', () => {
    const state = fixtureState();
    expect(codes(check(state, order([stock('AAA'), 'buy', 1]), { maxQuoteAgeMs: Number.NaN }))).toEqual(['MARKET_DATA_STALE']);
    expect(codes(check(state, order([stock('AAA'), 'buy', 1]), { nowMs: Number.NaN }))).toEqual(['MARKET_DATA_STALE']);
    expect(codes(check(state, { clientOrderId: 'x', legs: [null as unknown as PreTradeOrderLeg] }))).toEqual(['INVALID_ORDER']);
  });
});
