import { describe, expect, it } from 'vitest';
import { decisionRecordText, responseText, withLatencyMicros } from './decision-json.ts';
import type { PreTradeResponse } from './pre-trade-response.ts';

const response = (): PreTradeResponse => ({
  portfolioId: 'p1', clientOrderId: 'o"1', decision: 'approve', reasons: [], warnings: [],
  projected: { greeks: { dollarDelta: 1.5 }, exposure: { gross: 2 }, var: { var95: 3, var99: 4, method: 'delta-normal-scaled' } } as unknown as PreTradeResponse['projected'],
  tradingState: 'ACTIVE', limitsVersion: 7, pricing: ['bsm'], checkedAt: '2026-11-21T10:00:00.000Z', latencyMicros: 12,
});

describe('decision JSON texts', () => {
  it('are the JSON.stringify of the response and of the record, computed once per object', () => {
    const r = response();
    expect(responseText(r)).toBe(JSON.stringify(r));
    expect(responseText(r)).toBe(responseText(r));
    const record = { actor: 'key:a"b', requestHash: 'f'.repeat(64), response: r };
    expect(decisionRecordText(record)).toBe(JSON.stringify(record));
    expect(JSON.parse(decisionRecordText(record))).toEqual(record);
  });

  it('an approval given its final latency has the text of its own JSON', () => {
    const r = response();
    responseText(r);
    const later = withLatencyMicros(r, 2345);
    expect(later.latencyMicros).toBe(2345);
    expect(r.latencyMicros).toBe(12);
    expect(responseText(later)).toBe(JSON.stringify(later));
    // without a text made before, it is computed from the object
    expect(responseText(withLatencyMicros(response(), 9))).toBe(JSON.stringify({ ...response(), latencyMicros: 9 }));
  });

  it('is kept out of sight: a copy of the object carries no stale text and it equals the plain object', () => {
    const r = response();
    const text = responseText(r);
    expect(Object.keys(r)).toEqual(Object.keys(response()));
    expect(r).toEqual(response());
    expect(JSON.stringify(r)).toBe(text);
    const copy = { ...r, decision: 'reject' as const };
    expect(responseText(copy)).toBe(JSON.stringify(copy));
    expect(structuredClone(r)).toEqual(response());
  });
});
