import { describe, expect, it } from 'vitest';
import { bsmPrice } from '../pricing/index.ts';
import { createRevaluationBook } from './revaluation-book.ts';
import { scenarioGrid } from './scenario-grid.ts';

function book() {
  const b = createRevaluationBook(['A', 'B'], 1);
  b.spots.set([100, 50]); b.stockUnits.set([10, -20]);
  b.optionUnderlying[0] = 0; b.optionIsCall[0] = 1; b.optionStrike[0] = 105; b.optionTimeYears[0] = 0.5;
  b.optionVolatility[0] = 0.2; b.optionRate[0] = 0.03; b.optionDividendYield[0] = 0.01; b.optionUnits[0] = -200;
  return b;
}
const call = (spot: number, vol: number, t = 0.5) => bsmPrice({ kind: 'call', spot, strike: 105, timeToExpiryYears: t, volatility: vol, rate: 0.03, dividendYield: 0.01 });

describe('scenarioGrid', () => {
  it('reprices the option in full for each spot and volatility move of one underlying', () => {
    const g = scenarioGrid({ book: book(), target: { underlying: 'A' }, spotMoves: [-0.2, 0, 0.1], volMoves: [0, 0.5] });
    const base = 10 * 100 - 20 * 50 - 200 * call(100, 0.2);
    expect(g.baseValue).toBeCloseTo(base, 9);
    expect(g.pnl[1]?.[0]).toBeCloseTo(0, 9);
    expect(g.pnl[0]?.[1]).toBeCloseTo(10 * 80 - 200 * call(80, 0.3) - (10 * 100 - 200 * call(100, 0.2)), 9);
    expect(g.pnlNextDay[1]?.[0]).toBeCloseTo(-200 * (call(100, 0.2, 0.5 - 1 / 365) - call(100, 0.2)), 9);
  });

  it('moves every underlying by beta times the market move', () => {
    const g = scenarioGrid({ book: book(), target: { market: true, betas: new Float64Array([1, 2]) }, spotMoves: [-0.1], volMoves: [0] });
    const expected = 10 * 90 - 20 * 40 - 200 * call(90, 0.2) - (10 * 100 - 20 * 50 - 200 * call(100, 0.2));
    expect(g.pnl[0]?.[0]).toBeCloseTo(expected, 9);
  });

  it('changes option values, not stock values, under a volatility shock', () => {
    const b = book(); b.optionUnits[0] = 0;
    const g = scenarioGrid({ book: b, target: { underlying: 'A' }, spotMoves: [0], volMoves: [1] });
    expect(g.pnl[0]?.[0]).toBe(0);
  });
});
