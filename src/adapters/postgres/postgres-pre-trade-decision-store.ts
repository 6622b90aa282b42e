import type { Kysely, Selectable } from 'kysely';
import type { PreTradeDecisionRecord, PreTradeDecisionStore } from '../../app/ports.ts';
import type { DatabaseSchema, PreTradeDecisionsTable } from './database-schema.ts';

const CHUNK = 1000;

const toRecord = (r: Selectable<PreTradeDecisionsTable>): PreTradeDecisionRecord => ({
  portfolioId: r.portfolio_id, clientOrderId: r.client_order_id, requestHash: r.request_hash, decision: r.decision,
  limitsVersion: Number(r.limits_version), decidedAt: r.decided_at.toISOString(),
});

export class PostgresPreTradeDecisionStore implements PreTradeDecisionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insertMany(rows: readonly PreTradeDecisionRecord[]): Promise<number> {
    let inserted = 0;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const r = await this.db.insertInto('pre_trade_decisions').values(part.map((d) => ({
        portfolio_id: d.portfolioId, client_order_id: d.clientOrderId, request_hash: d.requestHash,
        decision: JSON.stringify(d.decision), limits_version: d.limitsVersion, decided_at: d.decidedAt,
      }))).onConflict((oc) => oc.columns(['portfolio_id', 'client_order_id']).doNothing()).returning('client_order_id').execute();
      inserted += r.length;
    }
    return inserted;
  }

  async get(portfolioId: string, clientOrderId: string): Promise<PreTradeDecisionRecord | undefined> {
    const r = await this.db.selectFrom('pre_trade_decisions').selectAll()
      .where('portfolio_id', '=', portfolioId).where('client_order_id', '=', clientOrderId).executeTakeFirst();
    return r === undefined ? undefined : toRecord(r);
  }

  async list(portfolioId: string, range: { from?: string; to?: string; limit: number }): Promise<PreTradeDecisionRecord[]> {
    let q = this.db.selectFrom('pre_trade_decisions').selectAll().where('portfolio_id', '=', portfolioId);
    if (range.from !== undefined) q = q.where('decided_at', '>=', new Date(range.from));
    if (range.to !== undefined) q = q.where('decided_at', '<=', new Date(range.to));
    return (await q.orderBy('decided_at', 'desc').orderBy('client_order_id', 'desc').limit(range.limit).execute()).map(toRecord);
  }
}
