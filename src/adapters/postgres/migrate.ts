import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { SqlDatabase } from './sql-database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));
const MIGRATION_LOCK = 728_310_001;

export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
}

/**
 * Applies every migration not yet applied, in file-name order, each in its own transaction,
 * under an advisory lock so concurrent instances starting together apply each file once.
 */
export async function migrate(database: SqlDatabase, dir = MIGRATIONS_DIR): Promise<string[]> {
  return database.withRawConnection(async (conn) => {
    await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await conn.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)');
      const done = new Set((await conn.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
      const applied: string[] = [];
      for (const name of listMigrations(dir)) {
        if (done.has(name)) continue;
        const script = readFileSync(join(dir, name), 'utf8');
        await conn.exec('BEGIN');
        try {
          await conn.exec(script);
          await conn.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, now())', [name]);
          await conn.exec('COMMIT');
        } catch (e) {
          await conn.exec('ROLLBACK');
          throw new Error(`migration ${name} failed: ${(e as Error).message}`, { cause: e });
        }
        applied.push(name);
      }
      return applied;
    } finally {
      await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

/** True when every migration file has been applied (readiness). */
export async function isMigrated(database: SqlDatabase, dir = MIGRATIONS_DIR): Promise<boolean> {
  const rows = await database.db.selectFrom('schema_migrations').select('name').execute();
  const done = new Set(rows.map((r) => r.name));
  return listMigrations(dir).every((m) => done.has(m));
}
