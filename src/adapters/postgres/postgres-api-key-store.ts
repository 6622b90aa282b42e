import type { Kysely, Selectable } from 'kysely';
import type { ApiKeyRecord, ApiKeyStore } from '../../app/ports.ts';
import type { Role } from '../../core/auth/role.ts';
import type { ApiKeysTable, DatabaseSchema } from './database-schema.ts';

const toRecord = (r: Selectable<ApiKeysTable>): ApiKeyRecord => ({
  id: r.id, name: r.name, role: r.role as Role, secretHash: r.secret_hash, createdAt: r.created_at.toISOString(),
  createdBy: r.created_by, revokedAt: r.revoked_at?.toISOString() ?? null, revokedBy: r.revoked_by,
});

export class PostgresApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async insert(k: ApiKeyRecord): Promise<void> {
    await this.db.insertInto('api_keys').values({
      id: k.id, name: k.name, role: k.role, secret_hash: k.secretHash, created_at: k.createdAt,
      created_by: k.createdBy, revoked_at: k.revokedAt, revoked_by: k.revokedBy,
    }).execute();
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toRecord(r);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(toRecord);
  }

  async revoke(id: string, by: string, at: Date): Promise<boolean> {
    const r = await this.db.updateTable('api_keys').set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async countActive(): Promise<number> {
    const r = await this.db.selectFrom('api_keys').select((eb) => eb.fn.countAll().as('n')).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
