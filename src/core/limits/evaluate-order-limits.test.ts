import { describe, expect, it } from 'vitest';
import type { LimitDefinition } from './limit-definition.ts';
import { LIMIT_REASON_CODES } from './pre-trade-reason-codes.ts';
import { measureLimits } from './measure-limits.ts';
import type { BuildPreTradeStateInput } from './pre-trade-state.ts';
import type { LegSpec } from './pre-trade-test-fixtures.ts';
import { check, codes, fixtureState, limit, option, order, stock, warningCodes } from './pre-trade-test-fixtures.ts';

const CCC_PUT = option('CCC', 'put', 190);

/** Current magnitude of a limit's metric in the fixture book (for metrics not worth hand-computing). */
function currentOf(def: LimitDefinition, overrides: Partial<BuildPreTradeStateInput> = {}): number {
  const m = measureLimits({ state: fixtureState({ ...overrides, limits: [def] }) });
  return m[0]!.magnitude;
}

interface Case {
  readonly name: string;
  readonly limit: LimitDefinition;
  readonly increase: LegSpec;
  readonly reduce: LegSpec;
  readonly overrides?: Partial<BuildPreTradeStateInput>;
}

const buyAAA: LegSpec = [stock('AAA'), 'buy', 100];
const sellAAA: LegSpec = [stock('AAA'), 'sell', 100];

const CASES: Case[] = [
  { name: 'position-size of one underlying (120,000 > 100,000)', limit: limit('position-size', 100_000, { scope: { kind: 'underlying', value: 'AAA' } }), increase: buyAAA, reduce: sellAAA },
  { name: 'position-size of one instrument in units (1,000 > 800 shares)', limit: limit('position-size', 800, { scope: { kind: 'symbol', value: 'AAA' }, params: { basis: 'quantity' } }), increase: buyAAA, reduce: sellAAA },
  { name: 'gross-exposure (325,000 > 300,000)', limit: limit('gross-exposure', 300_000), increase: [stock('DDD'), 'buy', 1000], reduce: sellAAA },
  { name: 'net-exposure (105,000 > 90,000)', limit: limit('net-exposure', 90_000), increase: buyAAA, reduce: sellAAA },
  { name: 'sector-exposure of Tech (80,000 > 60,000)', limit: limit('sector-exposure', 60_000, { scope: { kind: 'sector', value: 'Tech' } }), increase: buyAAA, reduce: sellAAA },
  { name: 'strategy-exposure of core (60,000 > 40,000)', limit: limit('strategy-exposure', 40_000, { scope: { kind: 'strategy', value: 'core' } }), increase: buyAAA, reduce: sellAAA },
  { name: 'daily-loss (30,000 lost > 25,000)', limit: limit('daily-loss', 25_000), increase: buyAAA, reduce: sellAAA, overrides: { navAtStartOfDay: 1_030_000 } },
  { name: 'concentration HHI (0.486 > 0.45)', limit: limit('concentration', 0.45), increase: buyAAA, reduce: sellAAA },
  { name: 'concentration largest share (0.649 > 0.6)', limit: limit('concentration', 0.6, { params: { basis: 'largest-share' } }), increase: buyAAA, reduce: sellAAA },
  { name: 'leverage gross / NAV (0.325 > 0.3)', limit: limit('leverage', 0.3), increase: [stock('DDD'), 'buy', 1000], reduce: sellAAA },
  { name: 'correlation (0.458 > 0.43)', limit: limit('correlation', 0.43), increase: [stock('BBB'), 'sell', 200], reduce: [stock('BBB'), 'buy', 200] },
  { name: 'liquidity days at 20 % of ADV (0.008 > 0.0065)', limit: limit('liquidity', 0.0065), increase: [stock('BBB'), 'sell', 100], reduce: [stock('BBB'), 'buy', 100] },
  { name: 'volatility of NAV', limit: limit('volatility', 0.85 * currentOf(limit('volatility', 1))), increase: buyAAA, reduce: sellAAA },
  { name: 'net-delta (105,000 > 90,000)', limit: limit('net-delta', 90_000), increase: buyAAA, reduce: sellAAA },
  { name: 'net-gamma (2,500 > 2,000 per 1 %)', limit: limit('net-gamma', 2_000), increase: [CCC_PUT, 'buy', 1], reduce: [CCC_PUT, 'sell', 1] },
  { name: 'net-vega (220 > 150 per vol point)', limit: limit('net-vega', 150), increase: [CCC_PUT, 'buy', 1], reduce: [CCC_PUT, 'sell', 1] },
  { name: 'net-theta decay cost (30 > 20 per day)', limit: limit('net-theta', 20), increase: [CCC_PUT, 'buy', 1], reduce: [CCC_PUT, 'sell', 1] },
  { name: 'var99 as a fraction of NAV (28,000 > 25,000)', limit: limit('var', 0.025, { fractionOfNav: true }), increase: buyAAA, reduce: sellAAA },
];

describe('evaluateOrder: every book limit type with a breached limit', () => {
  for (const c of CASES) {
    it(`${c.name}: blocks the order that increases it and passes the one that reduces it`, () => {
      const state = fixtureState({ ...c.overrides, limits: [c.limit] });
      const before = measureLimits({ state })[0]!;
      expect(before.breached).toBe(true);
      const up = check(state, order(c.increase));
      expect(up.decision).toBe('reject');
      expect(codes(up)).toEqual([LIMIT_REASON_CODES[c.limit.type].exceeded]);
      const reason = up.reasons[0]!;
      expect(reason.limitId).toBe(c.limit.id);
      expect(reason.limit).toBeCloseTo(before.limit, 9);
      expect(Math.abs(reason.projected!)).toBeGreaterThan(Math.abs(reason.current!));
      expect(reason.utilisation).toBeGreaterThan(1);
      // the reducing order leaves the metric above the limit: it passes because it reduces it
      const down = check(state, order(c.reduce));
      expect(down.decision).toBe('approve');
      expect(down.reasons).toEqual([]);
      expect(down.warnings.map((w) => [w.code, w.level])).toEqual([[LIMIT_REASON_CODES[c.limit.type].warning, 1]]);
    });
  }

  it('blocks an order that pushes a compliant metric over its limit (net delta 105,000 + 10,000 > 110,000)', () => {
    const state = fixtureState({ limits: [limit('net-delta', 110_000)] });
    expect(check(state, order([stock('AAA'), 'buy', 50])).decision).toBe('approve');
    const d = check(state, order([stock('AAA'), 'buy', 100]));
    expect(codes(d)).toEqual(['LIMIT_NET_DELTA_EXCEEDED']);
    expect(d.reasons[0]!.current).toBeCloseTo(105_000, 6);
    expect(d.reasons[0]!.projected).toBeCloseTo(115_000, 6);
  });

  it('blocks a daily-loss breach caused by the 3-sd add-on even when the order reduces exposure (W4 rule)', () => {
    // realised 20,000; selling 600 AAA adds 3 x 0.02 x 60,000 = 3,600 > 2,000 of headroom
    const state = fixtureState({ navAtStartOfDay: 1_020_000, limits: [limit('daily-loss', 22_000)] });
    const d = check(state, order([stock('AAA'), 'sell', 600]));
    expect(codes(d)).toEqual(['LIMIT_DAILY_LOSS_EXCEEDED']);
    expect(d.reasons[0]!.projected).toBeCloseTo(23_600, 6);
  });

  it('lets an order through a breached limit whose metric it leaves unchanged (stock order vs a vega limit)', () => {
    const state = fixtureState({ limits: [limit('net-vega', 200)] });
    const d = check(state, order([stock('AAA'), 'buy', 100]));
    expect(d.decision).toBe('approve');
    expect(d.warnings).toEqual([]);
  });

  it('does not judge scopes the order does not touch', () => {
    const state = fixtureState({ limits: [limit('sector-exposure', 1_000, { scope: { kind: 'sector', value: 'Energy' } })] });
    expect(check(state, order([stock('AAA'), 'buy', 100])).decision).toBe('approve');
    expect(codes(check(state, order([stock('CCC'), 'buy', 10])))).toEqual(['LIMIT_SECTOR_EXPOSURE_EXCEEDED']);
  });
});

describe('evaluateOrder: wildcard scopes apply to each touched label', () => {
  it('position-size per underlying names the underlying it blocks', () => {
    const state = fixtureState({ limits: [limit('position-size', 110_000, { scope: { kind: 'underlying', value: '*' } })] });
    const d = check(state, order([stock('AAA'), 'buy', 100], [stock('BBB'), 'sell', 100]));
    expect(d.reasons.map((r) => r.scope)).toEqual([{ kind: 'underlying', value: 'AAA' }]);
    expect(check(state, order([stock('BBB'), 'sell', 100])).decision).toBe('approve');
  });

  it('strategy exposure per strategy counts new instruments under the order strategy', () => {
    const state = fixtureState({ limits: [limit('strategy-exposure', 30_000, { scope: { kind: 'strategy', value: '*' } })] });
    const d = check(state, { ...order([stock('DDD'), 'buy', 2000]), strategy: 'momentum' });
    expect(d.reasons.map((r) => [r.code, r.scope])).toEqual([['LIMIT_STRATEGY_EXPOSURE_EXCEEDED', { kind: 'strategy', value: 'momentum' }]]);
    expect(d.reasons[0]!.projected).toBeCloseTo(40_000, 6);
  });

  it('beta-weighted net delta scales each underlying by its beta', () => {
    // beta-weighted: 1.2 x 120,000 - 0.8 x 40,000 + 25,000 = 137,000
    const state = fixtureState({ limits: [limit('net-delta', 140_000, { params: { weighting: 'beta' } })] });
    const d = check(state, order([stock('AAA'), 'buy', 30]));
    expect(codes(d)).toEqual(['LIMIT_NET_DELTA_EXCEEDED']);
    expect(d.reasons[0]!.current).toBeCloseTo(137_000, 6);
    expect(d.reasons[0]!.projected).toBeCloseTo(140_600, 6);
  });
});

describe('evaluateOrder: alert action and warning levels', () => {
  it("an 'alert' limit never blocks: the breach comes back as a warning", () => {
    const state = fixtureState({ limits: [limit('net-delta', 100_000, { action: 'alert' })] });
    const d = check(state, order([stock('AAA'), 'buy', 100]));
    expect(d.decision).toBe('approve');
    expect(warningCodes(d)).toEqual(['LIMIT_NET_DELTA_ALERT']);
    expect(d.warnings[0]!.level).toBe(1);
  });

  it.each([
    [0.5, []],
    [0.85, [0.8]],
    [0.97, [0.95]],
  ])('projected utilisation %s gives warnings at levels %j', (u, levels) => {
    // buying 100 AAA takes net delta to 115,000
    const state = fixtureState({ limits: [limit('net-delta', 115_000 / u)] });
    const d = check(state, order([stock('AAA'), 'buy', 100]));
    expect(d.decision).toBe('approve');
    expect(d.warnings.map((w) => w.level)).toEqual(levels);
    expect(d.warnings.every((w) => w.code === 'LIMIT_NET_DELTA_WARNING')).toBe(true);
  });

  it('follows the limit own warning levels', () => {
    const state = fixtureState({ limits: [limit('net-delta', 115_000 / 0.6, { warningLevels: [0.5] })] });
    expect(check(state, order([stock('AAA'), 'buy', 100])).warnings.map((w) => w.level)).toEqual([0.5]);
  });

  it('warns at level 1 when a breached limit is passed by a reducing order', () => {
    const state = fixtureState({ limits: [limit('net-delta', 80_000)] });
    const d = check(state, order([stock('AAA'), 'sell', 100]));
    expect(d.decision).toBe('approve');
    expect(d.warnings.map((w) => [w.code, w.level])).toEqual([['LIMIT_NET_DELTA_WARNING', 1]]);
  });
});

describe('evaluateOrder: enforcement actions at check time', () => {
  it.each(['block-new', 'reduce', 'close', 'emergency-stop'] as const)("'%s' blocks a risk-increasing breach and passes a reducing order", (action) => {
    const state = fixtureState({ limits: [limit('net-delta', 90_000, { action })] });
    expect(codes(check(state, order([stock('AAA'), 'buy', 1])))).toEqual(['LIMIT_NET_DELTA_EXCEEDED']);
    expect(check(state, order([stock('AAA'), 'sell', 1])).decision).toBe('approve');
  });

  it("'alert' on a per-order limit warns instead of blocking", () => {
    const state = fixtureState({ limits: [limit('order-quantity', 10, { action: 'alert' })] });
    const d = check(state, order([stock('AAA'), 'buy', 11]));
    expect(d.decision).toBe('approve');
    expect(warningCodes(d)).toEqual(['ORDER_QUANTITY_ALERT']);
  });
});
