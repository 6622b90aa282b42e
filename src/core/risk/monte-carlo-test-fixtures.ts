/**
 * Small books and covariance matrices for the Monte Carlo tests (test support only; pure).
 */
import { createRevaluationBook } from './revaluation-book.ts';
import type { RevaluationBook } from './revaluation-book.ts';

export interface TestOption {
  readonly underlying: number;
  readonly kind: 'call' | 'put';
  readonly strike: number;
  readonly days: number;
  readonly volatility: number;
  /** Signed units of the underlying (contracts x multiplier). */
  readonly units: number;
  readonly american?: boolean;
}

export function testBook({
  spots,
  stockUnits = spots.map(() => 0),
  options = [],
  rate = 0.04,
  dividendYield = 0.01,
}: {
  spots: readonly number[];
  stockUnits?: readonly number[];
  options?: readonly TestOption[];
  rate?: number;
  dividendYield?: number;
}): RevaluationBook {
  const book = createRevaluationBook(spots.map((_, i) => `S${i}`), options.length);
  spots.forEach((s, i) => {
    book.spots[i] = s;
    book.stockUnits[i] = stockUnits[i] ?? 0;
    book.dividendYields[i] = dividendYield;
  });
  options.forEach((o, k) => {
    book.optionUnderlying[k] = o.underlying;
    book.optionIsCall[k] = o.kind === 'call' ? 1 : 0;
    book.optionIsAmerican[k] = o.american === true ? 1 : 0;
    book.optionStrike[k] = o.strike;
    book.optionTimeYears[k] = o.days / 365;
    book.optionVolatility[k] = o.volatility;
    book.optionRate[k] = rate;
    book.optionDividendYield[k] = dividendYield;
    book.optionUnits[k] = o.units;
    book.optionPosition[k] = k;
  });
  return book;
}

/** Sigma_ij = sd_i sd_j (i == j ? 1 : rho): daily log-return covariance, flat row-major. */
export function testCovariance(sd: readonly number[], rho: number): Float64Array {
  const d = sd.length;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[i * d + j] = sd[i]! * sd[j]! * (i === j ? 1 : rho);
  return cov;
}

/** A mixed book on three underlyings: stock, European and American calls and puts, one short-dated. */
export function mixedTestBook(): { book: RevaluationBook; dailyCovariance: Float64Array } {
  return {
    book: testBook({
      spots: [100, 250, 40],
      stockUnits: [1_000, -400, 2_500],
      options: [
        { underlying: 0, kind: 'call', strike: 105, days: 30, volatility: 0.25, units: 2_000 },
        { underlying: 0, kind: 'put', strike: 95, days: 90, volatility: 0.3, units: -1_500 },
        { underlying: 1, kind: 'put', strike: 240, days: 45, volatility: 0.35, units: 800, american: true },
        { underlying: 1, kind: 'call', strike: 260, days: 365, volatility: 0.3, units: -500 },
        { underlying: 2, kind: 'call', strike: 40, days: 3, volatility: 0.4, units: 3_000 },
        { underlying: 2, kind: 'put', strike: 38, days: 60, volatility: 0.45, units: 4_000, american: true },
      ],
    }),
    dailyCovariance: testCovariance([0.015, 0.02, 0.03], 0.4),
  };
}
