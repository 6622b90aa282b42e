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
 * group commit in the background. The log is emptied whenever everything written to it has reached
 * the database, and replayed at start-up (replayWriteAheadLog) if a crash left lines in it.
 * Health is the database's: with the database down the gate still fails closed.
 */
export class WriteAheadJournal<T> implements DecisionJournal<T> {
  private readonly local: GroupCommitJournal<T>;
  /** Entries written to the log and not yet committed to the database. */
  private inFlight = 0;
  private walOk = true;

  constructor(private readonly args: { log: DecisionWriteAheadLog; database: DecisionJournal<T>; serialise: (entry: T) => string; maxBatch: number }) {
    // The local append is one cheap write: it happens at the end of each event-loop turn (delay 0),
    // so an approval waits for no timer; the database stage keeps the configured delay.
    this.local = new GroupCommitJournal<T>({ flush: async (batch) => this.writeAhead(batch), maxBatch: args.maxBatch, maxDelayMs: 0 });
  }

  get healthy(): boolean { return this.walOk && this.args.database.healthy; }

  record(entry: T): Promise<void> { return this.local.record(entry); }

  private writeAhead(batch: readonly T[]): void {
    try {
      this.args.log.append(batch.map(this.args.serialise));
      this.walOk = true;
    } catch (e) {
      this.walOk = false;
      throw e;
    }
    this.inFlight += batch.length;
    for (const entry of batch) {
      this.args.database.record(entry).then(() => this.committed(), () => { /* kept in the log; replayed at the next start */ });
    }
  }

  private committed(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.args.database.healthy) this.args.log.clear();
  }

  async close(): Promise<void> {
    await this.local.close();
    await this.args.database.close();
    if (this.inFlight === 0) this.args.log.clear();
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
