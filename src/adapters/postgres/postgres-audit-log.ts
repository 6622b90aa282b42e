import { hash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditFilter, AuditLog, Clock } from '../../app/ports.ts';
import {
  auditHashInputWithPayloadText, canonicalJson, CHAIN_START, type AuditAnchor, type ChainBreak, GENESIS_HASH, verifyAuditPage, type AuditEvent, type ChainCursor, type NewAuditEvent,
} from '../../core/audit/audit-chain.ts';
import type { AuditEventsTable, DatabaseSchema } from './database-schema.ts';

const AUDIT_CHAIN_LOCK = 728_310_002;
const VERIFY_PAGE = 2000;

/** One-shot SHA-256 (crypto.hash: no Hash object per call). */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

const toEvent = (r: Selectable<AuditEventsTable>): AuditEvent => ({
  seq: Number(r.seq), occurredAt: r.occurred_at.toISOString(), actor: r.actor, eventType: r.event_type,
  subject: r.subject, payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
});

const INSERT_CHUNK = 2000;

/**
 * Append-only, hash-chained audit log. Appends take a transaction-scoped advisory lock so that
 * sequence numbers are gap-free and each event chains to the one committed before it.
 * Must run inside a transaction (PostgresStorage guarantees it).
 */
export class PostgresAuditLog implements AuditLog {
  constructor(private readonly db: Kysely<DatabaseSchema>, private readonly clock: Clock) {}

  async append(e: NewAuditEvent): Promise<AuditEvent> {
    return (await this.appendMany([e]))[0] as AuditEvent;
  }

  async appendMany(newEvents: readonly NewAuditEvent[]): Promise<AuditEvent[]> {
    if (newEvents.length === 0) return [];
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(this.db);
    const head = await this.db.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = head === undefined ? 0 : Number(head.seq);
    let prevHash = head?.hash ?? GENESIS_HASH;
    const occurredAt = this.clock.now().toISOString();
    const payloadTexts: string[] = [];
    const events = newEvents.map((e): AuditEvent => {
      // canonicalJson equals the canonical form of the JSON round trip, which is what jsonb gives back
      const payloadText = canonicalJson(e.payload ?? null);
      payloadTexts.push(payloadText);
      const base = { seq: ++seq, occurredAt, actor: e.actor, eventType: e.eventType, subject: e.subject, prevHash };
      const hash = sha256Hex(auditHashInputWithPayloadText(base, payloadText));
      prevHash = hash;
      return { ...base, payload: JSON.parse(payloadText) as unknown, hash };
    });
    // One statement per chunk with ONE parameter, a JSON array of the rows (json_to_recordset):
    // the statement does not grow with the batch, and each payload goes in as its canonical text
    // with no per-element array escaping in this thread.
    for (let i = 0; i < events.length; i += INSERT_CHUNK) {
      let rows = '[';
      for (let k = i; k < Math.min(i + INSERT_CHUNK, events.length); k++) {
        const e = events[k] as AuditEvent;
        rows += `${k === i ? '' : ','}{"s":${e.seq},"a":${JSON.stringify(e.actor)},"e":${JSON.stringify(e.eventType)},"j":${JSON.stringify(e.subject)},"p":${payloadTexts[k] as string},"ph":"${e.prevHash}","h":"${e.hash}"}`;
      }
      rows += ']';
      await sql`INSERT INTO audit_events (seq, occurred_at, actor, event_type, subject, payload, prev_hash, hash)
        SELECT s, ${occurredAt}::timestamptz, a, e, j, p, ph, h FROM json_to_recordset(${rows}::json) AS x(s bigint, a text, e text, j text, p jsonb, ph text, h text)`.execute(this.db);
    }
    return events;
  }

  async list(f: AuditFilter): Promise<AuditEvent[]> {
    let q = this.db.selectFrom('audit_events').selectAll();
    if (f.eventType !== undefined) q = q.where('event_type', '=', f.eventType);
    if (f.subject !== undefined) q = q.where('subject', '=', f.subject);
    if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
    if (f.from !== undefined) q = q.where('occurred_at', '>=', new Date(f.from));
    if (f.to !== undefined) q = q.where('occurred_at', '<=', new Date(f.to));
    if (f.afterSeq !== undefined) q = q.where('seq', '>', f.afterSeq);
    return (await q.orderBy('seq').limit(f.limit).execute()).map(toEvent);
  }

  async verify(anchor?: AuditAnchor): Promise<{ ok: true; events: number; headHash: string } | { ok: false; events: number; firstBreak: ChainBreak }> {
    let cursor: ChainCursor = CHAIN_START;
    let afterSeq = 0;
    for (;;) {
      const rows = await this.db.selectFrom('audit_events').selectAll()
        .select(sql<boolean>`extract(microseconds from occurred_at)::bigint % 1000 <> 0`.as('sub_ms'))
        .where('seq', '>', afterSeq).orderBy('seq').limit(VERIFY_PAGE).execute();
      const page = rows.map(toEvent);
      // The hash covers occurredAt as written, to the millisecond. A stored time with sub-millisecond
      // digits was not written so, and JavaScript's Date would drop them: it is an altered event.
      const altered = rows.findIndex((r) => r.sub_ms);
      const r = verifyAuditPage(altered < 0 ? page : page.slice(0, altered), cursor, sha256Hex);
      if ('broken' in r) return { ok: false, events: await this.count(), firstBreak: r.broken };
      if (altered >= 0) return { ok: false, events: await this.count(), firstBreak: { kind: 'hash-mismatch', seq: (page[altered] as AuditEvent).seq } };
      cursor = r.cursor;
      const anchored = anchor === undefined ? undefined : page.find((e) => e.seq === anchor.seq);
      if (anchor !== undefined && anchored !== undefined && anchored.hash !== anchor.hash) return { ok: false, events: await this.count(), firstBreak: { kind: 'anchor-mismatch', seq: anchor.seq } };
      if (page.length < VERIFY_PAGE) {
        const events = cursor.nextSeq - 1;
        if (anchor !== undefined && events < anchor.seq) return { ok: false, events, firstBreak: { kind: 'truncated', expectedSeq: anchor.seq, foundSeq: events } };
        return { ok: true, events, headHash: cursor.prevHash };
      }
      afterSeq = (page[page.length - 1] as AuditEvent).seq;
    }
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
