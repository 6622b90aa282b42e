/** Tamper-evident audit trail: each event's hash covers its canonical form and the previous hash. */
export interface AuditEvent {
  readonly seq: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly eventType: string;
  readonly subject: string;
  readonly payload: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

export type NewAuditEvent = Pick<AuditEvent, 'actor' | 'eventType' | 'subject' | 'payload'>;

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The exact text that is hashed for an event (everything but its own hash). */
export function auditHashInput(e: Omit<AuditEvent, 'hash'>): string {
  return canonicalJson({
    seq: e.seq, occurredAt: e.occurredAt, actor: e.actor, eventType: e.eventType,
    subject: e.subject, payload: e.payload, prevHash: e.prevHash,
  });
}

export type ChainBreak =
  | { readonly kind: 'missing'; readonly expectedSeq: number; readonly foundSeq: number }
  | { readonly kind: 'prev-hash-mismatch'; readonly seq: number }
  | { readonly kind: 'hash-mismatch'; readonly seq: number };

export interface ChainCursor { readonly nextSeq: number; readonly prevHash: string }

export const CHAIN_START: ChainCursor = { nextSeq: 1, prevHash: GENESIS_HASH };

/**
 * Checks one page of events (in seq order) continuing from `cursor`; returns the first break
 * or the cursor to continue from. `sha256Hex` is injected so this stays pure.
 */
export function verifyAuditPage(
  events: readonly AuditEvent[],
  cursor: ChainCursor,
  sha256Hex: (text: string) => string,
): { readonly broken: ChainBreak } | { readonly cursor: ChainCursor } {
  let { nextSeq, prevHash } = cursor;
  for (const e of events) {
    if (e.seq !== nextSeq) return { broken: { kind: 'missing', expectedSeq: nextSeq, foundSeq: e.seq } };
    if (e.prevHash !== prevHash) return { broken: { kind: 'prev-hash-mismatch', seq: e.seq } };
    if (sha256Hex(auditHashInput(e)) !== e.hash) return { broken: { kind: 'hash-mismatch', seq: e.seq } };
    nextSeq = e.seq + 1;
    prevHash = e.hash;
  }
  return { cursor: { nextSeq, prevHash } };
}
