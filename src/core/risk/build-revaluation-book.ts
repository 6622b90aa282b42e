import type { Position } from '../portfolio/position.ts';
import { createRevaluationBook, type RevaluationBook } from './revaluation-book.ts';
import type { PositionValuation } from './position-valuation.ts';

/**
 * Flattens the valued positions into a RevaluationBook for the VaR kernels. Failed positions are
 * left out (the report marks itself incomplete). Option volatilities are the ones used in the base
 * valuation, held fixed under spot shocks (sticky strike).
 */
export function buildRevaluationBook(args: {
  positions: readonly Position[]; valuations: readonly PositionValuation[]; rate: number;
  markets: ReadonlyMap<string, { spot: number | null; dividendYield: number }>;
}): RevaluationBook {
  const { positions, valuations, rate, markets } = args;
  const underlyings = [...new Set(valuations.filter((v) => v.status === 'ok').map((v) => v.underlying))].sort();
  const index = new Map(underlyings.map((u, i) => [u, i]));
  const options = valuations.flatMap((v, i) => (v.status === 'ok' && v.option !== null && v.option.timeToExpiryYears > 0 ? [i] : []));
  const book = createRevaluationBook(underlyings, options.length);
  underlyings.forEach((u, i) => {
    const m = markets.get(u);
    book.spots[i] = m?.spot ?? 0;
    book.dividendYields[i] = m?.dividendYield ?? 0;
  });
  valuations.forEach((v) => {
    if (v.status === 'ok' && v.assetClass === 'equity') {
      const u = index.get(v.underlying) as number;
      book.stockUnits[u] = (book.stockUnits[u] as number) + v.quantity;
    }
  });
  options.forEach((positionIndex, k) => {
    const v = valuations[positionIndex] as Extract<PositionValuation, { status: 'ok' }>;
    const instrument = (positions[positionIndex] as Position).instrument;
    if (instrument.type !== 'option' || v.option === null) return;
    const u = index.get(v.underlying) as number;
    book.optionUnderlying[k] = u;
    book.optionIsCall[k] = instrument.kind === 'call' ? 1 : 0;
    book.optionIsAmerican[k] = instrument.exerciseStyle === 'american' ? 1 : 0;
    book.optionStrike[k] = instrument.strike;
    book.optionTimeYears[k] = v.option.timeToExpiryYears;
    book.optionVolatility[k] = v.option.volatility;
    book.optionRate[k] = rate;
    book.optionDividendYield[k] = book.dividendYields[u] as number;
    book.optionUnits[k] = v.quantity * v.multiplier;
    book.optionPosition[k] = positionIndex;
  });
  return book;
}
