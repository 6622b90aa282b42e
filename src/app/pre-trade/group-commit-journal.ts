/**
 * Bounded group commit: entries queue in memory and are written together, at most `maxBatch` at a
 * time and at most `maxDelayMs` after the first one queued (also between writes: what queues
 * during a write gathers until its first entry is `maxDelayMs` old, unless it makes a full batch).
 * `record` resolves when the batch that holds the entry has committed, and rejects if that write
 * failed; callers decide whether to wait (the pre-trade gate waits for approvals, so an approval is
 * never sent before its record is durable, and does not wait for rejections, which are safe to
 * lose in a crash).
 */
export interface GroupCommitOptions<T> {
  readonly flush: (batch: readonly T[]) => Promise<void>;
  readonly maxBatch: number;
  /** 0: write at the end of the current event-loop turn (setImmediate), batching what that turn queued. */
  readonly maxDelayMs: number;
}

interface Pending<T> { readonly entry: T; readonly queuedAt: number; readonly resolve: () => void; readonly reject: (e: unknown) => void }

const ignore = (): void => {};

export class GroupCommitJournal<T> {
  private queue: Pending<T>[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  private writing: Promise<void> | undefined;
  /** True from the start to the end of drain() (set synchronously, unlike `writing`'s settlement). */
  private draining = false;
  private lastFlushOk = true;
  private closed = false;
  /** Entries of the batch being written. */
  private inFlight = 0;
  /** Batches written and entries committed, for metrics. */
  stats = { batches: 0, entries: 0, failures: 0 };

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** False after a failed write until a later write succeeds: the gate then fails closed. */
  get healthy(): boolean { return this.lastFlushOk; }

  /** Entries queued or being written. */
  get backlog(): number { return this.queue.length + this.inFlight; }

  /** Never: whoever records here waits for the write (the queue is bounded by those waiting). */
  readonly backlogFull = false;

  record(entry: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    return new Promise<void>((resolve, reject) => { this.push({ entry, queuedAt: performance.now(), resolve, reject }); });
  }

  /**
   * Queues an entry nobody waits for (the flush still sees it and reports its outcome): no promise
   * per entry, which matters when thousands are in flight (WriteAheadJournal's database stage).
   * Throws if the journal is closed.
   */
  enqueue(entry: T): void {
    if (this.closed) throw new Error('journal closed');
    this.push({ entry, queuedAt: performance.now(), resolve: ignore, reject: ignore });
  }

  private push(pending: Pending<T>): void {
    this.queue.push(pending);
    if (this.queue.length >= this.options.maxBatch) this.kick();
    else if (this.timer === undefined && !this.draining) this.schedule(this.options.maxDelayMs);
  }

  private schedule(delayMs: number): void {
    this.timer = delayMs > 0 ? setTimeout(() => this.kick(), delayMs) : setImmediate(() => this.kick());
  }

  private kick(): void {
    if (this.timer !== undefined) {
      if (this.options.maxDelayMs > 0) clearTimeout(this.timer as NodeJS.Timeout);
      else clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = undefined;
    }
    if (this.draining) return; // the running write picks up the queue when it ends
    this.writing = this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    // `draining` turns false in the same turn as the decision to stop (this finally, not an outer
    // await), or an entry queued by a resolved caller in between would wait for an ended drain.
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.options.maxBatch);
        this.inFlight = batch.length;
        try {
          await this.options.flush(batch.map((p) => p.entry));
          this.lastFlushOk = true;
          this.stats.batches++; this.stats.entries += batch.length;
          for (const p of batch) p.resolve();
        } catch (e) {
          this.lastFlushOk = false;
          this.stats.failures++;
          for (const p of batch) p.reject(e);
        } finally {
          this.inFlight = 0;
        }
        // What queued during the write goes at once if it is a full batch or has waited maxDelayMs;
        // otherwise it gathers until then (under a steady load, batches of about rate x maxDelayMs).
        if (this.queue.length > 0 && this.queue.length < this.options.maxBatch && !this.closed) {
          const waited = performance.now() - (this.queue[0] as Pending<T>).queuedAt;
          if (waited < this.options.maxDelayMs) {
            this.schedule(this.options.maxDelayMs - waited);
            return;
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Writes what is queued and refuses new entries. */
  async close(): Promise<void> {
    this.closed = true;
    this.kick();
    await this.writing;
  }
}
