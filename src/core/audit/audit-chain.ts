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
  // As JSON.stringify: a toJSON method gives the value (a Date its ISO text), so canonicalJson(x)
  // equals canonicalJson(JSON.parse(JSON.stringify(x))) for every JSON-able x.
  const toJson = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJson === 'function') return canonicalJson((toJson as () => unknown).call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : canonicalJson(v));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * auditHashInput with the payload already in canonical form (canonicalJson of the payload): the
 * same text, built without serialising the payload twice.
 */
export function auditHashInputWithPayloadText(e: Omit<AuditEvent, 'hash' | 'payload'>, payloadText: string): string {
  return `{"actor":${JSON.stringify(e.actor)},"eventType":${JSON.stringify(e.eventType)},"occurredAt":${JSON.stringify(e.occurredAt)},`
    + `"payload":${payloadText},"prevHash":${JSON.stringify(e.prevHash)},"seq":${JSON.stringify(e.seq)},"subject":${JSON.stringify(e.subject)}}`;
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
  | { readonly kind: 'hash-mismatch'; readonly seq: number }
  /** Verified against an anchor (an event's seq and hash recorded outside the database): the chain ends before it. */
  | { readonly kind: 'truncated'; readonly expectedSeq: number; readonly foundSeq: number }
  /** The anchor's event is there with another hash: the chain was rewritten up to it. */
  | { readonly kind: 'anchor-mismatch'; readonly seq: number };

/** An event's seq and hash kept outside the database (a log, a ticket), to verify the chain against. */
export interface AuditAnchor { readonly seq: number; readonly hash: string }

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
