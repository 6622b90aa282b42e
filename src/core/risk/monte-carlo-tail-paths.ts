/**
 * Keeps the shocks of the `keep` worst paths seen (lowest P&L, ties to the lower path index),
 * streaming: paths are offered in ascending index order; an entry is stored only while it is
 * below the running threshold, and when the store is full the threshold drops to the keep-th
 * smallest P&L held and the entries above it are discarded. Memory: 2 keep paths.
 *
 * Each thread keeps its own worst `keep`; every path among the global worst `keep` is among the
 * worst `keep` of the thread that simulated it, so the union of the threads' stores holds them
 * all: the grid check revalues those paths exactly without regenerating any shocks. A thread
 * may keep fewer (about its share, taskTailKeep: far fewer rows copied); whether that sufficed
 * is known afterwards (tailPathsSuffice) and a thread that fell short is run again.
 */
import { selectInPlace } from './monte-carlo-order-statistics.ts';

export interface TailPathStore {
  readonly keep: number;
  readonly dimension: number;
  count: number;
  /** Offers at or above this P&L are refused. */
  threshold: number;
  readonly pathIndex: Int32Array;
  readonly pnl: Float64Array;
  readonly rows: Float64Array;
  readonly scratch: Float64Array;
}

/** Stored tail paths, trimmed to their count (plain data, transferable). */
export interface TailPaths {
  readonly pathIndex: Int32Array;
  readonly pnl: Float64Array;
  /** Shocks of path pathIndex[k] at rows[k d, (k + 1) d). */
  readonly rows: Float64Array;
  /** Every path the store dropped had a P&L >= this (+Infinity: none dropped). */
  readonly threshold: number;
}

/**
 * How many tail paths a thread simulating `taskPathCount` of `pathCount` paths keeps when the
 * run needs the global worst `keep`: its expected share with a generous margin (25 % + 6
 * binomial sd + 32), never more than `keep`.
 */
export function taskTailKeep({ keep, taskPathCount, pathCount }: { keep: number; taskPathCount: number; pathCount: number }): number {
  const share = (keep * taskPathCount) / pathCount;
  return Math.min(keep, Math.ceil(1.25 * share + 6 * Math.sqrt(share) + 32));
}

/**
 * True when the stores hold every path of P&L <= `valueAtLastRank` (the P&L of the last rank the
 * check needs, from the full P&L vector): each store dropped only paths at or above its threshold.
 */
export function tailPathsSuffice(tails: readonly TailPaths[], valueAtLastRank: number): boolean[] {
  return tails.map((t) => t.threshold > valueAtLastRank);
}

export function createTailPathStore({ keep, dimension }: { keep: number; dimension: number }): TailPathStore {
  const capacity = 2 * Math.max(keep, 1);
  return {
    keep: Math.max(keep, 1), dimension, count: 0, threshold: Number.POSITIVE_INFINITY,
    pathIndex: new Int32Array(capacity), pnl: new Float64Array(capacity),
    rows: new Float64Array(capacity * dimension), scratch: new Float64Array(capacity),
  };
}

/** Offers path `pathIndex` with P&L `pnl` and shocks at `shocks[row, row + d)` (positional: called once per path). */
export function offerTailPath(store: TailPathStore, pathIndex: number, pnl: number, shocks: Float64Array, row: number): void {
  if (!(pnl < store.threshold)) return;
  if (store.count === store.pathIndex.length) compact(store);
  if (!(pnl < store.threshold)) return;
  const k = store.count++;
  const d = store.dimension;
  store.pathIndex[k] = pathIndex;
  store.pnl[k] = pnl;
  for (let u = 0; u < d; u++) store.rows[k * d + u] = shocks[row + u]!;
}

/** Keeps the `keep` lowest (P&L, index) entries, in their order; the threshold becomes the keep-th P&L. */
function compact(store: TailPathStore): void {
  const { keep, dimension: d, pnl } = store;
  store.scratch.set(pnl.subarray(0, store.count));
  selectInPlace(store.scratch, store.count, keep - 1);
  const cut = store.scratch[keep - 1]!;
  let below = 0;
  for (let k = 0; k < store.count; k++) if (pnl[k]! < cut) below++;
  let equalAllowed = keep - below; // entries equal to the cut, lowest path indices first (stored in index order)
  let w = 0;
  for (let k = 0; k < store.count; k++) {
    const v = pnl[k]!;
    if (v < cut || (v === cut && equalAllowed-- > 0)) {
      if (w !== k) {
        store.pathIndex[w] = store.pathIndex[k]!;
        pnl[w] = v;
        store.rows.copyWithin(w * d, k * d, (k + 1) * d);
      }
      w++;
    }
  }
  store.count = w;
  store.threshold = cut;
}

/** The stored paths trimmed to the worst `keep` (copies). */
export function tailPathsOf(store: TailPathStore): TailPaths {
  if (store.count > store.keep) compact(store);
  return {
    pathIndex: store.pathIndex.slice(0, store.count),
    pnl: store.pnl.slice(0, store.count),
    rows: store.rows.slice(0, store.count * store.dimension),
    threshold: store.threshold,
  };
}

/**
 * Shock rows of the paths of global ranks [first, last] (ascending P&L, ties to the lower path
 * index) of each range, found in the stores of several threads (which together hold every path
 * ranked below their `keep`): range by range, rank by rank, d values per path.
 */
export function tailRowsAtRanks({
  parts,
  ranges,
  dimension,
}: {
  parts: readonly TailPaths[];
  ranges: readonly { first: number; last: number }[];
  dimension: number;
}): Float64Array {
  const all = new Float64Array(parts.reduce((s, p) => s + p.pnl.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p.pnl, at);
    at += p.pnl.length;
  }
  const count = ranges.reduce((s, r) => s + r.last - r.first + 1, 0);
  const rows = new Float64Array(count * dimension);
  const scratch = new Float64Array(all.length);
  let written = 0;
  for (const { first, last } of ranges) {
    if (last >= all.length) throw new RangeError(`rank ${last} is beyond the ${all.length} stored tail paths`);
    const lo = valueAtRank(all, scratch, first);
    const hi = valueAtRank(all, scratch, last);
    // the paths valued in [lo, hi], ordered by (P&L, index); those below lo take the ranks before `first`
    const candidates: { pnl: number; index: number; part: number; k: number }[] = [];
    let below = 0;
    parts.forEach((p, part) => {
      for (let k = 0; k < p.pnl.length; k++) {
        const v = p.pnl[k]!;
        if (v < lo) below++;
        else if (v <= hi) candidates.push({ pnl: v, index: p.pathIndex[k]!, part, k });
      }
    });
    candidates.sort((a, b) => a.pnl - b.pnl || a.index - b.index);
    for (let r = first; r <= last; r++) {
      const c = candidates[r - below]!;
      rows.set(parts[c.part]!.rows.subarray(c.k * dimension, (c.k + 1) * dimension), written * dimension);
      written++;
    }
  }
  return rows;
}

function valueAtRank(values: Float64Array, scratch: Float64Array, rank: number): number {
  scratch.set(values);
  selectInPlace(scratch, scratch.length, rank);
  return scratch[rank]!;
}
