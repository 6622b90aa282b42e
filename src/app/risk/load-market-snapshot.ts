import type { PriceBar, Quote } from '../../core/market/market-data.ts';
import { EXPIRY_CLOSE_UTC_HOUR, type MarketSnapshot } from '../../core/market/market-snapshot.ts';
import { underlyingSymbol } from '../../core/portfolio/instrument.ts';
import type { Position } from '../../core/portfolio/position.ts';
import { historyToExtend } from '../../core/risk/history-window.ts';
import type { MarketDataStore, Stores } from '../ports.ts';

export interface LoadedSnapshot {
  readonly snapshot: MarketSnapshot;
  /** Oldest source timestamp among the quotes the valuation uses (spots and the positions' own option quotes). */
  readonly inputsAsOf: string | null;
  readonly underlyings: readonly string[];
}

/**
 * Fetches one consistent market snapshot for a portfolio: quotes of the underlyings and of every
 * option on them (for volatility surfaces), reference data, the base-currency rate, and daily
 * closes: enough for the last `lookbackDays + 1` dates all the underlyings share (see
 * `readWindowHistory`), and the benchmark's back to the first of them.
 * With `valuationDate`, the valuation is as of that date's close: spots are that date's closes
 * (or the last close before it), option quotes contribute only their implied volatilities.
 */
export async function loadMarketSnapshot(stores: Stores, args: {
  positions: readonly Position[]; benchmarkSymbol: string | null; baseCurrency: string; now: Date; valuationDate?: string; lookbackDays: number;
}): Promise<LoadedSnapshot> {
  const underlyings = [...new Set(args.positions.map((p) => underlyingSymbol(p.instrument)))].sort();
  const symbols = args.benchmarkSymbol !== null && !underlyings.includes(args.benchmarkSymbol) ? [...underlyings, args.benchmarkSymbol] : underlyings;
  const [quotes, reference, rates, history] = await Promise.all([
    stores.marketData.listQuotesForUnderlyings(symbols),
    stores.marketData.listReference(symbols),
    stores.marketData.listRates(),
    readWindowHistory(stores.marketData, { underlyings, benchmarkSymbol: args.benchmarkSymbol, closes: args.lookbackDays + 1, ...(args.valuationDate === undefined ? {} : { to: args.valuationDate }) }),
  ]);
  const quoteMap = new Map(quotes.map((q) => [q.instrumentKey, q]));
  let asOf = args.now.toISOString();
  if (args.valuationDate !== undefined) {
    asOf = `${args.valuationDate}T${String(EXPIRY_CLOSE_UTC_HOUR).padStart(2, '0')}:00:00.000Z`;
    for (const [key, q] of quoteMap) {
      if (q.instrument.type === 'option') {
        if (q.impliedVolatility === null) quoteMap.delete(key);
        else quoteMap.set(key, { ...q, bid: null, ask: null });
      } else quoteMap.delete(key);
    }
    for (const symbol of symbols) {
      const bars: readonly PriceBar[] = history.get(symbol) ?? [];
      const last = bars[bars.length - 1];
      if (last === undefined) continue;
      const stamp = `${last.date}T${String(EXPIRY_CLOSE_UTC_HOUR).padStart(2, '0')}:00:00.000Z`;
      const quote: Quote = { instrumentKey: symbol, instrument: { type: 'stock', symbol }, last: last.close, bid: null, ask: null, impliedVolatility: null, timestamp: stamp, receivedAt: stamp };
      quoteMap.set(symbol, quote);
    }
  }
  const used = [...underlyings, ...args.positions.map((p) => p.instrumentKey)].map((k) => quoteMap.get(k)?.timestamp).filter((t): t is string => t !== undefined);
  const inputsAsOf = used.length === 0 ? null : used.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  return {
    snapshot: {
      asOf, quotes: quoteMap,
      reference: new Map(reference.map((r) => [r.symbol, r])),
      rate: rates.find((r) => r.currency === args.baseCurrency)?.rate ?? null,
      history,
    },
    inputsAsOf, underlyings,
  };
}

/** Further reads at most, after the first, when gaps keep the common dates short. */
const MAX_EXTRA_READS = 6;

/**
 * The last `closes` daily closes of the underlyings and the benchmark (up to `to`), read further
 * back where gaps leave the underlyings fewer than `closes` shared dates, or leave the benchmark
 * short of the first of them. Gap-free history takes one read (the last `closes` of each symbol
 * off the primary key); each gap-filling read asks again only for the symbols that need it.
 */
export async function readWindowHistory(store: Pick<MarketDataStore, 'recentHistory'>, args: {
  underlyings: readonly string[]; benchmarkSymbol: string | null; closes: number; to?: string;
}): Promise<Map<string, PriceBar[]>> {
  const symbols = args.benchmarkSymbol !== null && !args.underlyings.includes(args.benchmarkSymbol) ? [...args.underlyings, args.benchmarkSymbol] : [...args.underlyings];
  const history = await store.recentHistory(symbols, args.closes, args.to);
  const asked = new Map(symbols.map((s) => [s, args.closes]));
  for (let round = 0; round < MAX_EXTRA_READS; round++) {
    const more = historyToExtend({ symbols: args.underlyings, benchmark: args.benchmarkSymbol, history, asked, closesWanted: args.closes });
    if (more.size === 0) break;
    // one read per bar count (usually one): the store reads the same count for every symbol it is given
    const byCount = new Map<number, string[]>();
    for (const [s, n] of more) byCount.set(n, [...(byCount.get(n) ?? []), s]);
    const reads = await Promise.all([...byCount].map(async ([n, group]) => ({ n, group, read: await store.recentHistory(group, n, args.to) })));
    for (const { n, group, read } of reads) for (const s of group) { history.set(s, read.get(s) ?? []); asked.set(s, n); }
  }
  return history;
}
