import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReplayDataSource, ReplayDataset } from '../../app/ports.ts';
import { parsePriceCsv } from '../../core/market/parse-price-csv.ts';
import { priceHistoryFromBars, type PriceHistory } from '../../core/stress/index.ts';

export const SHIPPED_DATA_DIR = fileURLToPath(new URL('../../../data/fixtures/', import.meta.url));

/**
 * The CSV files shipped in data/fixtures (real closes from R packages, see ATTRIBUTION.md), read
 * once and kept: `<dataset>.csv` with a date column and one column per symbol.
 */
export class ShippedReplayData implements ReplayDataSource {
  private readonly cache = new Map<ReplayDataset, Promise<PriceHistory | null>>();

  constructor(private readonly dir: string = SHIPPED_DATA_DIR) {}

  load(dataset: ReplayDataset): Promise<PriceHistory | null> {
    let entry = this.cache.get(dataset);
    if (entry === undefined) {
      entry = this.read(dataset);
      this.cache.set(dataset, entry);
    }
    return entry;
  }

  private async read(dataset: ReplayDataset): Promise<PriceHistory | null> {
    let text: string;
    try {
      text = await readFile(`${this.dir}${dataset}.csv`, 'utf8');
    } catch {
      return null;
    }
    const parsed = parsePriceCsv(text);
    if (parsed.problems.length > 0 || parsed.bars.length === 0) return null;
    return priceHistoryFromBars({ bars: parsed.bars });
  }
}
