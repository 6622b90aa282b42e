import { revalueBook, unitSpotFactors, type BookShock } from './revalue-book.ts';
import type { RevaluationBook } from './revaluation-book.ts';

export const DEFAULT_SPOT_MOVES = [-0.3, -0.2, -0.15, -0.1, -0.05, 0, 0.05, 0.1, 0.15, 0.2, 0.3] as const;
export const DEFAULT_VOL_MOVES = [-0.5, -0.25, 0, 0.25, 0.5, 1] as const;

export interface ScenarioGrid {
  /** Relative spot moves (S' = S (1 + move)). */
  readonly spotMoves: readonly number[];
  /** Relative volatility moves (sigma' = sigma (1 + move)). */
  readonly volMoves: readonly number[];
  /** pnl[i][j]: P&L for spotMoves[i] and volMoves[j], base currency, versus the base value now. */
  readonly pnl: number[][];
  /** Same moves after one calendar day has passed (options one day older). */
  readonly pnlNextDay: number[][];
  readonly baseValue: number;
}

/**
 * P&L over spot x volatility moves for one underlying, or for the whole market with each
 * underlying moved by beta x the market move (`betas` aligned with book.underlyings; 1 when unknown).
 */
export function scenarioGrid(args: {
  book: RevaluationBook; target: { underlying: string } | { market: true; betas: Float64Array };
  spotMoves?: readonly number[]; volMoves?: readonly number[];
}): ScenarioGrid {
  const { book } = args;
  const spotMoves = args.spotMoves ?? DEFAULT_SPOT_MOVES;
  const volMoves = args.volMoves ?? DEFAULT_VOL_MOVES;
  const baseValue = revalueBook(book, { spotFactors: unitSpotFactors(book) });
  const factorsFor = (move: number): Float64Array => {
    const f = unitSpotFactors(book);
    if ('underlying' in args.target) {
      const u = book.underlyings.indexOf(args.target.underlying);
      if (u >= 0) f[u] = 1 + move;
    } else {
      for (let u = 0; u < f.length; u++) f[u] = Math.max(0, 1 + ((args.target.betas[u] as number) ?? 1) * move);
    }
    return f;
  };
  const grid = (days: number) => spotMoves.map((s) => {
    const spotFactors = factorsFor(s);
    return volMoves.map((v) => {
      const shock: BookShock = { spotFactors, volRelative: v, days };
      return revalueBook(book, shock) - baseValue;
    });
  });
  return { spotMoves, volMoves, pnl: grid(0), pnlNextDay: grid(1), baseValue };
}
