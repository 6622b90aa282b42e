import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partialSortAscending, selectInPlace } from './monte-carlo-order-statistics.ts';
import { createTailPathStore, offerTailPath, tailPathsOf, tailPathsSuffice, tailRowsAtRanks, taskTailKeep } from './monte-carlo-tail-paths.ts';

// few distinct values, so ties are common
const values = fc.array(fc.integer({ min: -20, max: 20 }).map((v) => v / 4), { minLength: 1, maxLength: 300 });

describe('order statistics without a full sort', () => {
  it('selectInPlace puts the k-th smallest at k with smaller before and larger after', () => {
    fc.assert(fc.property(values, fc.nat(), (xs, kk) => {
      const v = Float64Array.from(xs);
      const k = kk % v.length;
      selectInPlace(v, v.length, k);
      const sorted = Float64Array.from(xs).sort();
      expect(v[k]).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(v[i]).toBeLessThanOrEqual(v[k]!);
      for (let i = k + 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[k]!);
    }));
  });

  it('partialSortAscending sorts the head and keeps every value', () => {
    fc.assert(fc.property(values, fc.nat(), (xs, h) => {
      const head = h % (xs.length + 2);
      const out = partialSortAscending(Float64Array.from(xs), head);
      const sorted = Float64Array.from(xs).sort();
      expect(Array.from(out.subarray(0, head))).toEqual(Array.from(sorted.subarray(0, head)));
      expect(Array.from(Float64Array.from(out).sort())).toEqual(Array.from(sorted));
    }));
  });
});

describe('tail path stores', () => {
  it('the union of per-thread stores holds the global worst paths, found by rank with their shocks', () => {
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 4 }), (xs, keep, threads) => {
      const n = xs.length;
      const d = 2;
      const shocks = Float64Array.from({ length: n * d }, (_, i) => i); // row of path p = [2p, 2p + 1]
      const parts = Array.from({ length: threads }, (_, t) => {
        const store = createTailPathStore({ keep, dimension: d });
        const from = Math.floor((n * t) / threads), to = Math.floor((n * (t + 1)) / threads);
        for (let p = from; p < to; p++) offerTailPath(store, p, xs[p]!, shocks, p * d);
        return tailPathsOf(store);
      });
      parts.forEach((p) => expect(p.pnl.length).toBeLessThanOrEqual(keep));
      // brute force: paths ordered by (P&L, index)
      const order = xs.map((v, p) => ({ v, p })).sort((a, b) => a.v - b.v || a.p - b.p);
      const last = Math.min(keep, n) - 1;
      const rows = tailRowsAtRanks({ parts, ranges: [{ first: 0, last }], dimension: d });
      for (let r = 0; r <= last; r++) expect(rows[r * d]).toBe(2 * order[r]!.p);
    }));
  });

  it('tailPathsSuffice tells exactly when smaller per-thread stores still hold the global worst paths', () => {
    fc.assert(fc.property(values, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 4 }), (xs, keep, taskKeep, threads) => {
      const n = xs.length;
      const need = Math.min(keep, n);
      const parts = Array.from({ length: threads }, (_, t) => {
        const store = createTailPathStore({ keep: taskKeep, dimension: 1 });
        const from = Math.floor((n * t) / threads), to = Math.floor((n * (t + 1)) / threads);
        for (let p = from; p < to; p++) offerTailPath(store, p, xs[p]!, Float64Array.of(p), 0);
        return tailPathsOf(store);
      });
      const order = xs.map((v, p) => ({ v, p })).sort((a, b) => a.v - b.v || a.p - b.p);
      const needed = new Set(order.slice(0, need).map((o) => o.p));
      const held = new Set(parts.flatMap((t) => Array.from(t.pathIndex)));
      const allHeld = [...needed].every((p) => held.has(p));
      const suffice = tailPathsSuffice(parts, order[need - 1]!.v).every(Boolean);
      if (suffice) expect(allHeld).toBe(true); // never a false "enough"
      if (suffice) expect(Array.from(tailRowsAtRanks({ parts, ranges: [{ first: 0, last: need - 1 }], dimension: 1 }))).toEqual(order.slice(0, need).map((o) => o.p));
    }));
  });

  it('taskTailKeep asks for a thread\'s share with a margin, never more than the whole', () => {
    expect(taskTailKeep({ keep: 5_000, taskPathCount: 100_000, pathCount: 100_000 })).toBe(5_000);
    const quarter = taskTailKeep({ keep: 5_000, taskPathCount: 25_000, pathCount: 100_000 });
    expect(quarter).toBeGreaterThan(1_250 + 3 * Math.sqrt(1_250));
    expect(quarter).toBeLessThan(2_500);
  });
});
