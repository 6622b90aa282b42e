import { describe, expect, it } from 'vitest';
import { DecisionCache } from './decision-cache.ts';
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
  it('returns the stored decision for a replay and forgets the oldest beyond capacity', () => {
    const c = new DecisionCache<string>(2);
    c.set('p', 'o1', { requestHash: 'h1', response: 'approve' });
    c.set('p', 'o2', { requestHash: 'h2', response: 'reject' });
    expect(c.get('p', 'o1')?.response).toBe('approve');
    c.set('p', 'o3', { requestHash: 'h3', response: 'approve' });
    expect(c.get('p', 'o1')).toBeUndefined();
    expect(c.get('q', 'o2')).toBeUndefined();
    expect(c.size).toBe(2);
  });

  it('replaces a value in place only while the entry still holds the expected one', () => {
    const c = new DecisionCache<string>(2);
    c.set('p', 'o1', { requestHash: 'h1', response: 'pending' });
    c.set('p', 'o2', { requestHash: 'h2', response: 'pending' });
    c.replace('p', 'o1', 'pending', 'approve');
    expect(c.get('p', 'o1')).toEqual({ requestHash: 'h1', response: 'approve' });
    c.replace('p', 'o1', 'pending', 'reject'); // no longer pending: unchanged
    expect(c.get('p', 'o1')?.response).toBe('approve');
    c.set('p', 'o3', { requestHash: 'h3', response: 'x' }); // o1 is still the oldest: replace kept its age
    expect(c.get('p', 'o1')).toBeUndefined();
    expect(c.get('p', 'o2')?.response).toBe('pending');
  });
});
