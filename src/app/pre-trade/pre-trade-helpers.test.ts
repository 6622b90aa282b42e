import { describe, expect, it } from 'vitest';
import { DecisionCache, readSettledDecision, settledDecision } from './decision-cache.ts';
import { OrderRateWindow } from './order-rate-window.ts';

describe('OrderRateWindow', () => {
  it('counts orders of the last second per portfolio', () => {
    const w = new OrderRateWindow();
    w.add('a', 1000); w.add('a', 1500); w.add('b', 1500);
    expect(w.count('a', 1600)).toBe(2);
    expect(w.count('a', 2000)).toBe(1);
    expect(w.count('a', 2600)).toBe(0);
    expect(w.count('b', 1600)).toBe(1);
  });

  it('keeps counting exactly through thousands of orders (the dead front is dropped as it goes)', () => {
    const w = new OrderRateWindow();
    const all: number[] = [];
    for (let t = 0; t < 5000; t += 1 + (t % 7)) {
      w.add('p', t); all.push(t);
      if (t % 3 === 0) expect(w.count('p', t)).toBe(all.filter((x) => x > t - 1000).length);
    }
    expect(w.count('p', 10_000)).toBe(0);
    w.add('p', 10_001);
    expect(w.count('p', 10_001)).toBe(1);
  });
});

describe('DecisionCache', () => {
  const k = DecisionCache.keyOf;
  it('returns the stored decision for a replay and forgets the oldest beyond capacity', () => {
    const c = new DecisionCache<string>(2);
    c.set(k('p', 'o1'), 'approve');
    c.set(k('p', 'o2'), 'reject');
    expect(c.get(k('p', 'o1'))).toBe('approve');
    c.set(k('p', 'o3'), 'approve');
    expect(c.get(k('p', 'o1'))).toBeUndefined();
    expect(c.get(k('q', 'o2'))).toBeUndefined();
    // the key keeps portfolio and order apart ("p" + "ab" is not "pa" + "b")
    expect(k('p', 'ab')).not.toBe(k('pa', 'b'));
    expect(c.size).toBe(2);
  });

  it('replaces a value in place only while the entry still holds the expected one', () => {
    const c = new DecisionCache<{ state: string }>(2);
    const pending1 = { state: 'pending' };
    const pending2 = { state: 'pending' };
    c.set(k('p', 'o1'), pending1);
    c.set(k('p', 'o2'), pending2);
    c.replace(k('p', 'o1'), pending1, { state: 'approve' });
    expect(c.get(k('p', 'o1'))).toEqual({ state: 'approve' });
    c.replace(k('p', 'o1'), pending1, { state: 'reject' }); // no longer pending: unchanged
    expect(c.get(k('p', 'o1'))?.state).toBe('approve');
    c.set(k('p', 'o3'), { state: 'x' }); // o1 is still the oldest: replace kept its age
    expect(c.get(k('p', 'o1'))).toBeUndefined();
    expect(c.get(k('p', 'o2'))).toBe(pending2);
  });
});

describe('settled decisions', () => {
  it('keep the request hash and the answer byte for byte, any length and any characters', () => {
    for (const [hash, text] of [
      ['a'.repeat(64), '{"decision":"approve","reasons":[]}'],
      ['', '{}'],
      ['h', `{"note":"é ∑ 🚀 日本 \\u0000","pad":"${'x'.repeat(9000)}"}`],
    ] as const) {
      expect(readSettledDecision(settledDecision(hash, text))).toEqual({ requestHash: hash, responseText: text });
    }
  });
});
