import { createHmac } from 'node:crypto';
import type { InstructionDispatcher, InstructionRecord, LimitViolation, WebhookStore } from '../../app/ports.ts';

const ATTEMPTS = 3;

/**
 * POSTs enforcement instructions to every active execution webhook as JSON, signed with
 * `X-Risk-Signature: sha256=<hex HMAC of the body with the webhook's secret>`, retrying a failed
 * delivery twice with backoff. Acknowledgement comes back through POST /enforcement/instructions/{id}/ack.
 */
export class WebhookInstructionDispatcher implements InstructionDispatcher {
  constructor(private readonly webhooks: WebhookStore, private readonly log: { warn(o: object, m: string): void }, private readonly timeoutMs = 5000) {}

  async dispatch(portfolioId: string, instructions: readonly InstructionRecord[], violation: LimitViolation): Promise<void> {
    const hooks = await this.webhooks.list({ activeOnly: true });
    const body = JSON.stringify({ type: 'enforcement-instructions', portfolioId, violation, instructions });
    await Promise.all(hooks.map(async (h) => {
      const signature = `sha256=${createHmac('sha256', h.secret).update(body).digest('hex')}`;
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          const r = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-risk-signature': signature, 'x-risk-webhook-id': h.id }, body, signal: AbortSignal.timeout(this.timeoutMs) });
          if (r.status < 300) return;
          throw new Error(`HTTP ${r.status}`);
        } catch (err) {
          if (attempt === ATTEMPTS) { this.log.warn({ err, webhook: h.id, portfolioId }, 'instruction delivery failed'); return; }
          await new Promise((res) => setTimeout(res, 200 * 2 ** attempt));
        }
      }
    }));
  }
}
