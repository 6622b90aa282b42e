import { describe, expect, it } from 'vitest';
import type { PriceBar } from '../../core/market/market-data.ts';
import { alignHistory } from '../../core/risk/history-window.ts';
import { readWindowHistory } from './load-market-snapshot.ts';

const day = (d: number): string => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
const series = (symbol: string, n: number, gaps: readonly number[] = []): PriceBar[] =>
  Array.from({ length: n }, (_, d) => d).filter((d) => !gaps.includes(d)).map((d) => ({ symbol, date: day(d), close: 100 + d + Math.sin(d) }));

/** A store answering recentHistory as the PostgreSQL one does (the last `bars` closes of each symbol up to `to`), counting reads. */
function fakeStore(all: ReadonlyMap<string, readonly PriceBar[]>) {
  const reads: Array<{ symbols: string[]; bars: number }> = [];
  return {
    reads,
    async recentHistory(symbols: readonly string[], bars: number, to?: string): Promise<Map<string, PriceBar[]>> {
      reads.push({ symbols: [...symbols], bars });
      return new Map(symbols.map((s) => [s, (all.get(s) ?? []).filter((b) => to === undefined || b.date <= to).slice(-bars)]));
    },
  };
}

describe('readWindowHistory', () => {
  it('reads gap-free history once: the last N closes of each symbol', async () => {
    const store = fakeStore(new Map([['A', series('A', 400)], ['B', series('B', 400)], ['X', series('X', 400)]]));
    const h = await readWindowHistory(store, { underlyings: ['A', 'B'], benchmarkSymbol: 'X', closes: 253 });
    expect(store.reads).toEqual([{ symbols: ['A', 'B', 'X'], bars: 253 }]);
    expect(h.get('A')).toHaveLength(253);
  });

  it('reads further back where a symbol has gaps, so the window has lookbackDays returns on the common dates', async () => {
    const gaps = Array.from({ length: 16 }, (_, k) => 360 + 2 * k);
    const all = new Map([['A', series('A', 400)], ['B', series('B', 400, gaps)], ['X', series('X', 400, [395])]]);
    const store = fakeStore(all);
    const h = await readWindowHistory(store, { underlyings: ['A', 'B'], benchmarkSymbol: 'X', closes: 253, to: day(398) });
    const w = alignHistory({ symbols: ['A', 'B'], history: h, lookbackDays: 252, minReturns: 20 });
    const want = alignHistory({ symbols: ['A', 'B'], history: new Map([...all].map(([s, b]) => [s, b.filter((x) => x.date <= day(398))])), lookbackDays: 252, minReturns: 20 });
    expect(w.dates).toHaveLength(252);
    expect(w.dates).toEqual(want.dates);
    expect([...w.logReturns]).toEqual([...want.logReturns]);
    // the benchmark reaches back to the window's first close
    expect((h.get('X')?.[0]?.date ?? '') <= (w.baseDate ?? '')).toBe(true);
    expect(store.reads.length).toBeLessThanOrEqual(3);
  });

  it('stops when there is no older history (lookbackDays beyond it)', async () => {
    const store = fakeStore(new Map([['A', series('A', 100)], ['B', series('B', 100, [50])]]));
    const h = await readWindowHistory(store, { underlyings: ['A', 'B'], benchmarkSymbol: 'NOPE', closes: 5001 });
    expect(store.reads).toHaveLength(1);
    expect(alignHistory({ symbols: ['A', 'B'], history: h, lookbackDays: 5000, minReturns: 20 }).dates).toHaveLength(98);
    expect(h.get('NOPE')).toEqual([]);
  });
});
