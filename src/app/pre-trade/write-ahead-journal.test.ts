import { describe, expect, it } from 'vitest';
import type { DecisionWriteAheadLog } from '../ports.ts';
import { GroupCommitJournal } from './group-commit-journal.ts';
import { replayWriteAheadLog, WriteAheadJournal } from './write-ahead-journal.ts';

/** An in-memory log that records what happened to it. */
class MemoryLog implements DecisionWriteAheadLog {
  lines: string[] = [];
  appends = 0;
  clears = 0;
  failNext = false;
  append(lines: readonly string[]): void {
    if (this.failNext) { this.failNext = false; throw new Error('disk full'); }
    this.appends++;
    this.lines.push(...lines);
  }
  clear(): void { this.clears++; this.lines = []; }
  readPending(): string[] { return [...this.lines]; }
  close(): void {}
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('write-ahead decision journal', () => {
  it('acknowledges once the batch is in the log, before the database commit, and empties the log after it', async () => {
    const log = new MemoryLog();
    let release: () => void = () => {};
    const committed: number[][] = [];
    const database = new GroupCommitJournal<number>({ flush: async (b) => { await new Promise<void>((r) => { release = r; }); committed.push([...b]); }, maxBatch: 100, maxDelayMs: 0 });
    const j = new WriteAheadJournal<number>({ log, database, serialise: String, maxBatch: 100 });
    await Promise.all([j.record(1), j.record(2), j.record(3)]);
    expect(log.lines).toEqual(['1', '2', '3']);
    expect(log.appends).toBe(1);
    expect(committed).toEqual([]);
    await tick();
    release();
    await tick();
    expect(committed).toEqual([[1, 2, 3]]);
    expect(log.lines).toEqual([]);
    expect(j.healthy).toBe(true);
  });

  it('keeps the log and reports unhealthy while the database fails, and rejects when the log cannot be written', async () => {
    const log = new MemoryLog();
    let fail = true;
    const database = new GroupCommitJournal<number>({ flush: async () => { if (fail) throw new Error('db down'); }, maxBatch: 100, maxDelayMs: 0 });
    const j = new WriteAheadJournal<number>({ log, database, serialise: String, maxBatch: 100 });
    await j.record(7);
    await tick();
    expect(j.healthy).toBe(false);
    expect(log.lines).toEqual(['7']);
    fail = false;
    await j.record(8);
    await tick();
    expect(j.healthy).toBe(true);
    expect(log.lines).toEqual(['7', '8']); // 7 never reached the database: kept for the replay
    log.failNext = true;
    await expect(j.record(9)).rejects.toThrow(/disk full/);
    expect(j.healthy).toBe(false);
  });

  it('replays what a crash left in the log, then empties it', async () => {
    const log = new MemoryLog();
    log.lines = ['4', '5'];
    const written: number[][] = [];
    expect(await replayWriteAheadLog(log, Number, async (b) => { written.push([...b]); })).toBe(2);
    expect(written).toEqual([[4, 5]]);
    expect(log.lines).toEqual([]);
  });
});
