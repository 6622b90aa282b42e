import type { Kysely } from 'kysely';
import type { NavHistoryStore } from '../../app/ports.ts';
import type { NavPoint } from '../../core/portfolio/portfolio.ts';
import type { DatabaseSchema } from './database-schema.ts';

export class PostgresNavHistoryStore implements NavHistoryStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async append(points: readonly NavPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.db.insertInto('nav_history').values(points.map((p) => ({
      portfolio_id: p.portfolioId, at: p.at, nav: p.nav, cash: p.cash, market_value: p.marketValue, source: p.source,
    }))).onConflict((oc) => oc.columns(['portfolio_id', 'at']).doUpdateSet((eb) => ({
      nav: eb.ref('excluded.nav'), cash: eb.ref('excluded.cash'), market_value: eb.ref('excluded.market_value'), source: eb.ref('excluded.source'),
    }))).execute();
  }

  async list(portfolioId: string, range: { from?: string; to?: string; limit?: number } = {}): Promise<NavPoint[]> {
    let q = this.db.selectFrom('nav_history').selectAll().where('portfolio_id', '=', portfolioId);
    if (range.from !== undefined) q = q.where('at', '>=', new Date(range.from));
    if (range.to !== undefined) q = q.where('at', '<=', new Date(range.to));
    const rows = await q.orderBy('at', 'desc').limit(range.limit ?? 10_000).execute();
    return rows.reverse().map((r) => ({
      portfolioId: r.portfolio_id, at: r.at.toISOString(), nav: r.nav, cash: r.cash, marketValue: r.market_value, source: r.source,
    }));
  }
}
