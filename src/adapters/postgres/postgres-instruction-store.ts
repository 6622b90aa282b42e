import { sql, type Kysely, type Selectable } from 'kysely';
import type { DeliveryRecord, InstructionRecord, InstructionStatus, InstructionStore } from '../../app/ports.ts';
import type { DatabaseSchema, EnforcementInstructionsTable } from './database-schema.ts';

const toInstruction = (r: Selectable<EnforcementInstructionsTable>): InstructionRecord => ({
  id: r.id, portfolioId: r.portfolio_id, limitId: r.limit_id, violationId: r.violation_id, instrumentKey: r.instrument_key,
  side: r.side as InstructionRecord['side'], quantity: r.quantity, strategyGroupId: r.strategy_group_id, reason: r.reason,
  status: r.status as InstructionStatus, createdAt: r.created_at.toISOString(), acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: r.acknowledged_by, note: r.note,
  deliveryAttempts: r.delivery_attempts, deliveredAt: r.delivered_at?.toISOString() ?? null, nextDeliveryAt: r.next_delivery_at?.toISOString() ?? null,
  lastDeliveryError: r.last_delivery_error,
});

const toRow = (i: InstructionRecord) => ({
  id: i.id, portfolio_id: i.portfolioId, limit_id: i.limitId, violation_id: i.violationId, instrument_key: i.instrumentKey,
  side: i.side, quantity: i.quantity, strategy_group_id: i.strategyGroupId, reason: i.reason, status: i.status,
  created_at: i.createdAt, acknowledged_at: i.acknowledgedAt, acknowledged_by: i.acknowledgedBy, note: i.note,
  delivery_attempts: i.deliveryAttempts, delivered_at: i.deliveredAt, next_delivery_at: i.nextDeliveryAt, last_delivery_error: i.lastDeliveryError,
});

export class PostgresInstructionStore implements InstructionStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insertMany(rows: readonly InstructionRecord[]): Promise<void> {
    if (rows.length === 0) return;
    // in chunks: one statement's bind parameters are bounded (PostgreSQL 65,535; the embedded database 32,767)
    for (let i = 0; i < rows.length; i += 1000) await this.db.insertInto('enforcement_instructions').values(rows.slice(i, i + 1000).map(toRow)).execute();
  }

  async get(id: string): Promise<InstructionRecord | undefined> {
    const r = await this.db.selectFrom('enforcement_instructions').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toInstruction(r);
  }

  async list(f: { portfolioId?: string; status?: InstructionStatus; violationIds?: readonly string[]; limit: number }): Promise<InstructionRecord[]> {
    if (f.violationIds !== undefined && f.violationIds.length === 0) return [];
    let q = this.db.selectFrom('enforcement_instructions').selectAll();
    if (f.portfolioId !== undefined) q = q.where('portfolio_id', '=', f.portfolioId);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    if (f.violationIds !== undefined) q = q.where('violation_id', 'in', f.violationIds);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute()).map(toInstruction);
  }

  async update(i: InstructionRecord): Promise<void> {
    const { id, created_at: _c, ...rest } = toRow(i);
    await this.db.updateTable('enforcement_instructions').set(rest).where('id', '=', id).execute();
  }

  async listDueForDelivery(at: string, limit: number): Promise<InstructionRecord[]> {
    return (await this.db.selectFrom('enforcement_instructions').selectAll().where('status', '=', 'pending').where('next_delivery_at', '<=', new Date(at))
      .orderBy('next_delivery_at').orderBy('id').limit(limit).execute()).map(toInstruction);
  }

  async listPendingCreatedBefore(at: string, limit: number): Promise<InstructionRecord[]> {
    return (await this.db.selectFrom('enforcement_instructions').selectAll().where('status', '=', 'pending').where('created_at', '<', new Date(at))
      .orderBy('created_at').orderBy('id').limit(limit).execute()).map(toInstruction);
  }

  async recordDelivery(ids: readonly string[], d: DeliveryRecord): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('enforcement_instructions').set({
      delivery_attempts: sql<number>`delivery_attempts + 1`,
      delivered_at: d.delivered ? d.at : null, next_delivery_at: d.nextAt, last_delivery_error: d.error,
    }).where('id', 'in', ids).where('status', '=', 'pending').execute();
  }
}
