/**
 * Daily closes (PriceBar rows, e.g. from parsePriceCsv) as the aligned table the replay reads:
 * every date that has at least one close, ascending; a symbol without a close on a date gets NaN.
 */
import type { PriceBar } from '../market/market-data.ts';
import type { PriceHistory } from './replay-history.ts';

export function priceHistoryFromBars({ bars }: { bars: readonly PriceBar[] }): PriceHistory {
  const dates = [...new Set(bars.map((b) => b.date))].sort();
  const row = new Map(dates.map((d, t) => [d, t]));
  const closes: Record<string, Float64Array> = {};
  for (const b of bars) {
    const series = closes[b.symbol] ?? (closes[b.symbol] = new Float64Array(dates.length).fill(Number.NaN));
    series[row.get(b.date)!] = b.close;
  }
  return { dates, closes };
}

/**
 * Adds a price-weighted index of `members` as column `symbol` (the Dow Jones method with a constant
 * divisor): I_t = sum of the members' closes on day t / number of members, for the days on which
 * every member has a close (NaN otherwise, which a replay carries forward). Used to replay names
 * that have no history of their own through their beta when a data set ships no index column.
 */
export function withPriceWeightedIndex({ history, symbol, members }: { history: PriceHistory; symbol: string; members: readonly string[] }): PriceHistory {
  const series = members.map((m) => history.closes[m]).filter((c): c is Float64Array => c !== undefined);
  const index = new Float64Array(history.dates.length).fill(Number.NaN);
  if (series.length > 0) {
    for (let t = 0; t < index.length; t++) {
      let sum = 0;
      let complete = true;
      for (const c of series) {
        const x = c[t]!;
        if (!(x > 0)) { complete = false; break; }
        sum += x;
      }
      if (complete) index[t] = sum / series.length;
    }
  }
  return { dates: history.dates, closes: { ...history.closes, [symbol]: index } };
}
