import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DecisionJournal } from './write-ahead-journal.ts';
import { PreTradeGate, type DecisionRecord, type PreTradeRequest, type PreTradeResponse } from './pre-trade-gate.ts';
import { canonicalOrderText } from './canonical-order-text.ts';
import { responseText } from './decision-json.ts';

const sha256Hex = (t: string) => createHash('sha256').update(t).digest('hex');

function gateWithJournal() {
  const recorded: DecisionRecord[] = [];
  const journal: DecisionJournal<DecisionRecord> = {
    record: async (e) => { recorded.push(e); },
    healthy: true, backlog: 0, backlogFull: false, stats: { batches: 0, entries: 0, failures: 0 }, close: async () => {},
  };
  const gate = new PreTradeGate({ clock: { now: () => new Date('2026-11-22T10:00:00Z') }, journal, sha256Hex, maxQuoteAgeMs: 60_000, maxStateAgeMs: 60_000, deadlineMs: 50 });
  return { gate, recorded };
}

const order: PreTradeRequest = { portfolioId: 'alpha', clientOrderId: 'o-1', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 10 }] };
const earlier: PreTradeResponse = {
  portfolioId: 'alpha', clientOrderId: 'o-1', decision: 'approve', reasons: [], warnings: [], projected: null, tradingState: 'ACTIVE',
  limitsVersion: 7, pricing: [], checkedAt: '2026-11-22T09:59:00.000Z', latencyMicros: 180,
};
const actor = { id: 'key:trader', role: 'trader' as const, via: 'api-key' as const };

/** Decisions remembered at start-up (from the database) answer replays as they were, byte for byte. */
describe('pre-trade gate: replays of remembered decisions', () => {
  it('answers the same order with the remembered decision and refuses another body under its clientOrderId', async () => {
    const { gate, recorded } = gateWithJournal();
    gate.remember('alpha', 'o-1', sha256Hex(canonicalOrderText(order)), earlier);
    const replay = await gate.check(actor, order);
    expect(replay).toEqual(earlier);
    expect(responseText(replay)).toBe(JSON.stringify(earlier));
    expect(recorded).toHaveLength(0); // a replay is neither evaluated nor recorded again

    const other = await gate.check(actor, { ...order, legs: [{ ...order.legs[0]!, quantity: 11 }] });
    expect(other.decision).toBe('reject');
    expect(other.reasons.map((r) => r.code)).toEqual(['CLIENT_ORDER_ID_REUSED']);
    expect(recorded).toHaveLength(1);
    // the remembered decision stays the answer for the original body
    expect(await gate.check(actor, order)).toEqual(earlier);
  });

  it('keeps an unknown portfolio fail-closed for an order it has not seen', async () => {
    const { gate } = gateWithJournal();
    const r = await gate.check(actor, { ...order, clientOrderId: 'o-2' });
    expect(r.decision).toBe('reject');
    expect(r.reasons[0]?.code).toBe('PORTFOLIO_UNKNOWN');
  });
});
