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
