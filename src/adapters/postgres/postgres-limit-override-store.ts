import type { Kysely, Selectable } from 'kysely';
import type { LimitOverrideRecord, LimitOverrideStore, OverrideStatus } from '../../app/ports.ts';
import type { DatabaseSchema, LimitOverridesTable } from './database-schema.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const toOverride = (r: Selectable<LimitOverridesTable>): LimitOverrideRecord => ({
  id: r.id, portfolioId: r.portfolio_id, limitId: r.limit_id, kind: r.kind as LimitOverrideRecord['kind'], amount: r.amount,
  reason: r.reason, requestedBy: r.requested_by, approvedBy: r.approved_by, status: r.status as OverrideStatus,
  expiresAt: r.expires_at.toISOString(), createdAt: r.created_at.toISOString(), decidedBy: r.decided_by,
  decidedAt: iso(r.decided_at), decisionNote: r.decision_note, endedBy: r.ended_by, endedAt: iso(r.ended_at),
});

const toRow = (o: LimitOverrideRecord) => ({
  id: o.id, portfolio_id: o.portfolioId, limit_id: o.limitId, kind: o.kind, amount: o.amount, reason: o.reason,
  requested_by: o.requestedBy, approved_by: o.approvedBy, status: o.status, expires_at: o.expiresAt, created_at: o.createdAt,
  decided_by: o.decidedBy, decided_at: o.decidedAt, decision_note: o.decisionNote, ended_by: o.endedBy, ended_at: o.endedAt,
});

export class PostgresLimitOverrideStore implements LimitOverrideStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(o: LimitOverrideRecord): Promise<void> {
    await this.db.insertInto('limit_overrides').values(toRow(o)).execute();
  }

  async get(id: string): Promise<LimitOverrideRecord | undefined> {
    const r = await this.db.selectFrom('limit_overrides').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toOverride(r);
  }

  async list(portfolioId: string, filter: { limitId?: string; status?: OverrideStatus } = {}): Promise<LimitOverrideRecord[]> {
    let q = this.db.selectFrom('limit_overrides').selectAll().where('portfolio_id', '=', portfolioId);
    if (filter.limitId !== undefined) q = q.where('limit_id', '=', filter.limitId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toOverride);
  }

  async update(o: LimitOverrideRecord): Promise<void> {
    const { id, created_at: _c, ...rest } = toRow(o);
    await this.db.updateTable('limit_overrides').set(rest).where('id', '=', id).execute();
  }

  async listLapsed(at: string): Promise<LimitOverrideRecord[]> {
    const rows = await this.db.selectFrom('limit_overrides').selectAll().where('status', 'in', ['pending', 'active'])
      .where('expires_at', '<=', new Date(at)).orderBy('expires_at').orderBy('id').execute();
    return rows.map(toOverride);
  }
}
