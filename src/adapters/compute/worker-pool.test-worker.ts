/** Test worker for worker-pool.test.ts: echoes, throws, exits or tells its niceness or scheduling policy on request. */
import { getPriority } from 'node:os';
import { currentThreadPolicy } from '../system/thread-scheduling.ts';
import { serveWorkerTasks } from './serve-worker-tasks.ts';

serveWorkerTasks((task) => {
  const t = task as { kind: 'echo'; value: Float64Array } | { kind: 'throw' } | { kind: 'exit' } | { kind: 'niceness' } | { kind: 'policy' };
  if (t.kind === 'niceness') return { value: getPriority(0), transfer: [] };
  if (t.kind === 'policy') return { value: currentThreadPolicy(), transfer: [] };
  if (t.kind === 'throw') throw new Error('task failed on purpose');
  if (t.kind === 'exit') process.exit(3);
  return { value: t.value.map((x) => 2 * x), transfer: [] };
});
