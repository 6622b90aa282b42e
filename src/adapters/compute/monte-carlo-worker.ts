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
import { computeCycle } from '../../app/risk/compute-cycle.ts';
import type { MonteCarloEngine } from '../../app/risk/risk-engine-types.ts';
import { monteCarloVar } from '../../core/risk/monte-carlo-var.ts';
import { monteCarloStress } from '../../core/stress/index.ts';
import type { CycleReply, ExactReply, GridReply, MonteCarloTask, PathsReply, StressReply } from './monte-carlo-tasks.ts';
import { serveWorkerTasks } from './serve-worker-tasks.ts';
import type { TaskReply } from './serve-worker-tasks.ts';

/** Monte Carlo inside a worker runs on that worker (it is already off the event loop). */
const inWorkerEngine: MonteCarloEngine = { run: async (request) => monteCarloVar(request), runStress: async (input) => monteCarloStress(input) };

function handle(task: MonteCarloTask): TaskReply | Promise<TaskReply> {
  if (task.kind === 'risk-cycle') return computeCycle(task.input, inWorkerEngine).then((value: CycleReply) => ({ value, transfer: [] }));
  if (task.kind === 'mc-stress') return { value: monteCarloStress(task.input) satisfies StressReply, transfer: [] };
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
