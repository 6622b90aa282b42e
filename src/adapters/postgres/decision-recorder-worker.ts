/**
 * Worker thread entry of the off-thread decision recorder (worker-decision-recorder.ts): holds its
 * own PostgreSQL connection and writes each batch of pre-trade decisions (idempotency rows, audit
 * events with their hash chain, violations) in one transaction, exactly as the in-thread
 * recorder does (recordDecisions), so the event loop that answers orders never does this work.
 */
import { workerData } from 'node:worker_threads';
import { recordDecisions, type DecisionRecorder } from '../../app/pre-trade/record-decisions.ts';
import { serveWorkerTasks } from '../compute/serve-worker-tasks.ts';
import type { WorkerSettings } from '../compute/worker-pool.ts';
import { randomIds } from '../system/random-ids.ts';
import { systemClock } from '../system/system-clock.ts';
import { PostgresStorage } from './postgres-storage.ts';
import { openSqlDatabase, type SqlDatabase } from './sql-database.ts';
import type { RecorderWorkerData, RecordTask } from './worker-decision-recorder.ts';

const { database, synchronousCommit } = (workerData as WorkerSettings).data as RecorderWorkerData;
let opened: Promise<{ db: SqlDatabase; record: DecisionRecorder }> | undefined;
// Opened on the first task; a failed open is tried again on the next one (the pool reconnects after that).
const ready = (): Promise<{ db: SqlDatabase; record: DecisionRecorder }> => {
  opened ??= openSqlDatabase(database).then((db) => ({ db, record: recordDecisions(new PostgresStorage(db, systemClock), randomIds, synchronousCommit) }));
  opened.catch(() => { opened = undefined; });
  return opened;
};

serveWorkerTasks(async (task) => {
  const t = task as RecordTask | { kind: 'connect' };
  const { db, record } = await ready();
  if (t.kind === 'connect') {
    await db.withRawConnection((c) => c.query('SELECT 1'));
    return { value: 0, transfer: [] };
  }
  await record(t.lines);
  return { value: t.lines.length, transfer: [] };
});
