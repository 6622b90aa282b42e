import { describe, expect, it } from 'vitest';
import { GroupCommitJournal } from './group-commit-journal.ts';

describe('GroupCommitJournal', () => {
  it('writes many entries in few batches and resolves each after its batch committed', async () => {
    const batches: number[][] = [];
    const j = new GroupCommitJournal<number>({ flush: async (b) => { await new Promise((r) => setTimeout(r, 5)); batches.push([...b]); }, maxBatch: 10, maxDelayMs: 2 });
    const committed: number[] = [];
    await Promise.all(Array.from({ length: 25 }, (_, i) => j.record(i).then(() => committed.push(i))));
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(4);
    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(committed).toHaveLength(25);
    expect(j.healthy).toBe(true);
  });

  it('counts as backlog what is queued and what is being written, and nothing once committed', async () => {
    let release: () => void = () => {};
    const j = new GroupCommitJournal<number>({ flush: async () => { await new Promise<void>((r) => { release = r; }); }, maxBatch: 2, maxDelayMs: 0 });
    const all = [1, 2, 3].map((i) => j.record(i));
    expect(j.backlog).toBe(3);
    await new Promise((r) => setImmediate(r)); // the first batch (two) is being written, one queued
    expect(j.backlog).toBe(3);
    release();
    await new Promise((r) => setTimeout(r, 5));
    expect(j.backlog).toBe(1); // the third is being written now
    release();
    await Promise.all(all);
    expect(j.backlog).toBe(0);
    expect(j.stats).toMatchObject({ batches: 2, entries: 3, failures: 0 });
  });

  it('rejects the entries of a failed batch and reports unhealthy until a write succeeds', async () => {
    let fail = true;
    const j = new GroupCommitJournal<string>({ flush: async () => { if (fail) throw new Error('db down'); }, maxBatch: 100, maxDelayMs: 1 });
    await expect(j.record('a')).rejects.toThrow('db down');
    expect(j.healthy).toBe(false);
    fail = false;
    await j.record('b');
    expect(j.healthy).toBe(true);
  });

  it('with no delay, writes what one event-loop turn queued as one batch, without waiting for a timer', async () => {
    const batches: number[][] = [];
    const j = new GroupCommitJournal<number>({ flush: async (b) => { batches.push([...b]); }, maxBatch: 100, maxDelayMs: 0 });
    const first = Array.from({ length: 5 }, (_, i) => j.record(i));
    await Promise.all(first);
    const second = Array.from({ length: 3 }, (_, i) => j.record(10 + i));
    await Promise.all(second);
    expect(batches).toEqual([[0, 1, 2, 3, 4], [10, 11, 12]]);
  });

  it('between writes, gathers what queued during a write until its first entry is maxDelayMs old', async () => {
    const batches: number[][] = [];
    const j = new GroupCommitJournal<number>({ flush: async (b) => { batches.push([...b]); await new Promise((r) => setTimeout(r, 2)); }, maxBatch: 1000, maxDelayMs: 40 });
    const all: Promise<void>[] = [];
    const started = performance.now();
    // a steady stream for ~100 ms: without the gathering every 2 ms write would take a handful
    while (performance.now() - started < 100) { all.push(j.record(all.length)); await new Promise((r) => setTimeout(r, 1)); }
    await Promise.all(all);
    expect(batches.flat()).toEqual(all.map((_, i) => i));
    expect(batches.length).toBeLessThanOrEqual(5);
  });

  it('flushes what is queued on close and refuses new entries', async () => {
    const seen: string[] = [];
    const j = new GroupCommitJournal<string>({ flush: async (b) => { seen.push(...b); }, maxBatch: 100, maxDelayMs: 10_000 });
    const p = j.record('x');
    await j.close();
    await p;
    expect(seen).toEqual(['x']);
    await expect(j.record('y')).rejects.toThrow('closed');
  });
});
