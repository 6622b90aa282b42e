import type { DecisionWriteAheadLog } from '../ports.ts';
import { GroupCommitJournal } from './group-commit-journal.ts';

/** What the gate records decisions with (GroupCommitJournal, or WriteAheadJournal in front of the database). */
export interface DecisionJournal<T> {
  /** Resolves when the entry is durable in the journal's sense; rejects when it cannot be made so. */
  record(entry: T): Promise<void>;
  /** False while records cannot be written to the database: the gate then fails closed. */
  readonly healthy: boolean;
  /** Records accepted and not yet committed to the database (queued or being written). */
  readonly backlog: number;
  /** Database batches committed, the records in them, and batches that failed, since start. */
  readonly stats: { readonly batches: number; readonly entries: number; readonly failures: number };
  /** True while more records wait for the database than the journal holds (the gate then fails closed too). */
  readonly backlogFull: boolean;
  close(): Promise<void>;
}

/** Writes a batch of entries, each as its text line, to the database; rejects if the batch was not committed. */
export type LineRecorder = (lines: readonly string[]) => Promise<void>;

/**
 * A local write-ahead log in front of the database. Entries are group-written to the local log
 * (one append per event-loop turn) and `record` resolves then; the same lines go on to the
 * database by group commit in the background (`databaseDelayMs`, `maxBatch`). Lines that reach the
 * database are released from the log (which drops what is all there); a line whose database write
 * failed stays in the log, and the log is replayed at start-up (replayWriteAheadLog).
 *
 * From the log on, only the text line of an entry is kept, not the entry: under load hundreds of
 * decisions wait for the database at any moment, and one string each is what the garbage
 * collector has to copy, instead of each decision's object graph and promise.
 *
 * Health is the database's: with the database down the gate still fails closed.
 */
export class WriteAheadJournal<T> implements DecisionJournal<T> {
  private readonly local: GroupCommitJournal<T>;
  private readonly database: GroupCommitJournal<string>;
  /**
   * The lines queued for the database by log segment, oldest first, as [segment, count] runs. The
   * database stage writes its queue in order, one batch at a time, so each batch it finishes is
   * the front of these runs.
   */
  private readonly runs: Array<[number, number]> = [];
  private walOk = true;
  /** Lines in the log that the database stage has not finished with (queued or being written). */
  private waiting = 0;

  /**
   * `maxBacklog`: how many lines may wait for the database. The log keeps every approval safe
   * however far the database falls behind, but the queue is memory and the audit trail's lag is
   * what a reader of it sees, so past this bound `backlogFull` makes the gate reject new orders
   * until the database has caught up.
   */
  constructor(private readonly args: { log: DecisionWriteAheadLog; recorder: LineRecorder; serialise: (entry: T) => string; maxBatch: number; databaseDelayMs: number; maxBacklog: number }) {
    // The local append is one cheap write: it happens at the end of each event-loop turn (delay 0),
    // so an approval waits for no timer; the database stage keeps the configured delay.
    this.local = new GroupCommitJournal<T>({ flush: async (batch) => this.writeAhead(batch), maxBatch: args.maxBatch, maxDelayMs: 0 });
    this.database = new GroupCommitJournal<string>({ flush: (lines) => this.writeDatabase(lines), maxBatch: args.maxBatch, maxDelayMs: args.databaseDelayMs });
  }

  get healthy(): boolean { return this.walOk && this.database.healthy; }

  get backlog(): number { return this.waiting + this.local.backlog; }

  get stats(): GroupCommitJournal<string>['stats'] { return this.database.stats; }

  get backlogFull(): boolean { return this.waiting >= this.args.maxBacklog; }

  record(entry: T): Promise<void> { return this.local.record(entry); }

  private writeAhead(batch: readonly T[]): void {
    const lines = batch.map(this.args.serialise);
    let segment: number;
    try {
      segment = this.args.log.append(lines);
      this.walOk = true;
    } catch (e) {
      this.walOk = false;
      throw e;
    }
    const last = this.runs.at(-1);
    if (last !== undefined && last[0] === segment) last[1] += lines.length; else this.runs.push([segment, lines.length]);
    this.waiting += lines.length;
    for (const line of lines) this.database.enqueue(line);
  }

  private async writeDatabase(lines: readonly string[]): Promise<void> {
    let committed = false;
    try {
      await this.args.recorder(lines);
      committed = true;
    } finally {
      // Lines not committed stay in the log until the next start's replay.
      this.consumeRuns(lines.length, committed);
    }
  }

  private consumeRuns(count: number, release: boolean): void {
    this.waiting -= count;
    let left = count;
    while (left > 0) {
      const run = this.runs[0];
      if (run === undefined) return;
      const n = Math.min(left, run[1]);
      if (release) this.args.log.release(run[0], n);
      run[1] -= n;
      left -= n;
      if (run[1] === 0) this.runs.shift();
    }
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.database.close();
    this.args.log.close();
  }
}

/** Records what a crash left in the log, written to the database (decisions already there are skipped), then the log emptied. */
export async function replayWriteAheadLog(log: DecisionWriteAheadLog, write: LineRecorder): Promise<number> {
  const lines = log.readPending();
  if (lines.length > 0) await write(lines);
  log.clear();
  return lines.length;
}
