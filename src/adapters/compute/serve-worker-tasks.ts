/**
 * The worker side of WorkerPool's protocol: answers each `{ id, task }` with
 * `{ id, ok: true, value }` (moving the buffers the handler lists) or `{ id, ok: false, message }`.
 * A `{ kind: 'ping' }` task answers at once (WorkerPool.warmUp).
 */
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import { setCurrentThreadIdle } from '../system/thread-scheduling.ts';
import type { WorkerSettings } from './worker-pool.ts';

export interface TaskReply {
  readonly value: unknown;
  readonly transfer: readonly Transferable[];
}

const describe = (error: unknown): string => (error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));

export function serveWorkerTasks(handle: (task: { readonly kind: string }) => TaskReply | Promise<TaskReply>): void {
  const port = parentPort;
  if (port === null) throw new Error('serveWorkerTasks must run in a worker thread');
  const settings = workerData as Partial<WorkerSettings> | null;
  const niceness = settings?.niceness ?? 0;
  // SCHED_IDLE where asked for and possible (thread-scheduling.ts); the niceness below is then
  // moot, and the fallback where it is not.
  if (settings?.policy === 'idle') setCurrentThreadIdle();
  // On Linux a thread's own niceness (pid 0 = this thread); elsewhere the call may apply to the
  // whole process or be refused, so it is only made when asked for and a refusal is ignored.
  if (niceness > 0) {
    try { setPriority(0, niceness); } catch { /* not permitted here: run at normal priority */ }
  }
  port.on('message', ({ id, task }: { id: number; task: { readonly kind: string } }) => {
    try {
      if (task.kind === 'ping') {
        port.postMessage({ id, ok: true, value: 'pong' });
        return;
      }
      const reply = handle(task);
      if (reply instanceof Promise) {
        reply.then((r) => port.postMessage({ id, ok: true, value: r.value }, r.transfer), (error: unknown) => port.postMessage({ id, ok: false, message: describe(error) }));
      } else {
        port.postMessage({ id, ok: true, value: reply.value }, reply.transfer);
      }
    } catch (error) {
      port.postMessage({ id, ok: false, message: describe(error) });
    }
  });
}
