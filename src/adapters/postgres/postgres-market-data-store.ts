import { sql, type Kysely } from 'kysely';
import type { MarketDataStore } from '../../app/ports.ts';
import type { PriceBar, Quote, ReferenceData, RiskFreeRate } from '../../core/market/market-data.ts';
import type { Instrument } from '../../core/portfolio/instrument.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { RecentHistoryCache } from './recent-history-cache.ts';

const CHUNK = 1000;
const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};
/** Last write wins inside one batch: PostgreSQL refuses a batch that upserts one key twice. */
/**
 * `= ANY($1::text[])`: a list as ONE bind parameter, where `IN ($1, $2, ...)` takes one per element
 * (a book of 40,000 option positions would pass PostgreSQL's 65,535 and PGlite's 32,767).
 */
const anyText = (values: readonly string[]) => sql<string>`ANY(${[...values]}::text[])`;

const lastByKey = <T>(xs: readonly T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];

type QuoteRow = { instrument_key: string; instrument: unknown; last: number; bid: number | null; ask: number | null; implied_volatility: number | null; quote_time: Date; received_at: Date };
const quoteOf = (r: QuoteRow): Quote => ({
  instrumentKey: r.instrument_key, instrument: r.instrument as Instrument, last: r.last, bid: r.bid, ask: r.ask,
  impliedVolatility: r.implied_volatility, timestamp: r.quote_time.toISOString(), receivedAt: r.received_at.toISOString(),
});

export class PostgresMarketDataStore implements MarketDataStore {
  /**
   * `history`: the process's recent-history cache; `cacheReads` false inside a transaction, whose
   * reads may see its own uncommitted writes (they still invalidate it).
   */
  constructor(private readonly db: Kysely<DatabaseSchema>, private readonly historyCache?: RecentHistoryCache, private readonly cacheReads = true) {}

  async upsertQuotes(quotes: readonly Quote[]): Promise<void> {
    for (const part of chunks(lastByKey(quotes, (q) => q.instrumentKey))) {
      await this.db.insertInto('quotes').values(part.map((q) => ({
        instrument_key: q.instrumentKey, instrument: JSON.stringify(q.instrument), last: q.last, bid: q.bid, ask: q.ask,
        implied_volatility: q.impliedVolatility, quote_time: q.timestamp, received_at: q.receivedAt,
      }))).onConflict((oc) => oc.column('instrument_key').doUpdateSet((eb) => ({
        instrument: eb.ref('excluded.instrument'), last: eb.ref('excluded.last'), bid: eb.ref('excluded.bid'),
        ask: eb.ref('excluded.ask'), implied_volatility: eb.ref('excluded.implied_volatility'),
        quote_time: eb.ref('excluded.quote_time'), received_at: eb.ref('excluded.received_at'),
      }))).execute();
    }
  }

  async listQuotes(keys?: readonly string[]): Promise<Quote[]> {
    let q = this.db.selectFrom('quotes').selectAll().orderBy('instrument_key');
    if (keys !== undefined) {
      if (keys.length === 0) return [];
      q = q.where('instrument_key', '=', anyText(keys));
    }
    return (await q.execute()).map(quoteOf);
  }

  async listUnderlyingQuotes(): Promise<Quote[]> {
    // filtered in the database: an option chain can hold far more quotes than there are names
    const rows = await this.db.selectFrom('quotes').selectAll().where(sql<string>`instrument->>'type'`, '<>', 'option').orderBy('instrument_key').execute();
    return rows.map(quoteOf);
  }

  async listQuotesForUnderlyings(symbols: readonly string[]): Promise<Quote[]> {
    if (symbols.length === 0) return [];
    const rows = await this.db.selectFrom('quotes').selectAll()
      .where((eb) => eb.or([eb('instrument_key', '=', anyText(symbols)), eb(sql<string>`instrument->>'underlying'`, '=', anyText(symbols))]))
      .orderBy('instrument_key').execute();
    return rows.map(quoteOf);
  }

  async recentHistory(symbols: readonly string[], bars: number, to?: string): Promise<Map<string, PriceBar[]>> {
    if (symbols.length === 0) return new Map();
    if (this.historyCache === undefined || !this.cacheReads) return this.readRecentHistory(symbols, bars, to);
    const key = RecentHistoryCache.key(symbols, bars, to);
    const cached = this.historyCache.get(key);
    if (cached !== undefined) return new Map(symbols.map((s) => [s, cached.get(s) ?? []]));
    const generation = this.historyCache.begin();
    const read = await this.readRecentHistory(symbols, bars, to);
    this.historyCache.set(key, generation, read);
    return read;
  }

  private async readRecentHistory(symbols: readonly string[], bars: number, to?: string): Promise<Map<string, PriceBar[]>> {
    const out = new Map<string, PriceBar[]>(symbols.map((s) => [s, []]));
    // The last `bars` closes of each symbol straight off the primary key (symbol, date), read
    // backwards with a LIMIT per symbol. A row_number() window over all of the symbols' history
    // sorted every row of it instead: ~100 ms of PostgreSQL CPU per risk cycle for 30 symbols with
    // ten years of closes, competing with the order path for the machine's cores.
    const wanted = sql.join([...out.keys()].map((symbol) => sql`(${symbol})`));
    const upTo = to === undefined ? sql`` : sql`AND p.date <= ${to}`;
    const rows = await sql<{ symbol: string; date: string; close: number }>`
      SELECT s.symbol, h.date, h.close FROM (VALUES ${wanted}) AS s(symbol)
      CROSS JOIN LATERAL (SELECT p.date, p.close FROM price_history p WHERE p.symbol = s.symbol ${upTo} ORDER BY p.date DESC LIMIT ${bars}) h`.execute(this.db);
    for (const r of rows.rows) out.get(r.symbol)?.push({ symbol: r.symbol, date: String(r.date), close: r.close });
    // each symbol's closes came newest first
    for (const closes of out.values()) closes.reverse();
    return out;
  }

  async upsertReference(rows: readonly ReferenceData[]): Promise<void> {
    for (const part of chunks(lastByKey(rows, (r) => r.symbol))) {
      await this.db.insertInto('reference_data').values(part.map((r) => ({
        symbol: r.symbol, instrument_type: r.type, sector: r.sector, average_daily_volume: r.averageDailyVolume,
        dividend_yield: r.dividendYield, beta: r.beta, currency: r.currency, updated_at: r.updatedAt,
      }))).onConflict((oc) => oc.column('symbol').doUpdateSet((eb) => ({
        instrument_type: eb.ref('excluded.instrument_type'), sector: eb.ref('excluded.sector'),
        average_daily_volume: eb.ref('excluded.average_daily_volume'), dividend_yield: eb.ref('excluded.dividend_yield'),
        beta: eb.ref('excluded.beta'), currency: eb.ref('excluded.currency'), updated_at: eb.ref('excluded.updated_at'),
      }))).execute();
    }
  }

  async listReference(symbols?: readonly string[]): Promise<ReferenceData[]> {
    let q = this.db.selectFrom('reference_data').selectAll().orderBy('symbol');
    if (symbols !== undefined) {
      if (symbols.length === 0) return [];
      q = q.where('symbol', '=', anyText(symbols));
    }
    return (await q.execute()).map((r) => ({
      symbol: r.symbol, type: r.instrument_type as ReferenceData['type'], sector: r.sector,
      averageDailyVolume: r.average_daily_volume, dividendYield: r.dividend_yield, beta: r.beta,
      currency: r.currency, updatedAt: r.updated_at.toISOString(),
    }));
  }

  async upsertRates(rows: readonly RiskFreeRate[]): Promise<void> {
    for (const part of chunks(lastByKey(rows, (r) => r.currency))) {
      await this.db.insertInto('rates').values(part.map((r) => ({ currency: r.currency, rate: r.rate, as_of: r.asOf, updated_at: r.updatedAt })))
        .onConflict((oc) => oc.column('currency').doUpdateSet((eb) => ({
          rate: eb.ref('excluded.rate'), as_of: eb.ref('excluded.as_of'), updated_at: eb.ref('excluded.updated_at'),
        }))).execute();
    }
  }

  async listRates(): Promise<RiskFreeRate[]> {
    return (await this.db.selectFrom('rates').selectAll().orderBy('currency').execute()).map((r) => ({
      currency: r.currency, rate: r.rate, asOf: r.as_of.toISOString(), updatedAt: r.updated_at.toISOString(),
    }));
  }

  async upsertBars(bars: readonly PriceBar[]): Promise<void> {
    this.historyCache?.invalidate();
    for (const part of chunks(lastByKey(bars, (b) => `${b.symbol}|${b.date}`))) {
      await this.db.insertInto('price_history').values(part.map((b) => ({ symbol: b.symbol, date: b.date, close: b.close })))
        .onConflict((oc) => oc.columns(['symbol', 'date']).doUpdateSet((eb) => ({ close: eb.ref('excluded.close') }))).execute();
    }
  }

  async historyBetween(symbols: readonly string[], range: { from: string; to: string }): Promise<Map<string, PriceBar[]>> {
    const out = new Map<string, PriceBar[]>();
    if (symbols.length === 0) return out;
    const rows = await this.db.selectFrom('price_history').select(['symbol', 'date', 'close'])
      .where('symbol', '=', anyText(symbols)).where('date', '>=', range.from).where('date', '<=', range.to)
      .orderBy('symbol').orderBy('date').execute();
    for (const r of rows) {
      const bars = out.get(r.symbol);
      if (bars === undefined) out.set(r.symbol, [r]); else bars.push(r);
    }
    return out;
  }

  async history(symbol: string, range: { from?: string; to?: string } = {}): Promise<PriceBar[]> {
    let q = this.db.selectFrom('price_history').select(['symbol', 'date', 'close']).where('symbol', '=', symbol);
    if (range.from !== undefined) q = q.where('date', '>=', range.from);
    if (range.to !== undefined) q = q.where('date', '<=', range.to);
    return q.orderBy('date').execute();
  }

  async historySummary(): Promise<Array<{ symbol: string; bars: number; firstDate: string; lastDate: string }>> {
    const rows = await this.db.selectFrom('price_history')
      .select(['symbol', sql<string>`count(*)`.as('bars'), sql<string>`min(date)`.as('first_date'), sql<string>`max(date)`.as('last_date')])
      .groupBy('symbol').orderBy('symbol').execute();
    return rows.map((r) => ({ symbol: r.symbol, bars: Number(r.bars), firstDate: String(r.first_date), lastDate: String(r.last_date) }));
  }
}
