import type { Kysely, Selectable } from 'kysely';
import type { CustomScenarioStore, StoredScenario } from '../../app/ports.ts';
import type { ScenarioDefinition } from '../../core/stress/index.ts';
import type { CustomScenariosTable, DatabaseSchema } from './database-schema.ts';

const toStored = (r: Selectable<CustomScenariosTable>): StoredScenario => ({
  portfolioId: r.portfolio_id, id: r.id, definition: r.definition as ScenarioDefinition, version: r.version,
  createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
});

export class PostgresCustomScenarioStore implements CustomScenarioStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async list(portfolioId: string): Promise<StoredScenario[]> {
    const rows = await this.db.selectFrom('custom_scenarios').selectAll().where('portfolio_id', '=', portfolioId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toStored);
  }

  async get(portfolioId: string, id: string): Promise<StoredScenario | undefined> {
    const r = await this.db.selectFrom('custom_scenarios').selectAll().where('portfolio_id', '=', portfolioId).where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toStored(r);
  }

  async insert(s: StoredScenario): Promise<void> {
    await this.db.insertInto('custom_scenarios').values({
      portfolio_id: s.portfolioId, id: s.id, definition: JSON.stringify(s.definition), version: s.version,
      created_by: s.createdBy, created_at: s.createdAt, updated_at: s.updatedAt,
    }).execute();
  }

  async update(s: StoredScenario, expectedVersion: number): Promise<boolean> {
    const r = await this.db.updateTable('custom_scenarios')
      .set({ definition: JSON.stringify(s.definition), version: s.version, updated_at: s.updatedAt })
      .where('portfolio_id', '=', s.portfolioId).where('id', '=', s.id).where('version', '=', expectedVersion).executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async delete(portfolioId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('custom_scenarios').where('portfolio_id', '=', portfolioId).where('id', '=', id).executeTakeFirst();
    return r.numDeletedRows === 1n;
  }
}
