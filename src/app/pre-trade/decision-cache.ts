/**
 * Remembers recent decisions by (portfolio, clientOrderId) so a replayed request gets the same
 * answer without being evaluated or counted again. Bounded: the oldest entries are forgotten
 * first (the durable record stays in pre_trade_decisions and the audit trail).
 */
export interface CachedDecision<D> { readonly requestHash: string; readonly response: D }

export class DecisionCache<D> {
  private readonly entries = new Map<string, CachedDecision<D>>();

  constructor(private readonly capacity = 200_000) {}

  private static key(portfolioId: string, clientOrderId: string): string { return `${portfolioId}\u0000${clientOrderId}`; }

  get(portfolioId: string, clientOrderId: string): CachedDecision<D> | undefined {
    return this.entries.get(DecisionCache.key(portfolioId, clientOrderId));
  }

  set(portfolioId: string, clientOrderId: string, value: CachedDecision<D>): void {
    const k = DecisionCache.key(portfolioId, clientOrderId);
    this.entries.delete(k);
    this.entries.set(k, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Replaces the value of an entry in place (its age unchanged) if it still holds `from`. */
  replace(portfolioId: string, clientOrderId: string, from: D, to: D): void {
    const k = DecisionCache.key(portfolioId, clientOrderId);
    const entry = this.entries.get(k);
    if (entry !== undefined && entry.response === from) this.entries.set(k, { requestHash: entry.requestHash, response: to });
  }

  delete(portfolioId: string, clientOrderId: string): void {
    this.entries.delete(DecisionCache.key(portfolioId, clientOrderId));
  }

  get size(): number { return this.entries.size; }
}
