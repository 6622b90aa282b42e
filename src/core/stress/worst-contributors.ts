/**
 * The positions that lose most in a scenario: the `count` lowest P&L among option positions and
 * stock entries (one per stock position, or one per underlying when stocks are netted), most
 * negative first. Only losses are listed (P&L < 0). O(P x count), no sort of the whole book.
 */
import type { RevaluationBook } from '../risk/revaluation-book.ts';

export interface Contributor {
  readonly kind: 'option' | 'stock';
  /** The caller's position index; null for a stock netted per underlying. */
  readonly position: number | null;
  readonly underlying: string;
  /** Currency, negative = loss. */
  readonly pnl: number;
}

export function worstContributors({ book, optionPnl, stockPnl, stockPositions, count }: {
  book: RevaluationBook;
  /** Per book option. */
  optionPnl: Float64Array;
  /** Per stock position when stockPositions is given, else per underlying. */
  stockPnl: Float64Array;
  stockPositions?: { readonly underlying: Int32Array; readonly position: Int32Array };
  count: number;
}): Contributor[] {
  if (!(count >= 1)) return [];
  // candidate k < optionCount: option k; else stock entry k - optionCount
  const n = book.optionCount;
  const best: number[] = [];
  const pnlOf = (k: number): number => (k < n ? optionPnl[k]! : stockPnl[k - n]!);
  const total = n + stockPnl.length;
  for (let k = 0; k < total; k++) {
    const x = pnlOf(k);
    if (!(x < 0)) continue;
    if (best.length === count && !(x < pnlOf(best[best.length - 1]!))) continue;
    let at = best.length;
    while (at > 0 && x < pnlOf(best[at - 1]!)) at--;
    best.splice(at, 0, k);
    if (best.length > count) best.pop();
  }
  return best.map((k): Contributor => {
    if (k < n) return { kind: 'option', position: book.optionPosition[k]!, underlying: book.underlyings[book.optionUnderlying[k]!]!, pnl: optionPnl[k]! };
    const s = k - n;
    if (stockPositions === undefined) return { kind: 'stock', position: null, underlying: book.underlyings[s]!, pnl: stockPnl[s]! };
    return { kind: 'stock', position: stockPositions.position[s]!, underlying: book.underlyings[stockPositions.underlying[s]!]!, pnl: stockPnl[s]! };
  });
}
