import type { Kysely } from 'kysely';
import type { RiskHistoryPoint, RiskReportStore } from '../../app/ports.ts';
import { JsonText } from '../../core/shared/json-text.ts';
import type { DatabaseSchema } from './database-schema.ts';

const MAX_SCAN = 200_000;

export class PostgresRiskReportStore implements RiskReportStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async saveLatest(portfolioId: string, at: string, report: unknown): Promise<void> {
    await this.db.insertInto('risk_reports_latest').values({ portfolio_id: portfolioId, at, report: report instanceof JsonText ? report.text : JSON.stringify(report) })
      .onConflict((oc) => oc.column('portfolio_id').doUpdateSet((eb) => ({ at: eb.ref('excluded.at'), report: eb.ref('excluded.report') }))).execute();
  }

  async latest(portfolioId: string): Promise<{ at: string; report: unknown } | undefined> {
    const r = await this.db.selectFrom('risk_reports_latest').selectAll().where('portfolio_id', '=', portfolioId).executeTakeFirst();
    return r === undefined ? undefined : { at: r.at.toISOString(), report: r.report };
  }

  async appendHistory(p: RiskHistoryPoint): Promise<void> {
    await this.db.insertInto('risk_history').values({ portfolio_id: p.portfolioId, at: p.at, summary: JSON.stringify(p.summary) })
      .onConflict((oc) => oc.columns(['portfolio_id', 'at']).doNothing()).execute();
  }

  async history(portfolioId: string, range: { from?: string; to?: string; maxPoints: number }): Promise<RiskHistoryPoint[]> {
    let q = this.db.selectFrom('risk_history').selectAll().where('portfolio_id', '=', portfolioId);
    if (range.from !== undefined) q = q.where('at', '>=', new Date(range.from));
    if (range.to !== undefined) q = q.where('at', '<=', new Date(range.to));
    const rows = (await q.orderBy('at', 'desc').limit(MAX_SCAN).execute()).reverse();
    const points = rows.map((r) => ({ portfolioId: r.portfolio_id, at: r.at.toISOString(), summary: r.summary as Record<string, unknown> }));
    if (points.length <= range.maxPoints) return points;
    const first = Date.parse(points[0]!.at); const last = Date.parse(points[points.length - 1]!.at);
    const width = (last - first) / range.maxPoints || 1;
    const buckets = new Map<number, RiskHistoryPoint>();
    for (const p of points) buckets.set(Math.min(range.maxPoints - 1, Math.floor((Date.parse(p.at) - first) / width)), p);
    return [...buckets.values()];
  }
}
