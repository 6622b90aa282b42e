import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/audit/audit-chain.ts';
import { canonicalOrderText } from './canonical-order-text.ts';
import type { PreTradeRequest } from './pre-trade-gate.ts';

const generic = (r: PreTradeRequest) => canonicalJson({ portfolioId: r.portfolioId, clientOrderId: r.clientOrderId, legs: r.legs, strategy: r.strategy ?? null });
const text = fc.string({ maxLength: 12 });
const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const equity = fc.record({ type: fc.constantFrom('stock', 'etf', 'index'), symbol: text });
const option = fc.record({
  type: fc.constant('option'), underlying: text, kind: fc.constantFrom('call', 'put'), strike: num, expiry: text,
  exerciseStyle: maybe(fc.constantFrom('american', 'european')), multiplier: maybe(num),
}, { requiredKeys: ['type', 'underlying', 'kind', 'strike', 'expiry'] });
const leg = fc.record({ instrument: fc.oneof(equity, option), side: fc.constantFrom('buy', 'sell'), quantity: num, limitPrice: maybe(num) }, { requiredKeys: ['instrument', 'side', 'quantity'] });
const request = fc.record({ portfolioId: text, clientOrderId: text, legs: fc.array(leg, { maxLength: 4 }), strategy: maybe(text) }, { requiredKeys: ['portfolioId', 'clientOrderId', 'legs'] });

describe('canonicalOrderText', () => {
  it('is the generic canonical JSON of every request the API admits', () => {
    fc.assert(fc.property(request, (r) => { expect(canonicalOrderText(r as unknown as PreTradeRequest)).toBe(generic(r as unknown as PreTradeRequest)); }), { numRuns: 2000 });
  });

  it('falls back to the generic walk for unexpected keys, nulls and non-finite numbers, with the same text', () => {
    const odd = [
      { portfolioId: 'p', clientOrderId: 'c', legs: [{ instrument: { type: 'stock', symbol: 'IBM', venue: 'X' }, side: 'buy', quantity: 1 }] },
      { portfolioId: 'p', clientOrderId: 'c', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1, limitPrice: null }] },
      { portfolioId: 'p', clientOrderId: 'c', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: Number.NaN }] },
      { portfolioId: 'p', clientOrderId: 'c', legs: [{ instrument: { type: 'option', underlying: 'IBM', kind: 'call', strike: 1, expiry: '2030-01-01', extra: [1] }, side: 'sell', quantity: 2, note: 'x' }] },
      { portfolioId: 'p', clientOrderId: 'c', legs: [null] },
    ] as unknown as PreTradeRequest[];
    for (const r of odd) expect(canonicalOrderText(r)).toBe(generic(r));
  });

  it('keys are sorted at every level', () => {
    const r = { portfolioId: 'p1', clientOrderId: 'o1', legs: [{ side: 'buy', quantity: 5, instrument: { underlying: 'IBM', type: 'option', strike: 100, kind: 'put', expiry: '2030-01-18', multiplier: 100, exerciseStyle: 'american' }, limitPrice: 2.5 }] } as unknown as PreTradeRequest;
    expect(canonicalOrderText(r)).toBe('{"clientOrderId":"o1","legs":[{"instrument":{"exerciseStyle":"american","expiry":"2030-01-18","kind":"put","multiplier":100,"strike":100,"type":"option","underlying":"IBM"},"limitPrice":2.5,"quantity":5,"side":"buy"}],"portfolioId":"p1","strategy":null}');
  });
});
