/**
 * Spearman rank correlation matrix: Pearson correlation of the column ranks, ties given their
 * average rank (R `cor(method = 'spearman')`, scipy `spearmanr`).
 */
import { correlationMatrix } from './covariance-matrix.ts';
import type { SeriesMatrix } from './series-matrix.ts';

/** Ranks 1..n of `x`, ties averaged. */
export function averageRanks(x: Float64Array): Float64Array {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && x[order[end]!] === x[order[start]!]) end++;
    const rank = (start + end + 1) / 2; // mean of 1-based positions start+1..end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

export function spearmanCorrelationMatrix({ returns }: { returns: SeriesMatrix }): Float64Array {
  const { rows, columns } = returns;
  const ranked = new Float64Array(rows * columns);
  const column = new Float64Array(rows);
  for (let j = 0; j < columns; j++) {
    for (let t = 0; t < rows; t++) column[t] = returns.values[t * columns + j]!;
    const r = averageRanks(column);
    for (let t = 0; t < rows; t++) ranked[t * columns + j] = r[t]!;
  }
  return correlationMatrix({ returns: { values: ranked, rows, columns } });
}
