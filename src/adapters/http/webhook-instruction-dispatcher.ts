import { createHmac, randomUUID } from 'node:crypto';
import type { InstructionDispatcher, InstructionRecord, LimitViolation, WebhookStore } from '../../app/ports.ts';

/**
 * The signature of a delivery: `sha256=<hex HMAC-SHA256, keyed with the webhook's secret, of
 * "<x-risk-timestamp>.<x-risk-delivery-id>.<body>">`. A receiver recomputes it, refuses a
 * timestamp far from its clock (a replayed delivery) and deduplicates instructions by id.
 */
export function deliverySignature(secret: string, timestampMs: string, deliveryId: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampMs}.${deliveryId}.${body}`).digest('hex')}`;
}

/**
 * POSTs enforcement instructions to every active execution webhook as JSON, with headers
 * `x-risk-webhook-id`, `x-risk-delivery-id` (new for each attempt), `x-risk-timestamp` (ms since
 * the epoch) and `x-risk-signature` (deliverySignature). One attempt per webhook, each with a
 * timeout: retries are scheduled and recorded by deliverInstructions. Acknowledgement comes back
 * through POST /enforcement/instructions/{id}/ack.
 */
export class WebhookInstructionDispatcher implements InstructionDispatcher {
  constructor(private readonly webhooks: WebhookStore, private readonly log: { warn(o: object, m: string): void }, private readonly timeoutMs = 5000) {}

  async dispatch(portfolioId: string, instructions: readonly InstructionRecord[], violation: LimitViolation | null): Promise<{ delivered: boolean; error: string | null }> {
    let hooks;
    try {
      hooks = await this.webhooks.list({ activeOnly: true });
    } catch (err) {
      return { delivered: false, error: `webhooks could not be read: ${(err as Error).message}` };
    }
    if (hooks.length === 0) return { delivered: false, error: 'no active execution webhook' };
    const body = JSON.stringify({ type: 'enforcement-instructions', portfolioId, violation, instructions: instructions.map(publicView) });
    const failures = (await Promise.all(hooks.map(async (h): Promise<string | null> => {
      const timestamp = String(Date.now());
      const deliveryId = randomUUID();
      try {
        const r = await fetch(h.url, {
          method: 'POST', body, signal: AbortSignal.timeout(this.timeoutMs),
          headers: { 'content-type': 'application/json', 'x-risk-webhook-id': h.id, 'x-risk-delivery-id': deliveryId, 'x-risk-timestamp': timestamp, 'x-risk-signature': deliverySignature(h.secret, timestamp, deliveryId, body) },
        });
        await r.body?.cancel();
        return r.status < 300 ? null : `${h.id}: HTTP ${r.status}`;
      } catch (err) {
        this.log.warn({ err, webhook: h.id, portfolioId }, 'instruction delivery failed');
        return `${h.id}: ${(err as Error).message}`;
      }
    }))).filter((f): f is string => f !== null);
    return failures.length === 0 ? { delivered: true, error: null } : { delivered: false, error: failures.join('; ') };
  }
}

/** What the execution system gets of an instruction (the delivery bookkeeping stays here). */
function publicView(i: InstructionRecord): Omit<InstructionRecord, 'deliveryAttempts' | 'deliveredAt' | 'nextDeliveryAt' | 'lastDeliveryError'> {
  const { deliveryAttempts: _a, deliveredAt: _d, nextDeliveryAt: _n, lastDeliveryError: _e, ...rest } = i;
  return rest;
}
