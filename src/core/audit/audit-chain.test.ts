import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditHashInput, auditHashInputWithPayloadText, canonicalJson, CHAIN_START, GENESIS_HASH, verifyAuditPage, type AuditEvent } from './audit-chain.ts';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function chain(n: number): AuditEvent[] {
  const out: AuditEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const base = { seq, occurredAt: `2026-01-0${seq}T00:00:00.000Z`, actor: 'key:a', eventType: 't', subject: `s${seq}`, payload: { n: seq, b: [1, { z: 1, a: 2 }] }, prevHash: prev };
    const hash = sha(auditHashInput(base));
    out.push({ ...base, hash });
    prev = hash;
  }
  return out;
}

describe('audit chain', () => {
  it('serialises objects with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: null }], c: 'q' } })).toBe('{"a":{"c":"q","d":[2,{"x":null,"y":1}]},"b":1}');
  });

  it('gives the same text for a value and for its JSON round trip (toJSON honoured, undefined dropped)', () => {
    const odd = { when: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, list: [1, undefined, 'x'], nested: { n: Number.NaN, z: -0 }, 'é': 1, Z: 2, a: 3 };
    expect(canonicalJson(odd)).toBe(canonicalJson(JSON.parse(JSON.stringify(odd))));
    expect(canonicalJson(odd)).toBe('{"Z":2,"a":3,"list":[1,null,"x"],"nested":{"n":null,"z":0},"when":"2026-01-02T03:04:05.000Z","é":1}');
    fc.assert(fc.property(fc.jsonValue(), (v) => canonicalJson(v) === canonicalJson(JSON.parse(JSON.stringify(v)))), { numRuns: 300 });
  });

  it('builds the hash input from a canonical payload text exactly as from the event', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string(), fc.nat(), (payload, actor, seq) => {
      const base = { seq, occurredAt: '2026-01-01T00:00:00.000Z', actor, eventType: 'pre-trade.decision', subject: 'portfolio:p', prevHash: GENESIS_HASH };
      return auditHashInputWithPayloadText(base, canonicalJson(payload)) === auditHashInput({ ...base, payload });
    }), { numRuns: 300 });
  });

  it('verifies an intact chain and reports where to continue', () => {
    const r = verifyAuditPage(chain(4), CHAIN_START, sha);
    expect(r).toHaveProperty('cursor.nextSeq', 5);
  });

  it('reports an altered payload as a hash mismatch at that event', () => {
    const events = chain(4);
    events[2] = { ...events[2]!, payload: { n: 999 } };
    expect(verifyAuditPage(events, CHAIN_START, sha)).toEqual({ broken: { kind: 'hash-mismatch', seq: 3 } });
  });

  it('reports a deleted event as a missing link', () => {
    const events = chain(4);
    events.splice(1, 1);
    expect(verifyAuditPage(events, CHAIN_START, sha)).toEqual({ broken: { kind: 'missing', expectedSeq: 2, foundSeq: 3 } });
  });
});
