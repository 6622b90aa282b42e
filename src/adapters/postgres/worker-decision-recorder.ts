import type { DecisionRecorder } from '../../app/pre-trade/record-decisions.ts';
import { WorkerPool } from '../compute/worker-pool.ts';
import type { ThreadPolicy } from '../system/thread-scheduling.ts';
import type { SqlDatabaseOptions } from './sql-database.ts';

/** What the recorder worker is started with. */
export interface RecorderWorkerData {
  readonly database: Extract<SqlDatabaseOptions, { kind: 'postgres' }>;
  readonly synchronousCommit: boolean;
}

/** One batch, each decision as its JSON text (strings cross to the worker as a copy, with no object graph to clone). */
export interface RecordTask { readonly kind: 'record'; readonly lines: readonly string[] }

export interface WorkerDecisionRecorder {
  readonly record: DecisionRecorder;
  /** Starts the worker and opens its connection before the first order arrives; rejects if it cannot connect. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Pre-trade decisions written to PostgreSQL from a worker thread with its own connection: the
 * event loop only serialises each decision; the transaction, the audit hash chain and the
 * round trips happen off it (ADR 0005). A batch resolves when its transaction has committed and
 * rejects when it failed (the gate then fails closed), as with the in-thread recorder. Only for
 * a PostgreSQL server: embedded PGlite is one connection in this thread.
 */
export function createWorkerDecisionRecorder(options: RecorderWorkerData & { niceness?: number; policy?: ThreadPolicy }): WorkerDecisionRecorder {
  const moduleUrl = new URL(import.meta.url.endsWith('.ts') ? './decision-recorder-worker.ts' : './decision-recorder-worker.js', import.meta.url);
  const data: RecorderWorkerData = { database: options.database, synchronousCommit: options.synchronousCommit };
  const pool = new WorkerPool({ moduleUrl, size: 1, niceness: options.niceness ?? 0, policy: options.policy ?? 'normal', data });
  return {
    record: async (lines: readonly string[]) => {
      await pool.run<number>({ kind: 'record', lines } satisfies RecordTask);
    },
    warmUp: async () => { await pool.run<number>({ kind: 'connect' }); },
    close: () => pool.close(),
  };
}
