import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import type { DatabaseSchema } from './database-schema.ts';

const DATE_OID = 1082;

/** A raw connection held exclusively: used by migrations and admin scripts, not by use cases. */
export interface RawConnection {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a multi-statement script without parameters. */
  exec(script: string): Promise<void>;
}

export interface SqlDatabase {
  readonly kind: 'embedded' | 'postgres';
  readonly db: Kysely<DatabaseSchema>;
  withRawConnection<T>(work: (conn: RawConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlDatabaseOptions =
  | { kind: 'postgres'; url: string; schema?: string; maxConnections?: number }
  | { kind: 'embedded'; dataDir?: string };

/** Opens the system of record: a PostgreSQL server, or embedded PostgreSQL (PGlite) on disk or in memory. */
export async function openSqlDatabase(options: SqlDatabaseOptions): Promise<SqlDatabase> {
  return options.kind === 'postgres' ? openPostgres(options) : openEmbedded(options.dataDir);
}

/** How long an idle pooled connection stays open (longer than any gap between risk cycles). */
const IDLE_CONNECTION_MS = 10 * 60_000;

function openPostgres(o: { url: string; schema?: string; maxConnections?: number }): SqlDatabase {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.maxConnections ?? 10,
    connectionTimeoutMillis: 5000,
    // Connections stay open between risk cycles: with pg's default (10 s idle) the connections a
    // cycle opened closed before a later one and were opened again, each a new server backend
    // (a fork, authentication and cold catalog caches) competing with the order path for the CPU.
    idleTimeoutMillis: IDLE_CONNECTION_MS,
    ...(o.schema === undefined ? {} : { options: `-c search_path=${o.schema}` }),
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  pool.on('error', () => { /* idle client errors surface on the next query; readiness reports them */ });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async withRawConnection(work) {
      const client = await pool.connect();
      try {
        return await work({
          query: async (text, params) => (await client.query(text, params as unknown[] | undefined)).rows,
          exec: async (script) => { await client.query(script); },
        });
      } finally { client.release(); }
    },
    close: () => db.destroy(),
  };
}

/**
 * The most bind parameters PGlite takes in one statement. Between 32,768 and 65,535 its protocol
 * layer throws ("Invalid array length") after part of the message went out, and the connection
 * then answers later queries with no rows: a statement that large is refused before it is sent.
 * (PostgreSQL itself takes 65,535 and refuses more with an error.)
 */
export const EMBEDDED_MAX_PARAMETERS = 32_767;

function checkParameterCount(parameters: readonly unknown[] | undefined): void {
  if (parameters !== undefined && parameters.length > EMBEDDED_MAX_PARAMETERS) {
    throw new Error(`statement with ${parameters.length} bind parameters; the embedded database takes at most ${EMBEDDED_MAX_PARAMETERS}`);
  }
}

/** PGlite is one connection: this pool hands it to one holder at a time, so transactions never interleave. */
class SingleConnectionPool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly pglite: PGlite) {}

  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const previous = this.queue;
    this.queue = previous.then(() => held);
    await previous;
    return release;
  }

  async connect(): Promise<PostgresPoolClient> {
    const release = await this.acquire();
    const pglite = this.pglite;
    return {
      async query(sql: string, parameters: readonly unknown[]) {
        checkParameterCount(parameters);
        const r = await pglite.query(sql, parameters as unknown[]);
        const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
        return { command, rowCount: r.affectedRows ?? r.rows.length, rows: r.rows } as never;
      },
      release,
    } as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> { await this.pglite.close(); }
}

/**
 * Where PGlite keeps its files: `<dataDir>/pglite`, since the data directory also holds other
 * things (the write-ahead log, and in a fresh clone the repository's `data/fixtures`), and
 * PostgreSQL will not initialise a directory that is not empty. A database an earlier version
 * created in `dataDir` itself is still opened there.
 */
export function embeddedDatabaseDir(dataDir: string): string {
  return existsSync(join(dataDir, 'PG_VERSION')) ? dataDir : join(dataDir, 'pglite');
}

async function openEmbedded(dataDir?: string): Promise<SqlDatabase> {
  const dir = dataDir === undefined ? undefined : embeddedDatabaseDir(dataDir);
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  const parsers = { [DATE_OID]: (v: string) => v };
  const pglite = new PGlite(dir === undefined ? { parsers } : { dataDir: dir, parsers });
  await pglite.waitReady;
  const pool = new SingleConnectionPool(pglite);
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'embedded',
    db,
    async withRawConnection(work) {
      const release = await pool.acquire();
      try {
        return await work({
          query: async (text, params) => { checkParameterCount(params); return (await pglite.query(text, params as unknown[] | undefined)).rows as never; },
          exec: async (script) => { await pglite.exec(script); },
        });
      } finally { release(); }
    },
    close: () => db.destroy(),
  };
}
