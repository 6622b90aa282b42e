/**
 * Order statistics without a full sort: VaR, ES and their intervals read only the lowest few
 * percent of the path P&L, so a selection (O(n)) plus a sort of that head replaces the sort of
 * all paths.
 */

/**
 * Rearranges values[0, count) so that values[k] holds the k-th smallest (0-based), everything
 * before it is <= and everything after it >= (Hoare partition, median-of-three pivots). NaN-free input.
 */
export function selectInPlace(values: Float64Array, count: number, k: number): void {
  let lo = 0;
  let hi = count - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three moved to values[mid]
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(v: Float64Array, a: number, b: number): void {
  const t = v[a]!;
  v[a] = v[b]!;
  v[b] = t;
}

/**
 * A copy of `values` whose first `head` entries are the `head` smallest in ascending order (the
 * rest follow in no particular order, each >= them): as good as a sorted array for any reader of
 * ranks below `head` only.
 */
export function partialSortAscending(values: Float64Array, head: number): Float64Array {
  const out = Float64Array.from(values);
  const n = out.length;
  const k = Math.min(Math.max(head, 0), n);
  if (k >= n) return out.sort();
  if (k > 0) {
    selectInPlace(out, n, k - 1);
    out.subarray(0, k).sort();
  }
  return out;
}
