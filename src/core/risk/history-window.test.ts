import { describe, expect, it } from 'vitest';
import type { PriceBar } from '../market/market-data.ts';
import { alignBenchmark, alignHistory, commonDates, historyToExtend, intervalLogReturns } from './history-window.ts';

const day = (d: number): string => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
/** Closes on days 0..n-1 except `gaps`; close = base + day. */
const series = (symbol: string, n: number, base: number, gaps: readonly number[] = []): PriceBar[] =>
  Array.from({ length: n }, (_, d) => d).filter((d) => !gaps.includes(d)).map((d) => ({ symbol, date: day(d), close: base + d }));
/** What a store's recentHistory answers: the last `bars` closes of each symbol. */
const lastBars = (all: ReadonlyMap<string, readonly PriceBar[]>, asked: ReadonlyMap<string, number>): Map<string, PriceBar[]> =>
  new Map([...asked].map(([s, n]) => [s, (all.get(s) ?? []).slice(-n)]));

describe('alignHistory', () => {
  it('keeps the last lookbackDays returns between common dates, a gap making one multi-day return', () => {
    const history = new Map([['A', series('A', 10, 100)], ['B', series('B', 10, 200, [7])]]);
    const w = alignHistory({ symbols: ['A', 'B'], history, lookbackDays: 4, minReturns: 2 });
    expect(w.symbols).toEqual(['A', 'B']);
    expect(w.dates).toEqual([day(5), day(6), day(8), day(9)]);
    expect(w.baseDate).toBe(day(4));
    expect(w.requestedReturns).toBe(4);
    // the return to day 8 runs from day 6 for both symbols
    expect(w.logReturns[2 * 2]).toBeCloseTo(Math.log(108 / 106), 15);
    expect(w.logReturns[2 * 2 + 1]).toBeCloseTo(Math.log(208 / 206), 15);
  });

  it('uses all the common history when it is shorter than asked, and says how much was asked', () => {
    const history = new Map([['A', series('A', 6, 100)]]);
    const w = alignHistory({ symbols: ['A'], history, lookbackDays: 50, minReturns: 2 });
    expect(w.dates).toHaveLength(5);
    expect(w.requestedReturns).toBe(50);
    expect(w.baseDate).toBe(day(0));
  });
});

describe('historyToExtend', () => {
  it('asks for nothing more when the last closes of every symbol share enough dates (gap-free)', () => {
    const all = new Map([['A', series('A', 40, 100)], ['B', series('B', 40, 200)], ['X', series('X', 40, 300)]]);
    const asked = new Map([['A', 11], ['B', 11], ['X', 11]]);
    expect(historyToExtend({ symbols: ['A', 'B'], benchmark: 'X', history: lastBars(all, asked), asked, closesWanted: 11 }).size).toBe(0);
  });

  it('reads further back a symbol whose gaps leave fewer common dates than wanted, until the window is the last N common dates', () => {
    const all = new Map([['A', series('A', 60, 100)], ['B', series('B', 60, 200, [50, 52, 54, 56, 58])]]);
    let asked = new Map([['A', 11], ['B', 11]]);
    let history = lastBars(all, asked);
    expect(commonDates(['A', 'B'], history)).toHaveLength(6); // the last 11 closes of each share only 6 dates
    for (let round = 0; round < 6; round++) {
      const more = historyToExtend({ symbols: ['A', 'B'], benchmark: null, history, asked, closesWanted: 11 });
      if (more.size === 0) break;
      asked = new Map([...asked, ...more]);
      history = lastBars(all, asked);
    }
    const w = alignHistory({ symbols: ['A', 'B'], history, lookbackDays: 10, minReturns: 2 });
    const want = alignHistory({ symbols: ['A', 'B'], history: all, lookbackDays: 10, minReturns: 2 });
    expect(w.dates).toHaveLength(10);
    expect(w.dates).toEqual(want.dates);
    expect([...w.logReturns]).toEqual([...want.logReturns]);
  });

  it('stops when no symbol has older closes that could add a common date', () => {
    // A is exhausted (asked 11, has 6): nothing before its first close can be common
    const history = new Map([['A', series('A', 6, 100)], ['B', series('B', 11, 200)]]);
    const asked = new Map([['A', 11], ['B', 11]]);
    expect(historyToExtend({ symbols: ['A', 'B'], benchmark: null, history, asked, closesWanted: 11 }).size).toBe(0);
    // but B read from a later date than A's first close is read further back
    const later = new Map([['A', series('A', 6, 100)], ['B', series('B', 20, 200, [1, 3, 5]).slice(-5)]]);
    expect([...historyToExtend({ symbols: ['A', 'B'], benchmark: null, history: later, asked: new Map([['A', 11], ['B', 5]]), closesWanted: 11 }).keys()]).toEqual(['B']);
    // a symbol without any close: no common date at all, nothing to read
    expect(historyToExtend({ symbols: ['A', 'Z'], benchmark: null, history: new Map([['A', series('A', 11, 100)]]), asked: new Map([['A', 11], ['Z', 11]]), closesWanted: 11 }).size).toBe(0);
  });

  it('reads the benchmark back to the first close of the window', () => {
    // the holdings' gap pushes the window's first close one day earlier than the benchmark's last 11 closes reach
    const all = new Map([['A', series('A', 40, 100, [35])], ['X', series('X', 40, 300)]]);
    const asked = new Map([['A', 11], ['X', 11]]);
    const more = historyToExtend({ symbols: ['A'], benchmark: 'X', history: lastBars(all, asked), asked, closesWanted: 11 });
    expect([...more.keys()]).toEqual(['X']);
    const after = new Map([...asked, ...more]);
    expect(historyToExtend({ symbols: ['A'], benchmark: 'X', history: lastBars(all, after), asked: after, closesWanted: 11 }).size).toBe(0);
    // an exhausted or absent benchmark is not read again
    expect(historyToExtend({ symbols: ['A'], benchmark: 'NOPE', history: lastBars(all, asked), asked: new Map([...asked, ['NOPE', 11]]), closesWanted: 11 }).size).toBe(0);
  });
});

describe('alignBenchmark', () => {
  const window = { baseDate: day(0), dates: [day(1), day(2), day(3), day(4)] };

  it('takes the benchmark returns on the window dates when it has all of them', () => {
    const a = alignBenchmark(window, series('X', 5, 100));
    expect(a.aligned).toBe(true);
    expect(a.count).toBe(4);
    expect([...a.benchmarkReturns]).toEqual([101 / 100 - 1, 102 / 101 - 1, 103 / 102 - 1, 104 / 103 - 1]);
  });

  it('returns between consecutive shared dates when the benchmark lacks window dates (was: no beta at all)', () => {
    const a = alignBenchmark(window, series('X', 5, 100, [2]));
    expect(a.aligned).toBe(false);
    expect(a.count).toBe(3);
    expect([...a.from]).toEqual([0, 1, 3]);
    expect([...a.to]).toEqual([0, 2, 3]);
    expect(a.benchmarkReturns[1]).toBeCloseTo(103 / 101 - 1, 15);
    // the window's log returns summed over the same intervals
    const logs = intervalLogReturns({ symbols: ['A'], logReturns: Float64Array.from([0.01, 0.02, 0.03, 0.04]) }, a);
    expect([...logs].map((x) => Number(x.toFixed(12)))).toEqual([0.01, 0.05, 0.04]);
  });

  it('ignores the benchmark\'s own extra dates and leaves out window dates before its first shared close', () => {
    const bars = [{ symbol: 'X', date: day(2), close: 10 }, { symbol: 'X', date: day(3), close: 11 }, { symbol: 'X', date: day(7), close: 99 }, { symbol: 'X', date: day(4), close: 12.1 }];
    const a = alignBenchmark(window, bars);
    expect(a.count).toBe(2);
    expect([...a.from]).toEqual([2, 3]);
    expect(a.benchmarkReturns[1]).toBeCloseTo(0.1, 15);
    expect(alignBenchmark(window, []).count).toBe(0);
  });
});
