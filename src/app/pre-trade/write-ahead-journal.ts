import type { DecisionWriteAheadLog } from '../ports.ts';
import { GroupCommitJournal } from './group-commit-journal.ts';

/** What the gate records decisions with (GroupCommitJournal, or WriteAheadJournal in front of one). */
export interface DecisionJournal<T> {
  /** Resolves when the entry is durable in the journal's sense; rejects when it cannot be made so. */
  record(entry: T): Promise<void>;
  /** False while records cannot be written to the database: the gate then fails closed. */
  readonly healthy: boolean;
  close(): Promise<void>;
}

/**
 * A local write-ahead log in front of the database journal. Entries are group-written to the local
 * log (one append per batch) and `record` resolves then; the same entries go on to the database by
 * group commit in the background. Each entry that reaches the database is released from the log
 * (which drops what is all there), and the log is replayed at start-up (replayWriteAheadLog) if a
 * crash left lines in it. An entry whose database write failed stays in the log until that replay.
 * Health is the database's: with the database down the gate still fails closed.
 */
export class WriteAheadJournal<T> implements DecisionJournal<T> {
  private readonly local: GroupCommitJournal<T>;
  private walOk = true;

  constructor(private readonly args: { log: DecisionWriteAheadLog; database: DecisionJournal<T>; serialise: (entry: T) => string; maxBatch: number }) {
    // The local append is one cheap write: it happens at the end of each event-loop turn (delay 0),
    // so an approval waits for no timer; the database stage keeps the configured delay.
    this.local = new GroupCommitJournal<T>({ flush: async (batch) => this.writeAhead(batch), maxBatch: args.maxBatch, maxDelayMs: 0 });
  }

  get healthy(): boolean { return this.walOk && this.args.database.healthy; }

  record(entry: T): Promise<void> { return this.local.record(entry); }

  private writeAhead(batch: readonly T[]): void {
    let segment: number;
    try {
      segment = this.args.log.append(batch.map(this.args.serialise));
      this.walOk = true;
    } catch (e) {
      this.walOk = false;
      throw e;
    }
    const released = () => this.args.log.release(segment, 1);
    for (const entry of batch) {
      this.args.database.record(entry).then(released, () => { /* kept in the log; replayed at the next start */ });
    }
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.args.database.close();
    this.args.log.close();
  }
}

/** Records a crash left in the log, written to the database (decisions already there are skipped), then the log emptied. */
export async function replayWriteAheadLog<T>(log: DecisionWriteAheadLog, parse: (line: string) => T, write: (batch: readonly T[]) => Promise<void>): Promise<number> {
  const lines = log.readPending();
  if (lines.length > 0) await write(lines.map(parse));
  log.clear();
  return lines.length;
}
