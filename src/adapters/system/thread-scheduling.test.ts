import { isMainThread } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { currentThreadId, currentThreadPolicy, setCurrentThreadIdle } from './thread-scheduling.ts';

const linux = process.platform === 'linux';

describe('thread scheduling (Linux)', () => {
  const path = process.env.PATH;
  afterEach(() => { process.env.PATH = path; });

  it.runIf(linux)('reads this thread id (the process id on the main thread) and its policy from /proc', () => {
    const tid = currentThreadId();
    expect(tid).toBeGreaterThan(0);
    if (isMainThread) expect(tid).toBe(process.pid);
    else expect(tid).not.toBe(process.pid);
    expect(currentThreadPolicy()).toEqual(expect.any(Number));
  });

  it.runIf(linux)('reports failure and leaves the thread as it was where chrt cannot be run', () => {
    const before = currentThreadPolicy();
    process.env.PATH = '/nonexistent';
    expect(setCurrentThreadIdle()).toBe(false);
    expect(currentThreadPolicy()).toBe(before);
  });
});
