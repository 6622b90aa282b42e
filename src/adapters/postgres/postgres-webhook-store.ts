import type { Kysely, Selectable } from 'kysely';
import type { ExecutionWebhook, WebhookStore } from '../../app/ports.ts';
import type { DatabaseSchema, ExecutionWebhooksTable } from './database-schema.ts';

const toWebhook = (r: Selectable<ExecutionWebhooksTable>): ExecutionWebhook => ({
  id: r.id, url: r.url, secret: r.secret, active: r.active, createdBy: r.created_by, createdAt: r.created_at.toISOString(),
  deactivatedBy: r.deactivated_by, deactivatedAt: r.deactivated_at?.toISOString() ?? null,
});

export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(w: ExecutionWebhook): Promise<void> {
    await this.db.insertInto('execution_webhooks').values({
      id: w.id, url: w.url, secret: w.secret, active: w.active, created_by: w.createdBy, created_at: w.createdAt,
      deactivated_by: w.deactivatedBy, deactivated_at: w.deactivatedAt,
    }).execute();
  }

  async get(id: string): Promise<ExecutionWebhook | undefined> {
    const r = await this.db.selectFrom('execution_webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toWebhook(r);
  }

  async list(opts: { activeOnly?: boolean } = {}): Promise<ExecutionWebhook[]> {
    let q = this.db.selectFrom('execution_webhooks').selectAll();
    if (opts.activeOnly === true) q = q.where('active', '=', true);
    return (await q.orderBy('created_at').orderBy('id').execute()).map(toWebhook);
  }

  async deactivate(id: string, by: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('execution_webhooks').set({ active: false, deactivated_by: by, deactivated_at: at })
      .where('id', '=', id).where('active', '=', true).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
