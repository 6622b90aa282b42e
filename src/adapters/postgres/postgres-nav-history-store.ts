import { sql, type Kysely } from 'kysely';
import type { NavHistoryStore } from '../../app/ports.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import type { DatabaseSchema } from './database-schema.ts';

const APPEND_CHUNK = 5000;

export class PostgresNavHistoryStore implements NavHistoryStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /**
   * One statement per chunk with ONE parameter, the rows as a JSON array (json_to_recordset): an
   * import of 100,000 points would otherwise need 600,000 bind parameters (PostgreSQL takes 65,535).
   */
  async append(points: readonly NavPoint[]): Promise<void> {
    for (let i = 0; i < points.length; i += APPEND_CHUNK) {
      const rows = JSON.stringify(points.slice(i, i + APPEND_CHUNK).map((p) => ({ p: p.portfolioId, t: p.at, n: p.nav, c: p.cash, m: p.marketValue, s: p.source })));
      await sql`INSERT INTO nav_history (portfolio_id, at, nav, cash, market_value, source)
        SELECT p, t, n, c, m, s FROM json_to_recordset(${rows}::json) AS x(p text, t timestamptz, n double precision, c double precision, m double precision, s text)
        ON CONFLICT (portfolio_id, at) DO UPDATE SET nav = excluded.nav, cash = excluded.cash, market_value = excluded.market_value, source = excluded.source`.execute(this.db);
    }
  }

  async list(portfolioId: string, range: { from?: string; to?: string; limit?: number } = {}): Promise<NavPoint[]> {
    let q = this.db.selectFrom('nav_history').selectAll().where('portfolio_id', '=', portfolioId);
    if (range.from !== undefined) q = q.where('at', '>=', new Date(range.from));
    if (range.to !== undefined) q = q.where('at', '<=', new Date(range.to));
    const rows = await q.orderBy('at', 'desc').limit(range.limit ?? 10_000).execute();
    return rows.reverse().map(toPoint);
  }

  async firstBetween(portfolioId: string, range: { from: string; before: string }): Promise<NavPoint | undefined> {
    const r = await this.db.selectFrom('nav_history').selectAll().where('portfolio_id', '=', portfolioId)
      .where('at', '>=', new Date(range.from)).where('at', '<', new Date(range.before)).orderBy('at').limit(1).executeTakeFirst();
    return r === undefined ? undefined : toPoint(r);
  }

  /**
   * A loose index scan down the primary key: from the newest point at or before `to`, each step
   * jumps to the newest point before the start of that point's UTC day. One index probe per day,
   * however many points a day holds (the monitor appends one a minute).
   */
  async dailyLast(portfolioId: string, range: { to?: string; days: number }): Promise<NavPoint[]> {
    const to = range.to === undefined ? sql`'infinity'::timestamptz` : sql`${new Date(range.to)}::timestamptz`;
    const cols = sql`portfolio_id, at, nav, cash, market_value, source`;
    const rows = await sql<NavRow>`
      WITH RECURSIVE day_last AS (
        (SELECT ${cols}, 1 AS n FROM nav_history WHERE portfolio_id = ${portfolioId} AND at <= ${to} ORDER BY at DESC LIMIT 1)
        UNION ALL
        SELECT p.*, d.n + 1 FROM day_last d CROSS JOIN LATERAL (
          SELECT ${cols} FROM nav_history
          WHERE portfolio_id = ${portfolioId} AND at < date_trunc('day', d.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
          ORDER BY at DESC LIMIT 1
        ) p WHERE d.n < ${range.days}
      )
      SELECT ${cols} FROM day_last ORDER BY at`.execute(this.db);
    return rows.rows.map(toPoint);
  }
}

interface NavRow { portfolio_id: string; at: Date; nav: number; cash: number | null; market_value: number | null; source: string }

const toPoint = (r: NavRow): NavPoint => ({
  portfolioId: r.portfolio_id, at: r.at.toISOString(), nav: r.nav, cash: r.cash, marketValue: r.market_value, source: r.source,
});
