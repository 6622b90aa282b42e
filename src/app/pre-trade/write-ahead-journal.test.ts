import { describe, expect, it } from 'vitest';
import type { DecisionWriteAheadLog } from '../ports.ts';
import { replayWriteAheadLog, WriteAheadJournal } from './write-ahead-journal.ts';

/** An in-memory log (one segment per append) that records what happened to it. */
class MemoryLog implements DecisionWriteAheadLog {
  segments = new Map<number, { lines: string[]; released: number }>();
  appends = 0;
  failNext = false;
  get lines(): string[] { return [...this.segments.values()].flatMap((s) => s.lines); }
  set lines(v: string[]) { this.segments = new Map(v.length === 0 ? [] : [[0, { lines: [...v], released: 0 }]]); }
  append(lines: readonly string[]): number {
    if (this.failNext) { this.failNext = false; throw new Error('disk full'); }
    this.appends++;
    this.segments.set(this.appends, { lines: [...lines], released: 0 });
    return this.appends;
  }
  release(segment: number, count: number): void {
    const s = this.segments.get(segment);
    if (s === undefined) return;
    s.released += count;
    if (s.released >= s.lines.length) this.segments.delete(segment);
  }
  clear(): void { this.segments.clear(); }
  readPending(): string[] { return [...this.lines]; }
  close(): void {}
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('write-ahead decision journal', () => {
  it('acknowledges once the batch is in the log, before the database commit, and empties the log after it', async () => {
    const log = new MemoryLog();
    let release: () => void = () => {};
    const committed: string[][] = [];
    const recorder = async (b: readonly string[]) => { await new Promise<void>((r) => { release = r; }); committed.push([...b]); };
    const j = new WriteAheadJournal<number>({ log, recorder, serialise: String, maxBatch: 100, databaseDelayMs: 0, maxBacklog: 1000 });
    await Promise.all([j.record(1), j.record(2), j.record(3)]);
    expect(log.lines).toEqual(['1', '2', '3']);
    expect(log.appends).toBe(1);
    expect(committed).toEqual([]);
    await tick();
    release();
    await tick();
    expect(committed).toEqual([['1', '2', '3']]);
    expect(log.lines).toEqual([]);
    expect(j.healthy).toBe(true);
  });

  it('keeps the log and reports unhealthy while the database fails, and rejects when the log cannot be written', async () => {
    const log = new MemoryLog();
    let fail = true;
    const j = new WriteAheadJournal<number>({ log, recorder: async () => { if (fail) throw new Error('db down'); }, serialise: String, maxBatch: 100, databaseDelayMs: 0, maxBacklog: 1000 });
    await j.record(7);
    await tick();
    expect(j.healthy).toBe(false);
    expect(log.lines).toEqual(['7']);
    fail = false;
    await j.record(8);
    await tick();
    expect(j.healthy).toBe(true);
    expect(log.lines).toEqual(['7']); // 8 reached the database and is released; 7 never did: kept for the replay
    log.failNext = true;
    await expect(j.record(9)).rejects.toThrow(/disk full/);
    expect(j.healthy).toBe(false);
  });

  it('under a steady stream releases each entry as its batch commits, so the log does not grow', async () => {
    const log = new MemoryLog();
    const j = new WriteAheadJournal<number>({ log, recorder: async () => { await tick(); }, serialise: String, maxBatch: 100, databaseDelayMs: 2, maxBacklog: 1000 });
    // new entries keep arriving while earlier batches are being written: the log is never empty as a whole
    for (let i = 0; i < 50; i++) { await j.record(i); if (i % 5 === 0) await new Promise((r) => setTimeout(r, 1)); }
    expect(log.lines.length).toBeLessThan(50);
    await j.close();
    expect(log.lines).toEqual([]);
  });

  it('releases by segment when database batches and log segments do not line up, and keeps the lines of a failed batch', async () => {
    const log = new MemoryLog();
    const batches: string[][] = [];
    const failBatch = 1; // the second database batch fails
    // database batches of at most 3 lines; log segments of 2 and 4 lines (one per event-loop turn)
    const j = new WriteAheadJournal<number>({
      log, recorder: async (b) => { batches.push([...b]); if (batches.length - 1 === failBatch) throw new Error('db down'); }, serialise: String, maxBatch: 3, databaseDelayMs: 5, maxBacklog: 1000,
    });
    await Promise.all([j.record(1), j.record(2)]);
    await Promise.all([j.record(3), j.record(4), j.record(5)]);
    expect(log.appends).toBe(2);
    await j.close();
    expect(batches).toEqual([['1', '2', '3'], ['4', '5']]);
    // segment 1 is all in the database (dropped); segment 2 had '3' committed, '4' and '5' not: it stays for the replay
    expect([...log.segments.keys()]).toEqual([2]);
    expect(log.segments.get(2)?.released).toBe(1);
  });

  it('reports its backlog full while more lines wait for the database than allowed, and clears it as they commit', async () => {
    const log = new MemoryLog();
    const releases: Array<() => void> = [];
    const recorder = async () => { await new Promise<void>((r) => { releases.push(r); }); };
    const j = new WriteAheadJournal<number>({ log, recorder, serialise: String, maxBatch: 2, databaseDelayMs: 0, maxBacklog: 3 });
    await Promise.all([j.record(1), j.record(2)]);
    expect(j.backlogFull).toBe(false);
    await j.record(3); // approvals are acknowledged by the log: the backlog is what the database has not taken yet
    expect(j.backlogFull).toBe(true);
    expect(j.backlog).toBe(3);
    expect(j.healthy).toBe(true);
    await tick();
    releases.shift()?.(); // the first batch ('1', '2') commits: one line left
    await tick();
    expect(j.backlogFull).toBe(false);
    releases.shift()?.();
    await j.close();
    expect(log.lines).toEqual([]);
    expect(j.backlog).toBe(0);
    expect(j.stats).toMatchObject({ batches: 2, entries: 3, failures: 0 });
  });

  it('counts a failed batch out of the backlog (its lines stay in the log for the replay, not in memory)', async () => {
    const log = new MemoryLog();
    const j = new WriteAheadJournal<number>({ log, recorder: async () => { throw new Error('db down'); }, serialise: String, maxBatch: 10, databaseDelayMs: 0, maxBacklog: 2 });
    await Promise.all([j.record(1), j.record(2)]);
    expect(j.backlogFull).toBe(true);
    await tick();
    expect(j.backlogFull).toBe(false);
    expect(j.healthy).toBe(false);
    expect(log.lines).toEqual(['1', '2']);
  });

  it('replays what a crash left in the log, then empties it', async () => {
    const log = new MemoryLog();
    log.lines = ['4', '5'];
    const written: string[][] = [];
    expect(await replayWriteAheadLog(log, async (b) => { written.push([...b]); })).toBe(2);
    expect(written).toEqual([['4', '5']]);
    expect(log.lines).toEqual([]);
  });
});
