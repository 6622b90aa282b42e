import type { OptionParams } from '../pricing/option-types.ts';
import type { RevaluationBook } from './revaluation-book.ts';

/** Option j of the book as the pricing kernels' named parameters, at the given spot. */
export function bookOptionParams(book: RevaluationBook, j: number, spot: number): OptionParams {
  return {
    kind: book.optionIsCall[j] === 1 ? 'call' : 'put', spot, strike: book.optionStrike[j]!,
    timeToExpiryYears: book.optionTimeYears[j]!, volatility: book.optionVolatility[j]!,
    rate: book.optionRate[j]!, dividendYield: book.optionDividendYield[j]!,
  };
}
