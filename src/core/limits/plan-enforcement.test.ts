import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LimitDefinition, LimitScope, LimitType } from './limit-definition.ts';
import { measureLimits } from './measure-limits.ts';
import type { EnforcementInstruction, EnforcementPlan } from './plan-enforcement.ts';
import { planEnforcement } from './plan-enforcement.ts';
import type { PreTradePositionInput, PreTradeState } from './pre-trade-state.ts';
import { AAA_C100, AAA_C110, CCC_P190, equityPosition, fixtureState, limit, optionPosition, POSITIONS } from './pre-trade-test-fixtures.ts';

function plan(state: PreTradeState, limitId: string, opts: { scopeValue?: string; action?: 'reduce' | 'close' } = {}): EnforcementPlan {
  const r = planEnforcement({ state, limitId, ...opts });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** The positions after executing the instructions. */
function apply(positions: readonly PreTradePositionInput[], instructions: readonly EnforcementInstruction[]): PreTradePositionInput[] {
  return positions.map((p) => {
    let q = p.quantity;
    for (const i of instructions) if (i.instrumentKey === p.instrumentKey) q += i.side === 'buy' ? i.quantity : -i.quantity;
    return { ...p, quantity: q };
  });
}

const brief = (is: readonly EnforcementInstruction[]): string[] => is.map((i) => `${i.side} ${i.quantity} ${i.instrumentKey}${i.strategyGroupId === null ? '' : ` [${i.strategyGroupId}]`}`);

function measured(positions: readonly PreTradePositionInput[], def: LimitDefinition, scope: LimitScope = def.scope): number {
  const m = measureLimits({ state: fixtureState({ positions, limits: [def] }) }).find((x) => JSON.stringify(x.scope) === JSON.stringify(scope));
  return m?.magnitude ?? 0;
}

describe('planEnforcement: reduce', () => {
  it('brings portfolio net delta within the limit by the largest contributor first', () => {
    const def = limit('net-delta', 60_000, { action: 'reduce' });
    const p = plan(fixtureState({ limits: [def] }), def.id);
    expect(p.metricBefore).toBeCloseTo(105_000, 6);
    expect(brief(p.instructions)).toEqual(['sell 450 AAA']);
    expect(p.complete).toBe(true);
    expect(measured(apply(POSITIONS, p.instructions), def)).toBeCloseTo(60_000, 6);
  });

  it('keeps a strategy group whole: both legs of the spread are cut by the same number of lots', () => {
    // AAA exposure 120,000 = stock 100,000 + spread 20,000 (2,000 per lot of +1 C100 / -1 C110)
    const def = limit('position-size', 10_000, { scope: { kind: 'underlying', value: 'AAA' }, action: 'reduce' });
    const p = plan(fixtureState({ limits: [def] }), def.id);
    expect(brief(p.instructions)).toEqual(['sell 1000 AAA', `sell 5 ${AAA_C100} [G1]`, `buy 5 ${AAA_C110} [G1]`]);
    expect(p.metricAfter).toBeCloseTo(10_000, 6);
    expect(measured(apply(POSITIONS, p.instructions), def)).toBeCloseTo(10_000, 6);
  });

  it('cuts a large position partly when closing it whole would overshoot past zero', () => {
    // net delta 5,000 = 100,000 long AAA - 95,000 short BBB: closing AAA would leave -95,000
    const positions = [equityPosition('AAA', 1000, 'core', 100), equityPosition('BBB', -1900, 'core', 50)];
    const def = limit('net-delta', 2_000, { action: 'reduce' });
    const p = plan(fixtureState({ positions, limits: [def] }), def.id);
    expect(brief(p.instructions)).toEqual(['sell 30 AAA']);
    expect(p.metricAfter).toBeCloseTo(2_000, 6);
  });

  it('plans daily loss on realised loss plus the 3-sd loss the book can still add today', () => {
    // realised 30,000 + 3 x (0.02 x 120,000 + 0.015 x 40,000 + 0.025 x 25,000) = 40,875
    const def = limit('daily-loss', 35_000, { action: 'reduce' });
    const p = plan(fixtureState({ navAtStartOfDay: 1_030_000, limits: [def] }), def.id);
    expect(p.metricBefore).toBeCloseTo(40_875, 6);
    expect(p.metricAfter).toBeLessThanOrEqual(35_000);
    expect(p.metricAfter).toBeGreaterThan(34_900);
    expect(p.instructions.length).toBeGreaterThan(0);
  });

  it('gives no instructions when the limit is not breached', () => {
    const def = limit('net-delta', 200_000, { action: 'reduce' });
    expect(plan(fixtureState({ limits: [def] }), def.id).instructions).toEqual([]);
  });
});

describe('planEnforcement: close', () => {
  it('flattens the scope and every leg of a group in it', () => {
    const def = limit('net-delta', 1, { scope: { kind: 'underlying', value: 'AAA' }, action: 'close' });
    const p = plan(fixtureState({ limits: [def] }), def.id);
    expect(brief(p.instructions)).toEqual(['sell 1000 AAA', `sell 10 ${AAA_C100} [G1]`, `buy 10 ${AAA_C110} [G1]`]);
    expect(p.metricAfter).toBe(0);
  });

  it('closes a group leg that lies outside the scope', () => {
    const positions = [...POSITIONS, optionPosition('BBB 2024-12-20 P 45', 'BBB', 4, 'spreads', 'G1', { price: 2, delta: -0.3, gamma: 0.04, vega: 0.1, theta: -0.01 })];
    const def = limit('net-delta', 1, { scope: { kind: 'underlying', value: 'AAA' }, action: 'close' });
    const p = plan(fixtureState({ positions, limits: [def] }), def.id);
    expect(brief(p.instructions)).toContain('sell 4 BBB 2024-12-20 P 45 [G1]');
  });

  it('closes positions in restricted symbols', () => {
    const def = limit('restricted-symbols', 0, { params: { symbols: ['CCC'] } });
    expect(brief(plan(fixtureState({ limits: [def] }), def.id).instructions)).toEqual(['sell 300 CCC', `sell 5 ${CCC_P190}`]);
  });

  it('refuses limits that are about orders, unknown limits and a wildcard without its scope', () => {
    const state = fixtureState({ limits: [limit('order-quantity', 5), limit('net-delta', 1, { scope: { kind: 'underlying', value: '*' } })] });
    expect(planEnforcement({ state, limitId: 'order-quantity' })).toMatchObject({ ok: false, error: { code: 'NOT_ENFORCEABLE' } });
    expect(planEnforcement({ state, limitId: 'nope' })).toMatchObject({ ok: false, error: { code: 'LIMIT_UNKNOWN' } });
    expect(planEnforcement({ state, limitId: 'net-delta' })).toMatchObject({ ok: false, error: { code: 'SCOPE_UNKNOWN' } });
    expect(planEnforcement({ state, limitId: 'net-delta', scopeValue: 'BBB', action: 'close' })).toMatchObject({ ok: true, value: { instructions: [{ instrumentKey: 'BBB', side: 'buy', quantity: 800 }] } });
  });
});

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const SPOTS = [100, 50, 200, 20];

const arbOption = fc.record({ delta: fc.double({ min: -1, max: 1, noNaN: true }), gamma: fc.double({ min: 0, max: 0.05, noNaN: true }), vega: fc.double({ min: 0, max: 0.5, noNaN: true }), theta: fc.double({ min: -0.1, max: 0, noNaN: true }) });
const arbSingle = fc.record({ u: fc.nat(3), equity: fc.boolean(), quantity: fc.integer({ min: -300, max: 300 }).filter((q) => q !== 0), strategy: fc.constantFrom('s1', 's2'), g: arbOption });
const arbGroup = fc.record({ u: fc.tuple(fc.nat(3), fc.nat(3)), ratio: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })), lots: fc.integer({ min: 1, max: 20 }), g: fc.tuple(arbOption, arbOption) });

const LIMIT_CASES: readonly [LimitType, LimitScope, Record<string, unknown>][] = [
  ['net-delta', { kind: 'portfolio' }, {}], ['net-delta', { kind: 'underlying', value: 'AAA' }, {}], ['gross-exposure', { kind: 'portfolio' }, {}],
  ['net-exposure', { kind: 'strategy', value: 's1' }, {}], ['position-size', { kind: 'underlying', value: 'BBB' }, {}], ['sector-exposure', { kind: 'sector', value: 'Tech' }, {}],
  ['net-vega', { kind: 'portfolio' }, {}], ['net-gamma', { kind: 'sector', value: 'Energy' }, {}], ['leverage', { kind: 'portfolio' }, {}],
  ['volatility', { kind: 'portfolio' }, {}], ['liquidity', { kind: 'portfolio' }, {}], ['net-delta', { kind: 'portfolio' }, { weighting: 'beta' }],
];

type Single = typeof arbSingle extends fc.Arbitrary<infer T> ? T : never;
type Group = typeof arbGroup extends fc.Arbitrary<infer T> ? T : never;

function book(singles: Single[], groups: Group[]): PreTradePositionInput[] {
  const out: PreTradePositionInput[] = singles.map((s, i) => (s.equity
    ? { ...equityPosition(SYMBOLS[s.u]!, s.quantity * 10, s.strategy, SPOTS[s.u]!), instrumentKey: `${SYMBOLS[s.u]!}#${i}` }
    : optionPosition(`${SYMBOLS[s.u]!} O${i}`, SYMBOLS[s.u]!, s.quantity, s.strategy, null, { price: 5, ...s.g })));
  groups.forEach((g, k) => {
    const id = `G${k}`;
    out.push(optionPosition(`${SYMBOLS[g.u[0]]!} G${k}a`, SYMBOLS[g.u[0]]!, g.ratio[0] * g.lots, 's1', id, { price: 5, ...g.g[0] }));
    out.push(optionPosition(`${SYMBOLS[g.u[1]]!} G${k}b`, SYMBOLS[g.u[1]]!, -g.ratio[1] * g.lots, 's1', id, { price: 3, ...g.g[1] }));
  });
  return out;
}

describe('planEnforcement: properties', () => {
  it('a reduce plan, applied, brings the metric within the limit, keeps groups whole and never flips a position', () => {
    fc.assert(fc.property(
      fc.array(arbSingle, { maxLength: 6 }), fc.array(arbGroup, { minLength: 1, maxLength: 3 }), fc.nat(LIMIT_CASES.length - 1), fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      (singles, groups, which, fraction) => {
        const positions = book(singles, groups);
        const [type, scope, params] = LIMIT_CASES[which]!;
        const probe = limit(type, 1, { scope, params });
        const now = measured(positions, probe);
        fc.pre(now > 1e-6);
        const def = limit(type, fraction * now, { scope, params, action: 'reduce' });
        const p = plan(fixtureState({ positions, limits: [def] }), def.id);
        const after = apply(positions, p.instructions);
        const real = measured(after, def);
        expect(real).toBeCloseTo(p.metricAfter, 6);
        if (p.complete) expect(real).toBeLessThanOrEqual(def.value.amount * (1 + 1e-9) + 1e-9);
        after.forEach((q, i) => {
          const q0 = positions[i]!.quantity;
          expect(Number.isInteger(q.quantity)).toBe(true);
          expect(Math.abs(q.quantity)).toBeLessThanOrEqual(Math.abs(q0));
          expect(q.quantity * q0).toBeGreaterThanOrEqual(0);
        });
        for (const [k, g] of groups.entries()) {
          const legs = p.instructions.filter((x) => x.strategyGroupId === `G${k}`);
          if (legs.length === 0) continue;
          expect(legs.length).toBe(2);
          expect(legs[0]!.quantity / (g.ratio[0] * g.lots)).toBeCloseTo(legs[1]!.quantity / (g.ratio[1] * g.lots), 12);
        }
      },
    ), { numRuns: 300, seed: 20240607 });
  });

  it('a reduce plan on a book of stand-alone equities always completes exactly at the fewest shares', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ u: fc.nat(3), quantity: fc.integer({ min: -2000, max: 2000 }).filter((q) => q !== 0) }), { minLength: 1, maxLength: 8 }), fc.double({ min: 0.05, max: 0.9, noNaN: true }),
      (rows, fraction) => {
        const positions = rows.map((r, i) => ({ ...equityPosition(SYMBOLS[r.u]!, r.quantity, 's1', SPOTS[r.u]!), instrumentKey: `${SYMBOLS[r.u]!}#${i}` }));
        const now = measured(positions, limit('gross-exposure', 1));
        const def = limit('gross-exposure', fraction * now, { action: 'reduce' });
        const p = plan(fixtureState({ positions, limits: [def] }), def.id);
        expect(p.complete).toBe(true);
        expect(p.metricAfter).toBeLessThanOrEqual(def.value.amount);
        // no over-trading: trading one share less of some instruction would leave it above the limit
        const spots = p.instructions.map((i) => SPOTS[SYMBOLS.indexOf(i.instrumentKey.split('#')[0]!)]!);
        expect(p.metricAfter + Math.max(...spots)).toBeGreaterThan(def.value.amount);
      },
    ), { numRuns: 200, seed: 7 });
  });
});
