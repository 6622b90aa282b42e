/**
 * Remembers recent decisions by (portfolio, clientOrderId) so a replayed request gets the same
 * answer without being evaluated or counted again. Bounded: the oldest entries are forgotten
 * first (the durable record stays in pre_trade_decisions and the audit trail). Entries are found
 * by a key made once per order (`keyOf`).
 */
export class DecisionCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity = 200_000) {}

  static keyOf(portfolioId: string, clientOrderId: string): string { return `${portfolioId}\u0000${clientOrderId}`; }

  get(key: string): V | undefined { return this.entries.get(key); }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Replaces the value of an entry in place (its age unchanged) if it still holds `from`. */
  replace(key: string, from: V, to: V): void {
    if (this.entries.get(key) === from) this.entries.set(key, to);
  }

  delete(key: string): void { this.entries.delete(key); }

  get size(): number { return this.entries.size; }
}

/**
 * A settled decision as one buffer: the request hash's length (2 bytes), the hash (Latin-1) and
 * the answer's JSON (UTF-8). One object per remembered decision, its bytes outside the JavaScript
 * heap (small buffers share pooled memory): of the up to 200,000 kept, each is promoted by the
 * young-generation collector, and an entry object and a hash string more per decision were most
 * of what it copied for them.
 */
export function settledDecision(requestHash: string, responseText: string): Buffer {
  const hashBytes = Buffer.byteLength(requestHash, 'latin1');
  const bytes = Buffer.allocUnsafe(2 + hashBytes + Buffer.byteLength(responseText));
  bytes.writeUInt16LE(hashBytes, 0);
  bytes.write(requestHash, 2, 'latin1');
  bytes.write(responseText, 2 + hashBytes, 'utf8');
  return bytes;
}

/** The request hash and the answer's JSON text of a settled decision. */
export function readSettledDecision(bytes: Buffer): { requestHash: string; responseText: string } {
  const hashBytes = bytes.readUInt16LE(0);
  return { requestHash: bytes.toString('latin1', 2, 2 + hashBytes), responseText: bytes.toString('utf8', 2 + hashBytes) };
}
