import type { RiskPublisher } from '../../app/ports.ts';
import { messageText } from '../../core/shared/json-text.ts';

export interface StreamClient {
  send(text: string): void;
  readonly isOpen: () => boolean;
}

/** In-process fan-out of risk messages to WebSocket clients subscribed per portfolio. */
export class RiskStreamHub implements RiskPublisher {
  private readonly subscribers = new Map<string, Set<StreamClient>>();

  subscribe(portfolioId: string, client: StreamClient): void {
    const set = this.subscribers.get(portfolioId) ?? new Set();
    set.add(client);
    this.subscribers.set(portfolioId, set);
  }

  unsubscribe(portfolioId: string, client: StreamClient): void {
    const set = this.subscribers.get(portfolioId);
    if (set === undefined) return;
    set.delete(client);
    if (set.size === 0) this.subscribers.delete(portfolioId);
  }

  unsubscribeAll(client: StreamClient): void {
    for (const id of [...this.subscribers.keys()]) this.unsubscribe(id, client);
  }

  subscriberCount(portfolioId?: string): number {
    if (portfolioId !== undefined) return this.subscribers.get(portfolioId)?.size ?? 0;
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  wants(portfolioId: string): boolean { return this.subscriberCount(portfolioId) > 0; }

  publish(portfolioId: string, message: unknown): void {
    const set = this.subscribers.get(portfolioId);
    if (set === undefined) return;
    const text = messageText(message);
    for (const c of set) {
      if (c.isOpen()) c.send(text);
      else set.delete(c);
    }
  }
}
