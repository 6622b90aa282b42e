/**
 * Worker thread entry of the Monte Carlo runner: executes grid, path and exact-revaluation tasks
 * with the pure kernels of src/core/risk, whole Monte Carlo stress runs (src/core/stress), and the
 * computation of risk cycles (src/app/risk/compute-cycle.ts), so none of them blocks the event loop. Started by WorkerPool (run-monte-carlo-var.ts).
 *
 * Replies are copied, not transferred: moving an ArrayBuffer out detaches it, and the first
 * detach in a V8 isolate invalidates its "no detached buffers" protector, after which every
 * optimised typed-array loop carries detach checks; measured here, the path kernels then ran
 * ~17 % slower (80 vs 68 ms per 50,000 paths), while copying a reply costs well under 1 ms.
 */
import { buildRevaluationGrid, gridTableLength } from '../../core/risk/monte-carlo-grid.ts';
import { createPathContext, exactPnlOfRows, simulatePathBlocks } from '../../core/risk/monte-carlo-paths.ts';
import { createTailPathStore, tailPathsOf } from '../../core/risk/monte-carlo-tail-paths.ts';
import { workerData } from 'node:worker_threads';
import { computeAndStoreCycle } from '../../app/risk/compute-and-store-cycle.ts';
import { computeCycle } from '../../app/risk/compute-cycle.ts';
import type { MonteCarloEngine } from '../../app/risk/risk-engine-types.ts';
import { monteCarloVar } from '../../core/risk/monte-carlo-var.ts';
import { monteCarloStress } from '../../core/stress/index.ts';
import type { CycleReply, ExactReply, GridReply, ImpliedVolsReply, MonteCarloTask, MonteCarloWorkerData, PathsReply, PriceOptionsReply, StoredCycleReply, StoredCycleTask, StressReply } from './monte-carlo-tasks.ts';
import { impliedVolatilityWithMethod, priceOption } from '../../core/pricing/index.ts';
import { serveWorkerTasks } from './serve-worker-tasks.ts';
import type { TaskReply } from './serve-worker-tasks.ts';
import type { WorkerSettings } from './worker-pool.ts';
import { PostgresStorage } from '../postgres/postgres-storage.ts';
import { openSqlDatabase } from '../postgres/sql-database.ts';
import { systemClock } from '../system/system-clock.ts';

/** Monte Carlo inside a worker runs on that worker (it is already off the event loop). */
const inWorkerEngine: MonteCarloEngine = { run: async (request) => monteCarloVar(request), runStress: async (input) => monteCarloStress(input) };

const { database } = ((workerData as WorkerSettings | null)?.data ?? { database: null }) as MonteCarloWorkerData;
let storage: Promise<PostgresStorage> | undefined;
/**
 * This worker's own storage, opened on its first stored cycle (one connection; a failed open is
 * tried again on the next task). No recent-history cache: closes are written on the main thread,
 * whose writes would not clear a cache here.
 */
function workerStorage(): Promise<PostgresStorage> {
  if (database === null) return Promise.reject(new Error('this pool was started without a database'));
  storage ??= openSqlDatabase({ ...database, maxConnections: 1 }).then((db) => new PostgresStorage(db, systemClock, { cacheRecentHistory: false }));
  storage.catch(() => { storage = undefined; });
  return storage;
}

/** When this worker last wrote each portfolio's full latest report. */
const latestReportSavedMs = new Map<string, number>();

async function runStoredCycle(task: StoredCycleTask): Promise<StoredCycleReply> {
  const stores = await workerStorage();
  return computeAndStoreCycle({
    stores, risk: task.settings, monteCarlo: inWorkerEngine, navHistoryIntervalSeconds: task.navHistoryIntervalSeconds,
    latestReport: { intervalSeconds: task.latestReportIntervalSeconds, lastSavedMs: latestReportSavedMs },
  }, task.request);
}

function handle(task: MonteCarloTask): TaskReply | Promise<TaskReply> {
  if (task.kind === 'risk-cycle-stored') return runStoredCycle(task).then((value) => ({ value, transfer: [] }));
  if (task.kind === 'risk-cycle') return computeCycle(task.input, inWorkerEngine).then((value: CycleReply) => ({ value, transfer: [] }));
  if (task.kind === 'mc-stress') return { value: monteCarloStress(task.input) satisfies StressReply, transfer: [] };
  if (task.kind === 'price-options') return { value: task.inputs.map(priceOption) satisfies PriceOptionsReply, transfer: [] };
  if (task.kind === 'implied-vols') return { value: task.inputs.map(impliedVolatilityWithMethod) satisfies ImpliedVolsReply, transfer: [] };
  const { plan } = task;
  const context = createPathContext(plan);
  switch (task.kind) {
    case 'mc-grid': {
      const table = new Float64Array(gridTableLength(plan));
      buildRevaluationGrid({
        plan, kernel: context.kernel, onGrid: context.onGrid, underlyingFrom: task.underlyingFrom, underlyingTo: task.underlyingTo, table,
      });
      const value: GridReply = { table };
      return { value, transfer: [] };
    }
    case 'mc-paths': {
      const paths = Math.min(task.blockTo * plan.pathsPerBlock, plan.pathCount) - task.blockFrom * plan.pathsPerBlock;
      const pnl = new Float64Array(paths);
      const store = task.tailKeep > 0 ? createTailPathStore({ keep: task.tailKeep, dimension: plan.underlyingCount }) : null;
      const shocksOutsideGrid = simulatePathBlocks({ context, grid: task.grid, blockFrom: task.blockFrom, blockTo: task.blockTo, out: pnl, tail: store });
      const tail = store === null ? null : tailPathsOf(store);
      const value: PathsReply = { pnl, shocksOutsideGrid, optionsOffGrid: context.offGrid.length, tail };
      return { value, transfer: [] };
    }
    case 'mc-exact': {
      const pnl = new Float64Array(task.rows.length / plan.underlyingCount);
      exactPnlOfRows({ context, rows: task.rows, out: pnl });
      const value: ExactReply = { pnl };
      return { value, transfer: [] };
    }
  }
}

serveWorkerTasks((task) => handle(task as MonteCarloTask));
