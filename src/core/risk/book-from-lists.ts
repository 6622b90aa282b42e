import type { OptionKind } from '../pricing/option-types.ts';
import type { RevaluationBook } from './revaluation-book.ts';
import { createRevaluationBook } from './revaluation-book.ts';

export interface UnderlyingEntry {
  readonly symbol: string;
  readonly spot: number;
  /** Net shares held; default 0. */
  readonly stockUnits?: number;
  /** Continuous; default 0. */
  readonly dividendYield?: number;
}

export interface OptionEntry {
  /** Index into the underlyings list. */
  readonly underlying: number;
  readonly kind: OptionKind;
  readonly exercise?: 'european' | 'american';
  readonly strike: number;
  readonly timeToExpiryYears: number;
  readonly volatility: number;
  readonly rate: number;
  /** Default: the underlying's dividend yield. */
  readonly dividendYield?: number;
  /** Signed quantity x multiplier. */
  readonly units: number;
  /** Default: the option's index in the list. */
  readonly position?: number;
}

/** A RevaluationBook from readable lists (small books: scenarios, stress tests, fixtures). */
export function bookFromLists({ underlyings, options }: { underlyings: readonly UnderlyingEntry[]; options: readonly OptionEntry[] }): RevaluationBook {
  const book = createRevaluationBook(underlyings.map((u) => u.symbol), options.length);
  underlyings.forEach((u, i) => {
    book.spots[i] = u.spot;
    book.stockUnits[i] = u.stockUnits ?? 0;
    book.dividendYields[i] = u.dividendYield ?? 0;
  });
  options.forEach((o, j) => {
    book.optionUnderlying[j] = o.underlying;
    book.optionIsCall[j] = o.kind === 'call' ? 1 : 0;
    book.optionIsAmerican[j] = o.exercise === 'american' ? 1 : 0;
    book.optionStrike[j] = o.strike;
    book.optionTimeYears[j] = o.timeToExpiryYears;
    book.optionVolatility[j] = o.volatility;
    book.optionRate[j] = o.rate;
    book.optionDividendYield[j] = o.dividendYield ?? underlyings[o.underlying]?.dividendYield ?? 0;
    book.optionUnits[j] = o.units;
    book.optionPosition[j] = o.position ?? j;
  });
  return book;
}
