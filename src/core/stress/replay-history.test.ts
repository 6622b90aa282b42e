import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../market/parse-price-csv.ts';
import { bsmPrice } from '../pricing/index.ts';
import { bookFromLists } from '../risk/book-from-lists.ts';
import { priceHistoryFromBars } from './price-history.ts';
import type { PriceHistory } from './replay-history.ts';
import { replayHistory } from './replay-history.ts';
import { findScenario } from './scenario-library.ts';

function load(name: string): PriceHistory {
  const { bars, problems } = parsePriceCsv(readFileSync(new URL(`../../../data/fixtures/${name}`, import.meta.url), 'utf8'));
  expect(problems).toEqual([]);
  return priceHistoryFromBars({ bars });
}

const dow = load('dowjones30.csv');
const spi = load('spisector.csv');
const closeOn = (h: PriceHistory, symbol: string, date: string): number => h.closes[symbol]![h.dates.indexOf(date)]!;

describe('replayHistory', () => {
  it('reproduces the real path of a stock-only book exactly: P&L_t = quantity x (close_t - close_0)', () => {
    const from = '2000-01-14', to = '2000-12-29';
    const names = ['IBM', 'MSFT', 'INTC', 'GE'];
    const quantities = [1000, -500, 2000, 300];
    const book = bookFromLists({
      underlyings: names.map((symbol, k) => ({ symbol, spot: closeOn(dow, symbol, from), stockUnits: quantities[k]! })),
      options: [],
    });
    const r = replayHistory({ book, netAssetValue: 1e6, history: dow, from, to });
    if (!r.ok) throw new Error(r.error.message);
    const window = dow.dates.filter((d) => d >= from && d <= to);
    expect(r.value.path.map((p) => p.date)).toEqual(window);
    r.value.path.forEach((p) => {
      let want = 0;
      names.forEach((s, k) => { want += quantities[k]! * (closeOn(dow, s, p.date) - closeOn(dow, s, from)); });
      expect(p.pnl).toBe(want);
    });
    const worst = Math.min(...r.value.path.map((p) => p.pnl));
    expect(r.value.worst.pnl).toBe(worst);
    expect(r.value.end.date).toBe('2000-12-29');
    expect(r.value.sources.every((s) => s.source === 'own-history')).toBe(true);
  });

  it('revalues options at the replayed spot, aged by the calendar days elapsed', () => {
    const from = '2000-03-01', to = '2000-06-30';
    const s0 = closeOn(dow, 'MSFT', from);
    const book = bookFromLists({
      underlyings: [{ symbol: 'MSFT', spot: s0 }],
      options: [{ underlying: 0, kind: 'put', strike: s0, timeToExpiryYears: 0.5, volatility: 0.4, rate: 0.06, units: 1000 }],
    });
    const r = replayHistory({ book, netAssetValue: 1e6, history: dow, from, to });
    if (!r.ok) throw new Error(r.error.message);
    const end = r.value.end;
    const price = (spot: number, t: number): number => bsmPrice({ kind: 'put', spot, strike: s0, timeToExpiryYears: t, volatility: 0.4, rate: 0.06, dividendYield: 0 });
    const want = 1000 * (price(closeOn(dow, 'MSFT', end.date), 0.5 - end.daysElapsed / 365) - price(s0, 0.5));
    expect(Math.abs(end.pnl - want)).toBeLessThanOrEqual(1e-9 * Math.abs(want));
    expect(r.value.path[0]!.pnl).toBe(0);
    // MSFT fell from ~90 to ~55 by the end of June 2000: a long put gains
    expect(end.pnl).toBeGreaterThan(0);
  });

  it('moves names without their own history by beta x the index move, and carries missing closes forward', () => {
    const from = '2008-01-03', to = '2008-10-17';
    const book = bookFromLists({
      underlyings: [{ symbol: 'FINA', spot: 100, stockUnits: 10 }, { symbol: 'NOHIST', spot: 50, stockUnits: 20 }],
      options: [],
    });
    const r = replayHistory({ book, netAssetValue: 1e4, history: spi, from, to, marketIndex: { symbol: 'SPI', betas: Float64Array.from([1, 1.5]) } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.sources.map((s) => s.source)).toEqual(['own-history', 'beta-to-index']);
    const end = r.value.end;
    const fina = 10 * 100 * (closeOn(spi, 'FINA', end.date) / closeOn(spi, 'FINA', r.value.from) - 1);
    const idx = closeOn(spi, 'SPI', end.date) / closeOn(spi, 'SPI', r.value.from) - 1;
    expect(end.pnl).toBeCloseTo(fina + 20 * 50 * 1.5 * idx, 8);
    for (const p of r.value.path) expect(Number.isFinite(p.pnl)).toBe(true);
    expect(r.value.worst.pnl).toBeLessThan(0);
  });

  it('replays the own-history windows the library declares (dot-com on the Dow Jones file, 2008 on the SPI sectors)', () => {
    for (const [id, history, symbol] of [['stress.replay.dotcom-2000-2002', dow, 'MSFT'], ['stress.replay.financial-crisis-2008', spi, 'FINA']] as const) {
      const own = findScenario(id)!.replay!.ownHistory!;
      const s0 = closeOn(history, symbol, own.from);
      const book = bookFromLists({ underlyings: [{ symbol, spot: s0, stockUnits: 100 }], options: [] });
      const r = replayHistory({ book, netAssetValue: 100 * s0, history, from: own.from, to: own.to });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.from).toBe(own.from);
      expect(r.value.end.date).toBe(own.to);
      // both were crashes for these names: the end and the worst point are losses
      expect(r.value.end.pnl).toBeLessThan(0);
      expect(r.value.worst.pnl).toBeLessThanOrEqual(r.value.end.pnl);
      expect(r.value.worst.pnl).toBe(100 * (Math.min(...r.value.path.map((p) => closeOn(history, symbol, p.date))) - s0));
    }
  });

  it('carries a missing close forward instead of dropping the day', () => {
    const history: PriceHistory = { dates: ['2020-01-02', '2020-01-03', '2020-01-06'], closes: { X: Float64Array.from([10, Number.NaN, 12]) } };
    const book = bookFromLists({ underlyings: [{ symbol: 'X', spot: 10, stockUnits: 5 }], options: [] });
    const r = replayHistory({ book, netAssetValue: 100, history, from: '2020-01-01', to: '2020-01-31' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.path.map((p) => p.pnl)).toEqual([0, 0, 10]);
    expect(r.value.path.map((p) => p.daysElapsed)).toEqual([0, 1, 4]);
  });

  it('rejects a window with no dates in the history', () => {
    const book = bookFromLists({ underlyings: [{ symbol: 'IBM', spot: 100, stockUnits: 1 }], options: [] });
    const r = replayHistory({ book, netAssetValue: 1, history: dow, from: '2005-01-01', to: '2005-12-31' });
    expect(r.ok ? null : r.error.code).toBe('INVALID_WINDOW');
  });
});
