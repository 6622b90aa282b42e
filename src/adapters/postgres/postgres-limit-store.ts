import { sql, type Kysely, type Selectable } from 'kysely';
import type { LimitStore, StoredLimit } from '../../app/ports.ts';
import type { EnforcementAction, LimitScope, LimitType, LimitValue } from '../../core/limits/limit-definition.ts';
import type { DatabaseSchema, LimitsTable } from './database-schema.ts';

const toLimit = (r: Selectable<LimitsTable>): StoredLimit => ({
  id: r.id, portfolioId: r.portfolio_id, type: r.type as LimitType, scope: r.scope as LimitScope, value: r.value as LimitValue,
  warningLevels: r.warning_levels, action: r.action as EnforcementAction, active: r.active, description: r.description,
  params: r.params, version: r.version, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

const toRow = (l: StoredLimit) => ({
  portfolio_id: l.portfolioId, id: l.id, type: l.type, scope: JSON.stringify(l.scope), value: JSON.stringify(l.value),
  warning_levels: JSON.stringify(l.warningLevels), action: l.action, active: l.active, description: l.description,
  params: JSON.stringify(l.params), version: l.version, created_at: l.createdAt, updated_at: l.updatedAt,
});

export class PostgresLimitStore implements LimitStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async list(portfolioId: string): Promise<StoredLimit[]> {
    return (await this.db.selectFrom('limits').selectAll().where('portfolio_id', '=', portfolioId).orderBy('id').execute()).map(toLimit);
  }

  async listAll(): Promise<StoredLimit[]> {
    return (await this.db.selectFrom('limits').selectAll().orderBy('portfolio_id').orderBy('id').execute()).map(toLimit);
  }

  async get(portfolioId: string, limitId: string): Promise<StoredLimit | undefined> {
    const r = await this.db.selectFrom('limits').selectAll().where('portfolio_id', '=', portfolioId).where('id', '=', limitId).executeTakeFirst();
    return r === undefined ? undefined : toLimit(r);
  }

  async insert(l: StoredLimit): Promise<void> {
    await this.db.insertInto('limits').values(toRow(l)).execute();
  }

  async update(l: StoredLimit): Promise<void> {
    const { portfolio_id, id, created_at: _c, ...rest } = toRow(l);
    await this.db.updateTable('limits').set(rest).where('portfolio_id', '=', portfolio_id).where('id', '=', id).execute();
  }

  async delete(portfolioId: string, limitId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('limits').where('portfolio_id', '=', portfolioId).where('id', '=', limitId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async bumpVersion(portfolioId: string): Promise<number> {
    const r = await this.db.insertInto('limit_set_versions').values({ portfolio_id: portfolioId, version: 1 })
      .onConflict((oc) => oc.column('portfolio_id').doUpdateSet({ version: sql`limit_set_versions.version + 1` }))
      .returning('version').executeTakeFirstOrThrow();
    return Number(r.version);
  }

  async version(portfolioId: string): Promise<number> {
    const r = await this.db.selectFrom('limit_set_versions').select('version').where('portfolio_id', '=', portfolioId).executeTakeFirst();
    return r === undefined ? 0 : Number(r.version);
  }
}
