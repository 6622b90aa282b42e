import { bjerksundStensland2002Price, bsmPrice } from '../pricing/index.ts';
import type { RevaluationBook } from './revaluation-book.ts';

/**
 * One market move applied to a whole book. Spot factors multiply each underlying's spot
 * (S' = S x factor); volatility moves are relative (sigma x (1 + volRelative)) then absolute
 * (+ volAbsolute), floored at 0; the rate moves additively in basis points; `days` of calendar
 * time pass (options age by days / 365).
 */
export interface BookShock {
  readonly spotFactors: Float64Array;
  readonly volRelative?: number;
  readonly volAbsolute?: number;
  readonly rateShiftBp?: number;
  readonly days?: number;
}

/** Revaluation method for American options inside scenario loops (fast and smooth in spot). */
export const SCENARIO_AMERICAN_METHOD = 'bjerksund-stensland-2002';

/**
 * Full revaluation of a book under one shock: stocks linearly, every option by closed form
 * (European: Black-Scholes-Merton; American: Bjerksund-Stensland 2002). Returns the book value
 * (stocks + options, base currency) and fills `optionValues` (per option position) when given.
 */
export function revalueBook(book: RevaluationBook, shock: BookShock, optionValues?: Float64Array): number {
  let value = 0;
  for (let u = 0; u < book.underlyings.length; u++) value += (book.stockUnits[u] as number) * (book.spots[u] as number) * (shock.spotFactors[u] as number);
  const volRel = 1 + (shock.volRelative ?? 0);
  const volAbs = shock.volAbsolute ?? 0;
  const dr = (shock.rateShiftBp ?? 0) / 10_000;
  const dt = (shock.days ?? 0) / 365;
  for (let k = 0; k < book.optionCount; k++) {
    const u = book.optionUnderlying[k] as number;
    const params = {
      kind: book.optionIsCall[k] === 1 ? 'call' as const : 'put' as const,
      spot: (book.spots[u] as number) * (shock.spotFactors[u] as number),
      strike: book.optionStrike[k] as number,
      timeToExpiryYears: (book.optionTimeYears[k] as number) - dt,
      volatility: Math.max(0, (book.optionVolatility[k] as number) * volRel + volAbs),
      rate: (book.optionRate[k] as number) + dr,
      dividendYield: book.optionDividendYield[k] as number,
    };
    const unit = book.optionIsAmerican[k] === 1 ? bjerksundStensland2002Price(params) : bsmPrice(params);
    const v = unit * (book.optionUnits[k] as number);
    if (optionValues !== undefined) optionValues[k] = v;
    value += v;
  }
  return value;
}

export const unitSpotFactors = (book: RevaluationBook): Float64Array => new Float64Array(book.underlyings.length).fill(1);
