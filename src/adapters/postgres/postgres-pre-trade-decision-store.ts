import { sql, type Kysely, type Selectable } from 'kysely';
import type { PreTradeDecisionRecord, PreTradeDecisionStore } from '../../app/ports.ts';
import type { DatabaseSchema, PreTradeDecisionsTable } from './database-schema.ts';

const CHUNK = 2000;

const toRecord = (r: Selectable<PreTradeDecisionsTable>): PreTradeDecisionRecord => ({
  portfolioId: r.portfolio_id, clientOrderId: r.client_order_id, requestHash: r.request_hash, decision: r.decision,
  limitsVersion: Number(r.limits_version), decidedAt: r.decided_at.toISOString(),
});

export class PostgresPreTradeDecisionStore implements PreTradeDecisionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insertMany(rows: readonly PreTradeDecisionRecord[]): Promise<Array<{ portfolioId: string; clientOrderId: string }>> {
    const inserted: Array<{ portfolioId: string; clientOrderId: string }> = [];
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      // one parameter, a JSON array of the rows (json_to_recordset): the statement does not grow
      // with the batch, and the decisions are serialised once, natively, with no array escaping
      const json = JSON.stringify(part.map((d) => ({ p: d.portfolioId, c: d.clientOrderId, h: d.requestHash, d: d.decision, v: d.limitsVersion, t: d.decidedAt })));
      const r = await sql<{ portfolio_id: string; client_order_id: string }>`INSERT INTO pre_trade_decisions (portfolio_id, client_order_id, request_hash, decision, limits_version, decided_at)
        SELECT p, c, h, d, v, t FROM json_to_recordset(${json}::json) AS x(p text, c text, h text, d jsonb, v bigint, t timestamptz)
        ON CONFLICT (portfolio_id, client_order_id) DO NOTHING RETURNING portfolio_id, client_order_id`.execute(this.db);
      for (const x of r.rows) inserted.push({ portfolioId: x.portfolio_id, clientOrderId: x.client_order_id });
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
