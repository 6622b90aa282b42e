import { sql, type Kysely, type Selectable } from 'kysely';
import type { LimitViolation, ViolationFilter, ViolationMetric, ViolationSource, ViolationStore } from '../../app/ports.ts';
import type { LimitScope } from '../../core/limits/limit-definition.ts';
import type { DatabaseSchema, LimitViolationsTable } from './database-schema.ts';

const toViolation = (r: Selectable<LimitViolationsTable>): LimitViolation => ({
  id: r.id, portfolioId: r.portfolio_id, limitId: r.limit_id, limitType: r.limit_type, scope: r.scope as LimitScope,
  source: r.source as ViolationSource, detectedAt: r.detected_at.toISOString(), metric: r.metric as ViolationMetric,
  actionTaken: r.action_taken, instructionIds: r.instruction_ids, context: r.context, resolvedAt: r.resolved_at?.toISOString() ?? null,
});

const CHUNK = 2000;

export class PostgresViolationStore implements ViolationStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(v: LimitViolation): Promise<void> {
    await this.db.insertInto('limit_violations').values({
      id: v.id, portfolio_id: v.portfolioId, limit_id: v.limitId, limit_type: v.limitType, scope: JSON.stringify(v.scope),
      source: v.source, detected_at: v.detectedAt, metric: JSON.stringify(v.metric), action_taken: v.actionTaken,
      instruction_ids: JSON.stringify(v.instructionIds), context: JSON.stringify(v.context), resolved_at: v.resolvedAt,
    }).execute();
  }

  async insertMany(vs: readonly LimitViolation[]): Promise<void> {
    for (let i = 0; i < vs.length; i += CHUNK) {
      const part = vs.slice(i, i + CHUNK);
      await sql`INSERT INTO limit_violations (id, portfolio_id, limit_id, limit_type, scope, source, detected_at, metric, action_taken, instruction_ids, context, resolved_at)
        SELECT * FROM unnest(${part.map((v) => v.id)}::text[], ${part.map((v) => v.portfolioId)}::text[], ${part.map((v) => v.limitId)}::text[],
          ${part.map((v) => v.limitType)}::text[], ${part.map((v) => JSON.stringify(v.scope))}::jsonb[], ${part.map((v) => v.source)}::text[],
          ${part.map((v) => v.detectedAt)}::timestamptz[], ${part.map((v) => JSON.stringify(v.metric))}::jsonb[], ${part.map((v) => v.actionTaken)}::text[],
          ${part.map((v) => JSON.stringify(v.instructionIds))}::jsonb[], ${part.map((v) => JSON.stringify(v.context))}::jsonb[], ${part.map((v) => v.resolvedAt)}::timestamptz[])`.execute(this.db);
    }
  }

  async get(id: string): Promise<LimitViolation | undefined> {
    const r = await this.db.selectFrom('limit_violations').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toViolation(r);
  }

  async list(portfolioId: string, f: ViolationFilter): Promise<LimitViolation[]> {
    let q = this.db.selectFrom('limit_violations').selectAll().where('portfolio_id', '=', portfolioId);
    if (f.from !== undefined) q = q.where('detected_at', '>=', new Date(f.from));
    if (f.to !== undefined) q = q.where('detected_at', '<=', new Date(f.to));
    if (f.limitId !== undefined) q = q.where('limit_id', '=', f.limitId);
    return (await q.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute()).map(toViolation);
  }

  async listOpen(portfolioId: string): Promise<LimitViolation[]> {
    const rows = await this.db.selectFrom('limit_violations').selectAll().where('portfolio_id', '=', portfolioId)
      .where('resolved_at', 'is', null).orderBy('detected_at').orderBy('id').execute();
    return rows.map(toViolation);
  }

  async addInstructions(id: string, instructionIds: readonly string[]): Promise<void> {
    if (instructionIds.length === 0) return;
    await this.db.updateTable('limit_violations')
      .set({ instruction_ids: sql`instruction_ids || ${JSON.stringify(instructionIds)}::jsonb` })
      .where('id', '=', id).execute();
  }

  async resolve(id: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('limit_violations').set({ resolved_at: at }).where('id', '=', id).where('resolved_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
