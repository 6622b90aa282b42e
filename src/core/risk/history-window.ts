import type { PriceBar } from '../market/market-data.ts';

export interface HistoryWindow {
  readonly symbols: readonly string[];
  /** Date of each return (the later of the two closes), oldest first. */
  readonly dates: readonly string[];
  /** The close the first return starts from (the common date before `dates[0]`); null for an empty window. */
  readonly baseDate: string | null;
  /** Daily log returns, T x U row-major: returns[t * U + u]. */
  readonly logReturns: Float64Array;
  /** Returns asked for (the `lookbackDays` given); `dates.length` is smaller when the common history is shorter. */
  readonly requestedReturns: number;
  /** Symbols left out for lack of history, with how many closes they had. */
  readonly missing: ReadonlyArray<{ readonly symbol: string; readonly closes: number }>;
}

/** The dates on which every one of `symbols` has a close, oldest first (none when a symbol has no closes). */
export function commonDates(symbols: readonly string[], history: ReadonlyMap<string, readonly PriceBar[]>): string[] {
  if (symbols.length === 0) return [];
  const sets = symbols.map((s) => new Set((history.get(s) ?? []).map((b) => b.date)));
  const [first, ...rest] = sets as [Set<string>, ...Set<string>[]];
  return [...first].filter((d) => rest.every((m) => m.has(d))).sort();
}

/**
 * Aligns daily closes on the dates every symbol has, and keeps the last `lookbackDays` returns.
 * A return runs from one common date to the next, so a date missing in any symbol (a gap) makes
 * the return across it a multi-day one for all of them; the window is still the last
 * `lookbackDays` such returns, provided the history given reaches back far enough
 * (`historyToExtend` says what to read). When the common history is shorter, all of it is used
 * and `dates.length < requestedReturns`.
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
  const empty = { symbols: [], dates: [], baseDate: null, logReturns: new Float64Array(0), requestedReturns: lookbackDays };
  if (usable.length === 0) return { ...empty, missing };
  const maps = usable.map((s) => new Map((history.get(s) ?? []).map((b) => [b.date, b.close])));
  const common = commonDates(usable, history).slice(-(lookbackDays + 1));
  if (common.length < minReturns + 1) {
    return { ...empty, missing: [...missing, ...usable.map((s) => ({ symbol: s, closes: common.length }))] };
  }
  const T = common.length - 1;
  const U = usable.length;
  const logReturns = new Float64Array(T * U);
  maps.forEach((m, u) => {
    for (let t = 0; t < T; t++) logReturns[t * U + u] = Math.log((m.get(common[t + 1] as string) as number) / (m.get(common[t] as string) as number));
  });
  return { symbols: usable, dates: common.slice(1), baseDate: common[0] as string, logReturns, requestedReturns: lookbackDays, missing };
}

/**
 * After reading the last `asked.get(s)` closes of each symbol (up to the valuation date), which
 * symbols to read further back, and how many closes to ask for, so that `alignHistory` finds the
 * last `closesWanted` dates all of `symbols` share, and the benchmark covers them; empty when the
 * history read is enough, or when no further read can add a common date.
 *
 * A symbol that returned fewer closes than asked has no older ones (exhausted). The common dates
 * read are exact back to the latest first-date-read of the symbols; there are no common dates
 * before an exhausted symbol's first close, so a symbol needs reading further back only while it
 * is not exhausted and its first close read is after every exhausted symbol's first close.
 * The benchmark is read back to the window's first close (its returns are taken between the
 * dates it shares with the window).
 */
export function historyToExtend(args: {
  symbols: readonly string[]; benchmark: string | null; history: ReadonlyMap<string, readonly PriceBar[]>;
  asked: ReadonlyMap<string, number>; closesWanted: number;
}): Map<string, number> {
  const { symbols, history, asked, closesWanted } = args;
  const out = new Map<string, number>();
  const closes = (s: string): readonly PriceBar[] => history.get(s) ?? [];
  const askedOf = (s: string): number => asked.get(s) ?? 0;
  const exhausted = (s: string): boolean => closes(s).length < askedOf(s);
  const firstDate = (s: string): string => closes(s)[0]?.date ?? '';
  if (symbols.length === 0 || symbols.some((s) => closes(s).length === 0)) return out;
  const common = commonDates(symbols, history);
  let cutoff: string | undefined;
  if (common.length >= closesWanted) cutoff = common[common.length - closesWanted];
  else {
    const bound = symbols.filter(exhausted).map(firstDate).reduce((a, b) => (b > a ? b : a), '');
    const grow = symbols.filter((s) => !exhausted(s) && firstDate(s) > bound);
    if (grow.length === 0) cutoff = common[0];
    else {
      // closes per common date seen so far, with a margin; at most four times the last read
      const c = common.length;
      for (const s of grow) {
        const a = askedOf(s);
        out.set(s, Math.min(4 * a, a + Math.ceil((1.1 * (closesWanted - c) * a) / Math.max(c, 1)) + 10));
      }
    }
  }
  const b = args.benchmark;
  if (b === null || symbols.includes(b) || closes(b).length === 0 || exhausted(b)) return out;
  if (cutoff === undefined) {
    // the window reaches further back than read so far: read the benchmark as far as the others
    if (out.size > 0) out.set(b, Math.max(askedOf(b), ...out.values()));
    return out;
  }
  const from = firstDate(b);
  if (from > cutoff) {
    const uncovered = common.filter((d) => d >= cutoff && d < from).length;
    const a = askedOf(b);
    out.set(b, Math.min(4 * a, a + 2 * uncovered + 10));
  }
  return out;
}

/** The window's returns regrouped on the dates it shares with a benchmark, and the benchmark's returns between them. */
export interface BenchmarkAlignment {
  /** Number of returns between consecutive shared dates. */
  readonly count: number;
  /** Window return indexes of interval j: from[j]..to[j] inclusive (several when the benchmark lacks window dates). */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** The benchmark's simple return over interval j: close(date to[j]) / close(the previous shared date) - 1. */
  readonly benchmarkReturns: Float64Array;
  /** True when every window return is its own interval (the benchmark has every window date and the base date). */
  readonly aligned: boolean;
}

/**
 * Aligns a benchmark's closes on a history window: the shared dates are the window's dates (with
 * its base date) on which the benchmark has a close, and returns run between consecutive shared
 * dates, as the window's own returns run between consecutive dates common to its symbols. A window
 * date the benchmark lacks merges the returns on either side of it into one; window dates before
 * the benchmark's first shared date are left out.
 */
export function alignBenchmark(window: Pick<HistoryWindow, 'dates' | 'baseDate'>, bars: readonly PriceBar[]): BenchmarkAlignment {
  const closes = new Map(bars.map((b) => [b.date, b.close]));
  const T = window.dates.length;
  const from = new Int32Array(T); const to = new Int32Array(T); const rets = new Float64Array(T);
  let n = 0;
  let prev = window.baseDate === null ? undefined : closes.get(window.baseDate);
  let start = 0;
  for (let t = 0; t < T; t++) {
    const c = closes.get(window.dates[t] as string);
    if (c === undefined) continue;
    if (prev !== undefined) { from[n] = start; to[n] = t; rets[n] = c / prev - 1; n++; }
    prev = c; start = t + 1;
  }
  return { count: n, from: from.slice(0, n), to: to.slice(0, n), benchmarkReturns: rets.slice(0, n), aligned: n === T };
}

/** Log returns of the window summed over each interval of an alignment: count x U row-major. */
export function intervalLogReturns(window: Pick<HistoryWindow, 'logReturns' | 'symbols'>, alignment: BenchmarkAlignment): Float64Array {
  const U = window.symbols.length;
  const out = new Float64Array(alignment.count * U);
  for (let j = 0; j < alignment.count; j++) {
    for (let t = alignment.from[j] as number; t <= (alignment.to[j] as number); t++) {
      for (let u = 0; u < U; u++) out[j * U + u] = (out[j * U + u] as number) + (window.logReturns[t * U + u] as number);
    }
  }
  return out;
}

/** A `lookbackDays` at or above this means "all the history there is" (compute-risk-report's lookbackDays=all). */
export const ALL_HISTORY = 100_000;
