import { describe, expect, it } from 'vitest';
import { checkLimitDefinition } from './compile-limits.ts';
import { buildPreTradeState, withTradingState } from './pre-trade-state.ts';
import { preTradePositionFromValuation } from './pre-trade-position-from-valuation.ts';
import { COVARIANCE, fixtureInput, fixtureState, limit, POSITIONS } from './pre-trade-test-fixtures.ts';

describe('buildPreTradeState', () => {
  it('aggregates the fixture book as computed by hand', () => {
    const t = fixtureState().tables;
    const e = [...t.underlyings.net];
    expect(e.map((v) => Math.round(v))).toEqual([120_000, -40_000, 25_000, 0]);
    expect(t.totals.net).toBeCloseTo(105_000, 6);
    expect(t.totals.gross).toBeCloseTo(325_000, 6);
    expect(t.totals.dollarGammaPer1Pct).toBeCloseTo(2_500, 9);
    expect(t.totals.vegaPerVolPoint).toBeCloseTo(220, 9);
    expect(t.totals.thetaPerDay).toBeCloseTo(-30, 9);
    expect(t.sectors.net[t.sectors.index.get('Tech')!]).toBeCloseTo(80_000, 6);
    expect(t.strategies.net[t.strategies.index.get('core')!]).toBeCloseTo(60_000, 6);
    let q = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) q += e[i]! * COVARIANCE[i * 4 + j]! * e[j]!;
    expect(t.totals.netCovNet).toBeCloseTo(q, 3);
    expect(t.totals.absNetSum).toBeCloseTo(185_000, 6);
  });

  it('fails closed with every problem listed', () => {
    const r = buildPreTradeState(fixtureInput({
      nav: 0,
      positions: [...POSITIONS, { ...POSITIONS[0]!, underlying: 'ZZZ', instrumentKey: 'ZZZ' }, POSITIONS[1]!],
      dailyCovariance: new Float64Array(3),
      limits: [limit('leverage', 2, { fractionOfNav: true }), limit('var', 1, { scope: { kind: 'sector', value: 'Tech' } })],
    }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_STATE');
    expect((r.error.details as string[]).length).toBe(6);
  });

  it('ignores inactive limits and resolves fraction-of-NAV amounts', () => {
    const s = fixtureState({ limits: [{ ...limit('net-delta', 1), active: false }, limit('var', 0.02, { fractionOfNav: true })] });
    expect(s.limits.map((l) => [l.id, l.amount])).toEqual([['var', 20_000]]);
  });

  it('swaps the trading state without rebuilding', () => {
    const s = fixtureState();
    const h = withTradingState({ state: s, tradingState: 'HALTED' });
    expect(h.tradingState).toBe('HALTED');
    expect(h.tables).toBe(s.tables);
    expect(s.tradingState).toBe('ACTIVE');
  });
});

describe('checkLimitDefinition', () => {
  it('accepts a valid limit and names the problems of invalid ones', () => {
    expect(checkLimitDefinition(limit('net-delta', 1, { scope: { kind: 'underlying', value: '*' } }))).toEqual([]);
    expect(checkLimitDefinition(limit('daily-loss', 1, { scope: { kind: 'underlying', value: 'AAA' } }))[0]).toMatch(/scope underlying not supported/);
    expect(checkLimitDefinition(limit('var', 1, { params: { confidence: 99 } }))[0]).toMatch(/confidence/);
    expect(checkLimitDefinition(limit('net-delta', 1, { warningLevels: [0.9, 0.8] }))[0]).toMatch(/ascending/);
    expect(checkLimitDefinition(limit('concentration', 0.1, { params: { basis: 'top5' } }))[0]).toMatch(/basis/);
  });
});

describe('preTradePositionFromValuation', () => {
  it('divides position Greeks back to one unit', () => {
    const p = preTradePositionFromValuation({
      positionId: 'p', instrumentKey: 'K', underlying: 'AAA', assetClass: 'option', quantity: -4, multiplier: 100, sector: 'Tech', strategy: 's',
      strategyGroupId: null, expiryBucket: '91-180d', status: 'ok', spot: 100, unitPrice: 3, marketValue: -1200,
      greeks: { delta: -200, dollarDelta: -20_000, gamma: -8, dollarGammaPer1Pct: -800, vegaPerVolPoint: -40, thetaPerDay: 6, rhoPerPct: -1 }, option: null,
    });
    expect(p).toMatchObject({ quantity: -4, unitDelta: 0.5, unitGamma: 0.02, unitVegaPerVolPoint: 0.1, unitThetaPerDay: -0.015 });
  });
});
