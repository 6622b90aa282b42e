import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/adapters/postgres/migrate.ts';
import { PostgresStorage } from '../../src/adapters/postgres/postgres-storage.ts';
import { openSqlDatabase, type SqlDatabase } from '../../src/adapters/postgres/sql-database.ts';
import type { Clock } from '../../src/app/ports.ts';

/** Which store the tests run against: the real server when DATABASE_URL is set, else embedded PGlite. */
export const TEST_STORAGE_KIND: 'postgres' | 'embedded' = process.env.DATABASE_URL ? 'postgres' : 'embedded';

export interface TestDatabase {
  readonly database: SqlDatabase;
  readonly storage: PostgresStorage;
  /** Runs SQL as the database owner, outside the app (to tamper with rows in tests). */
  readonly rawExec: (script: string) => Promise<void>;
  readonly cleanup: () => Promise<void>;
  /** On the real server: where this test database lives (its own schema), for a second connection. */
  readonly postgres?: { readonly url: string; readonly schema: string };
}

export const systemClock: Clock = { now: () => new Date() };

/** A fresh, migrated database: an in-memory PGlite, or an isolated schema on the real server. */
export async function createTestDatabase(clock: Clock = systemClock, opts: { databaseUrl?: string } = {}): Promise<TestDatabase> {
  const url = opts.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) {
    const database = await openSqlDatabase({ kind: 'embedded' });
    await migrate(database);
    return {
      database, storage: new PostgresStorage(database, clock),
      rawExec: (s) => database.withRawConnection((c) => c.exec(s)),
      cleanup: () => database.close(),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openSqlDatabase({ kind: 'postgres', url, maxConnections: 1 });
  await admin.withRawConnection((c) => c.exec(`CREATE SCHEMA ${schema}`));
  const database = await openSqlDatabase({ kind: 'postgres', url, schema, maxConnections: 4 });
  await migrate(database);
  return {
    database, storage: new PostgresStorage(database, clock), postgres: { url, schema },
    rawExec: (s) => database.withRawConnection((c) => c.exec(s)),
    cleanup: async () => {
      await database.close();
      await admin.withRawConnection((c) => c.exec(`DROP SCHEMA ${schema} CASCADE`));
      await admin.close();
    },
  };
}
