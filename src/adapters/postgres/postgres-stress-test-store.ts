import type { Kysely } from 'kysely';
import type { StressTestRecord, StressTestStore, StressTestSummaryRow } from '../../app/ports.ts';
import type { DatabaseSchema } from './database-schema.ts';

interface Row {
  id: string; portfolio_id: string; run_at: Date; run_by: string; valuation_date: string | null; request: unknown; summary: unknown;
}

const toHead = (r: Row): Omit<StressTestRecord, 'results'> => ({
  id: r.id, portfolioId: r.portfolio_id, runAt: r.run_at.toISOString(), runBy: r.run_by, valuationDate: r.valuation_date,
  request: r.request, summary: r.summary as StressTestSummaryRow[],
});

export class PostgresStressTestStore implements StressTestStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(r: StressTestRecord): Promise<void> {
    await this.db.insertInto('stress_tests').values({
      id: r.id, portfolio_id: r.portfolioId, run_at: r.runAt, run_by: r.runBy, valuation_date: r.valuationDate,
      request: JSON.stringify(r.request), summary: JSON.stringify(r.summary), results: JSON.stringify(r.results),
    }).execute();
  }

  async get(portfolioId: string, id: string): Promise<StressTestRecord | undefined> {
    const r = await this.db.selectFrom('stress_tests').selectAll().where('portfolio_id', '=', portfolioId).where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : { ...toHead(r), results: r.results };
  }

  async list(portfolioId: string, range: { from?: string; to?: string; limit: number }): Promise<Omit<StressTestRecord, 'results'>[]> {
    let q = this.db.selectFrom('stress_tests')
      .select(['id', 'portfolio_id', 'run_at', 'run_by', 'valuation_date', 'request', 'summary']).where('portfolio_id', '=', portfolioId);
    if (range.from !== undefined) q = q.where('run_at', '>=', new Date(range.from));
    if (range.to !== undefined) q = q.where('run_at', '<=', new Date(range.to));
    return (await q.orderBy('run_at', 'desc').orderBy('seq', 'desc').limit(range.limit).execute()).map(toHead);
  }
}
