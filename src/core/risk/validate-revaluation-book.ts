import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import type { RevaluationBook } from './revaluation-book.ts';

export type BookProblemCode = 'INVALID_BOOK';

/**
 * Checks what the risk kernels rely on: array lengths agree with `underlyings` / `optionCount`,
 * option underlyings index into `underlyings`, spots are finite and > 0, strikes > 0, volatilities
 * >= 0, and every other number finite. One O(n) pass; the kernels then trust the book.
 */
export function validateRevaluationBook(book: RevaluationBook): Result<void, BookProblemCode> {
  const u = book.underlyings.length;
  const n = book.optionCount;
  const perUnderlying = { spots: book.spots, stockUnits: book.stockUnits, dividendYields: book.dividendYields };
  for (const [name, a] of Object.entries(perUnderlying)) {
    if (a.length !== u) return fail('INVALID_BOOK', `${name} has length ${a.length}, expected ${u} (one per underlying)`);
  }
  const perOption = {
    optionUnderlying: book.optionUnderlying, optionIsCall: book.optionIsCall, optionIsAmerican: book.optionIsAmerican,
    optionStrike: book.optionStrike, optionTimeYears: book.optionTimeYears, optionVolatility: book.optionVolatility,
    optionRate: book.optionRate, optionDividendYield: book.optionDividendYield, optionUnits: book.optionUnits,
    optionPosition: book.optionPosition,
  };
  for (const [name, a] of Object.entries(perOption)) {
    if (a.length !== n) return fail('INVALID_BOOK', `${name} has length ${a.length}, expected optionCount ${n}`);
  }
  for (let i = 0; i < u; i++) {
    const s = book.spots[i]!;
    if (!(s > 0 && s < Number.POSITIVE_INFINITY)) return fail('INVALID_BOOK', `spot of ${book.underlyings[i]} is ${s}; it must be finite and > 0`);
    if (!Number.isFinite(book.stockUnits[i]!) || !Number.isFinite(book.dividendYields[i]!)) {
      return fail('INVALID_BOOK', `stock units or dividend yield of ${book.underlyings[i]} is not finite`);
    }
  }
  for (let j = 0; j < n; j++) {
    const problem = optionProblem(book, j, u);
    if (problem !== null) return fail('INVALID_BOOK', `option ${j} (position ${book.optionPosition[j]}): ${problem}`);
  }
  return ok(undefined);
}

function optionProblem(book: RevaluationBook, j: number, underlyingCount: number): string | null {
  const u = book.optionUnderlying[j]!;
  if (!(u >= 0 && u < underlyingCount)) return `underlying index ${u} outside 0..${underlyingCount - 1}`;
  if (!(book.optionStrike[j]! > 0 && Number.isFinite(book.optionStrike[j]!))) return `strike ${book.optionStrike[j]} must be finite and > 0`;
  if (!(book.optionVolatility[j]! >= 0 && Number.isFinite(book.optionVolatility[j]!))) return `volatility ${book.optionVolatility[j]} must be finite and >= 0`;
  const finite = [book.optionTimeYears[j]!, book.optionRate[j]!, book.optionDividendYield[j]!, book.optionUnits[j]!];
  if (!finite.every(Number.isFinite)) return 'time to expiry, rate, dividend yield and units must be finite';
  return null;
}
