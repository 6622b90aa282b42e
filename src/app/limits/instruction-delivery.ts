import type { InstructionDispatcher, InstructionRecord } from '../ports.ts';
import { actorOf, type UseCaseDeps } from '../use-case-deps.ts';
import { SYSTEM_LIMITS } from './limit-audit.ts';

/** First retry after this; each later one doubles, up to maxRetryIntervalMs. */
export const FIRST_RETRY_MS = 5_000;
/** Instructions delivered per portfolio in one request, and examined per run. */
const BATCH = 500;

export interface InstructionDeliveryDeps extends UseCaseDeps {
  readonly dispatcher: InstructionDispatcher;
  /** A pending instruction older than this expires (status expired, audited) and is no longer delivered. */
  readonly ttlMs: number;
  readonly maxRetryIntervalMs: number;
  readonly onError: (err: unknown) => void;
}

/** The delay before the next attempt after `attempts` failed ones. */
export const retryDelayMs = (attempts: number, maxMs: number): number => Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers enforcement instructions to the execution webhooks, at least once: every pending
 * instruction whose delivery is due is sent (grouped by portfolio), and the outcome is recorded on
 * it. A failed delivery is retried with backoff (5 s doubling, at most maxRetryIntervalMs) until it
 * succeeds or the instruction is acknowledged, rejected or expires (ttlMs, audited). Runs are
 * serialised; `kick` asks for one at once (a new violation's instructions), `start` runs one on an
 * interval (retries, and instructions written through the API).
 */
export class InstructionDelivery {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: InstructionDeliveryDeps) {}

  /** A run as soon as the current one (if any) is over; failures go to onError. */
  kick(): void {
    if (this.running !== null) { this.again = true; return; }
    this.running = this.loop().finally(() => { this.running = null; });
  }

  /** Runs every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One run now (after any run under way): expiry, then every due delivery. */
  async runOnce(): Promise<{ delivered: number; failed: number; expired: number }> {
    await this.running;
    return this.run();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try { await this.run(); } catch (err) { this.deps.onError(err); }
    } while (this.again);
  }

  private async run(): Promise<{ delivered: number; failed: number; expired: number }> {
    const expired = await this.expire();
    const now = this.deps.clock.now();
    const due = await this.deps.storage.instructions.listDueForDelivery(now.toISOString(), BATCH);
    const byPortfolio = new Map<string, InstructionRecord[]>();
    for (const i of due) {
      const group = byPortfolio.get(i.portfolioId);
      if (group === undefined) byPortfolio.set(i.portfolioId, [i]); else group.push(i);
    }
    let delivered = 0; let failed = 0;
    for (const [portfolioId, instructions] of byPortfolio) {
      const outcome = await this.deps.dispatcher.dispatch(portfolioId, instructions, null);
      const at = this.deps.clock.now();
      const attempts = Math.max(...instructions.map((i) => i.deliveryAttempts)) + 1;
      await this.deps.storage.instructions.recordDelivery(instructions.map((i) => i.id), {
        at: at.toISOString(), delivered: outcome.delivered, error: outcome.error,
        nextAt: outcome.delivered ? null : new Date(at.getTime() + retryDelayMs(attempts, this.deps.maxRetryIntervalMs)).toISOString(),
      });
      if (outcome.delivered) delivered += instructions.length; else failed += instructions.length;
    }
    return { delivered, failed, expired };
  }

  private async expire(): Promise<number> {
    const now = this.deps.clock.now();
    const stale = await this.deps.storage.instructions.listPendingCreatedBefore(new Date(now.getTime() - this.deps.ttlMs).toISOString(), BATCH);
    for (const before of stale) {
      await this.deps.storage.transaction(async (tx) => {
        const current = await tx.instructions.get(before.id);
        if (current === undefined || current.status !== 'pending') return;
        const after: InstructionRecord = { ...current, status: 'expired', nextDeliveryAt: null, note: `not acknowledged within ${Math.round(this.deps.ttlMs / 60_000)} min` };
        await tx.instructions.update(after);
        await tx.audit.append({ actor: actorOf(SYSTEM_LIMITS), eventType: 'enforcement.instruction-expired', subject: `instruction:${after.id}`, payload: { before: current, after } });
      });
    }
    return stale.length;
  }
}
