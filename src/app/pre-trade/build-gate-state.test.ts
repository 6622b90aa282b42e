import { describe, expect, it } from 'vitest';
import type { PreTradePositionInput } from '../../core/limits/pre-trade-state.ts';
import { mergeByInstrument, navAtStartOfDay } from './build-gate-state.ts';

const pos = (key: string, quantity: number, strategy: string, group: string | null = null): PreTradePositionInput => ({
  instrumentKey: key, underlying: 'IBM', assetClass: 'equity', quantity, multiplier: 1, strategy, strategyGroupId: group,
  unitPrice: 100, unitDelta: 1, unitGamma: 0, unitVegaPerVolPoint: 0, unitThetaPerDay: 0,
});

describe('mergeByInstrument', () => {
  it('nets several positions in one instrument into one, keeping the largest holding strategy', () => {
    const merged = mergeByInstrument([pos('IBM', 100, 'a', 'g1'), pos('IBM', -300, 'b', 'g2'), pos('KO', 5, 'c')]);
    expect(merged).toHaveLength(2);
    expect(merged.find((p) => p.instrumentKey === 'IBM')).toMatchObject({ quantity: -200, strategy: 'b', strategyGroupId: null });
  });
  it('drops an instrument netted to zero', () => {
    expect(mergeByInstrument([pos('IBM', 100, 'a'), pos('IBM', -100, 'b')])).toEqual([]);
  });
});

describe('navAtStartOfDay', () => {
  it('takes the last NAV before midnight UTC, else the first of the day, else now', () => {
    const pts = [
      { portfolioId: 'p', at: '2026-01-04T20:00:00.000Z', nav: 100, cash: null, marketValue: null, source: 'v' },
      { portfolioId: 'p', at: '2026-01-05T10:00:00.000Z', nav: 110, cash: null, marketValue: null, source: 'v' },
    ];
    expect(navAtStartOfDay(pts, '2026-01-05T15:00:00.000Z', 120)).toBe(100);
    expect(navAtStartOfDay(pts.slice(1), '2026-01-05T15:00:00.000Z', 120)).toBe(110);
    expect(navAtStartOfDay([], '2026-01-05T15:00:00.000Z', 120)).toBe(120);
  });
});
