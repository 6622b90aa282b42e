import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { currentThreadPolicy, SCHED_IDLE } from '../system/thread-scheduling.ts';
import { WorkerPool } from './worker-pool.ts';

const hasChrt = (() => { try { execFileSync('chrt', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

const pool = new WorkerPool({ moduleUrl: new URL('./worker-pool.test-worker.ts', import.meta.url), size: 2 });
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('runs more tasks than workers, each answered with its own result', async () => {
    const results = await Promise.all([1, 2, 3, 4, 5].map((v) => pool.run<Float64Array>({ kind: 'echo', value: Float64Array.of(v) })));
    expect(results.map((r) => r[0])).toEqual([2, 4, 6, 8, 10]);
  });

  it('rejects a task whose handler throws, and keeps serving', async () => {
    await expect(pool.run({ kind: 'throw' })).rejects.toThrow(/task failed on purpose/);
    expect((await pool.run<Float64Array>({ kind: 'echo', value: Float64Array.of(4) }))[0]).toBe(8);
  });

  it('rejects the task of a worker that dies, and replaces the worker', async () => {
    await expect(pool.run({ kind: 'exit' })).rejects.toThrow(/exited with code 3/);
    const again = await Promise.all([pool.run<Float64Array>({ kind: 'echo', value: Float64Array.of(1) }), pool.run<Float64Array>({ kind: 'echo', value: Float64Array.of(2) })]);
    expect(again.map((r) => r[0])).toEqual([2, 4]);
  });

  it.runIf(process.platform === 'linux' && getPriority(0) === 0)('runs its workers at the niceness asked for, leaving the main thread alone', async () => {
    const nice = new WorkerPool({ moduleUrl: new URL('./worker-pool.test-worker.ts', import.meta.url), size: 1, niceness: 7 });
    try {
      expect(await nice.run<number>({ kind: 'niceness' })).toBe(7);
      expect(await pool.run<number>({ kind: 'niceness' })).toBe(0);
      expect(getPriority(0)).toBe(0);
    } finally { await nice.close(); }
  });

  it.runIf(process.platform === 'linux' && hasChrt && currentThreadPolicy() === 0)('runs its workers under SCHED_IDLE when asked, leaving the main thread and other pools normal', async () => {
    const idle = new WorkerPool({ moduleUrl: new URL('./worker-pool.test-worker.ts', import.meta.url), size: 2, niceness: 19, policy: 'idle' });
    try {
      const policies = await Promise.all([idle.run<number>({ kind: 'policy' }), idle.run<number>({ kind: 'policy' })]);
      expect(policies).toEqual([SCHED_IDLE, SCHED_IDLE]);
      expect(await pool.run<number>({ kind: 'policy' })).toBe(0);
      expect(currentThreadPolicy()).toBe(0);
    } finally { await idle.close(); }
  });

  it('refuses a niceness outside 0–19', () => {
    expect(() => new WorkerPool({ moduleUrl: new URL('./worker-pool.test-worker.ts', import.meta.url), size: 1, niceness: 20 })).toThrow(RangeError);
  });

  it('refuses work once closed', async () => {
    const p = new WorkerPool({ moduleUrl: new URL('./worker-pool.test-worker.ts', import.meta.url), size: 1 });
    await p.close();
    await expect(p.run({ kind: 'echo', value: Float64Array.of(1) })).rejects.toThrow(/closed/);
  });
});
