import type { PriceBar } from '../market/market-data.ts';

export interface HistoryWindow {
  readonly symbols: readonly string[];
  /** Date of each return (the later of the two closes), oldest first. */
  readonly dates: readonly string[];
  /** Daily log returns, T x U row-major: returns[t * U + u]. */
  readonly logReturns: Float64Array;
  /** Symbols left out for lack of history, with how many closes they had. */
  readonly missing: ReadonlyArray<{ readonly symbol: string; readonly closes: number }>;
}

/**
 * Aligns daily closes on the dates every symbol has, and keeps the last `lookbackDays` returns.
 * Symbols with fewer than `minReturns + 1` closes are reported as missing, not zero-filled.
 */
export function alignHistory(args: { symbols: readonly string[]; history: ReadonlyMap<string, readonly PriceBar[]>; lookbackDays: number; minReturns: number }): HistoryWindow {
  const { history, lookbackDays, minReturns } = args;
  const missing: Array<{ symbol: string; closes: number }> = [];
  const usable: string[] = [];
  for (const s of args.symbols) {
    const n = history.get(s)?.length ?? 0;
    if (n < minReturns + 1) missing.push({ symbol: s, closes: n }); else usable.push(s);
  }
  if (usable.length === 0) return { symbols: [], dates: [], logReturns: new Float64Array(0), missing };
  const maps = usable.map((s) => new Map((history.get(s) ?? []).map((b) => [b.date, b.close])));
  let common = [...(maps[0] as Map<string, number>).keys()].filter((d) => maps.every((m) => m.has(d))).sort();
  common = common.slice(-(lookbackDays + 1));
  if (common.length < minReturns + 1) {
    return { symbols: [], dates: [], logReturns: new Float64Array(0), missing: [...missing, ...usable.map((s) => ({ symbol: s, closes: common.length }))] };
  }
  const T = common.length - 1;
  const U = usable.length;
  const logReturns = new Float64Array(T * U);
  maps.forEach((m, u) => {
    for (let t = 0; t < T; t++) logReturns[t * U + u] = Math.log((m.get(common[t + 1] as string) as number) / (m.get(common[t] as string) as number));
  });
  return { symbols: usable, dates: common.slice(1), logReturns, missing };
}
