/**
 * A fixed-size pool of worker threads (node:worker_threads) running one module: tasks are queued
 * and handed to the first idle worker; a worker that crashes fails its task and is replaced on
 * the next one. Idle workers are unref'd, so an idle pool never keeps the process alive.
 *
 * Protocol with the worker module (see serveWorkerTasks): the pool posts `{ id, task }`, the
 * worker answers `{ id, ok: true, value }` or `{ id, ok: false, message }`.
 *
 * TypeScript worker modules (this service runs from source through tsx) are started through a
 * small ES-module bootstrap that registers tsx's loader inside the worker first: Node 20 does not
 * pass the parent's --import loader hooks to worker threads.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import type { ThreadPolicy } from '../system/thread-scheduling.ts';

export interface WorkerPoolOptions {
  /** The worker module (.ts through tsx, or compiled .js). */
  readonly moduleUrl: URL;
  readonly size: number;
  /**
   * Scheduling niceness of each worker thread (0–19, Linux: per thread). Above 0, the event loop
   * (the pre-trade gate) wins the CPU from background computation when both want it.
   */
  readonly niceness?: number;
  /**
   * `idle` (Linux): each worker thread runs under SCHED_IDLE, so it only gets CPU time no normal
   * thread wants and the event loop preempts it at once on waking; where that cannot be set, the
   * niceness applies alone. Default `normal`.
   */
  readonly policy?: ThreadPolicy;
  /** Passed to every worker as `workerData.data` (structured-cloneable). */
  readonly data?: unknown;
}

interface Pending {
  readonly id: number;
  readonly task: unknown;
  readonly transfer: readonly Transferable[];
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker | null;
  current: Pending | null;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export class WorkerPool {
  readonly size: number;
  private readonly moduleUrl: URL;
  private readonly settings: WorkerSettings;
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor({ moduleUrl, size, niceness = 0, policy = 'normal', data }: WorkerPoolOptions) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    if (!(Number.isInteger(niceness) && niceness >= 0 && niceness <= 19)) throw new RangeError(`worker niceness must be an integer from 0 to 19, got ${niceness}`);
    this.size = size;
    this.moduleUrl = moduleUrl;
    this.settings = { niceness, policy, data };
    this.slots = Array.from({ length: size }, () => ({ worker: null, current: null }));
  }

  /**
   * Runs one task on the next idle worker; `transfer` lists buffers moved (not copied) to it.
   * Moving detaches the buffers in this thread, which slows V8's typed-array loops here from then
   * on (see monte-carlo-worker.ts): prefer copies unless the buffers are large.
   */
  run<T>(task: unknown, transfer: readonly Transferable[] = []): Promise<T> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, transfer, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Starts every worker and waits until each has loaded its module. */
  async warmUp(): Promise<void> {
    await Promise.all(this.slots.map(() => this.run({ kind: 'ping' })));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.map(async (slot) => {
      const w = slot.worker;
      slot.worker = null;
      slot.current?.reject(new Error('worker pool closed'));
      slot.current = null;
      if (w !== null) await w.terminate();
    }));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.current !== null) continue;
      const next = this.queue.shift()!;
      slot.current = next;
      const worker = slot.worker ?? this.spawn(slot);
      worker.ref();
      worker.postMessage({ id: next.id, task: next.task }, next.transfer);
    }
  }

  private spawn(slot: Slot): Worker {
    const worker = startWorker(this.moduleUrl, this.settings);
    slot.worker = worker;
    worker.on('message', (reply: Reply) => {
      const current = slot.current;
      if (current === null || current.id !== reply.id) return;
      slot.current = null;
      worker.unref();
      if (reply.ok) current.resolve(reply.value);
      else current.reject(new Error(reply.message));
      this.dispatch();
    });
    const fail = (error: Error): void => {
      if (slot.worker === worker) slot.worker = null;
      const current = slot.current;
      slot.current = null;
      current?.reject(error);
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    return worker;
  }
}

/** What a pool tells its workers (as workerData); serveWorkerTasks applies it. */
export interface WorkerSettings { readonly niceness: number; readonly policy: ThreadPolicy; readonly data: unknown }

function startWorker(moduleUrl: URL, workerData: WorkerSettings): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, { workerData });
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((api) => { api.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

let cachedTsxApiUrl: string | undefined;

/** URL of tsx's ESM register API, resolved from this package (not from the worker's cwd). */
function tsxApiUrl(): string {
  cachedTsxApiUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  return cachedTsxApiUrl;
}
