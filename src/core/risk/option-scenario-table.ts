/**
 * Per-option constants for revaluing a book after spot moves S -> S e^x at a horizon of h years
 * (time to expiry tau' = tau - h), with volatility and rates unchanged. BSM then needs, per
 * option and scenario, only
 *   d1 = a + b x,  d2 = d1 - c,  price = w (A e^x N(w d1) - B N(w d2)),
 * with a = (ln(S/K) + (r - q) tau') / c + c / 2, b = 1 / c, c = sigma sqrt(tau'),
 * A = S e^{-q tau'}, B = K e^{-r tau'}, w = +1 call / -1 put. Calls and puts are priced directly
 * (no parity), so deep out-of-the-money puts keep their relative accuracy. The table stores these
 * in the form the loop uses: on the grid of `tabulatedNormalCdfOnGrid`,
 *   g1 = (w d1 + 10) 128 = gridIntercept + gridSlope x,  g2 = g1 - gridStep,
 *   price = signedForwardSpot e^x N(w d1) - signedDiscountedStrike N(w d2).
 *
 * `path` says which formula revalues each option:
 * - CLOSED_FORM: the BSM formula above;
 * - EXPIRES: tau' <= 0, the option is worth its intrinsic value max(w (S e^x - K), 0);
 * - ZERO_VOLATILITY: sigma sqrt(tau') = 0, worth max(w (A e^x - B), 0), as bsmPrice;
 * - AMERICAN: American options whose early exercise may pay (see earlyExerciseNeverOptimal),
 *   revalued by Bjerksund-Stensland 2002; the others are exactly European.
 * `baseValue` is the per-unit value today (tau, spot S) by the same method as the scenarios
 * (bsmPrice, or BS2002 for AMERICAN), so that P&L carries no method difference.
 */
import { americanPrice, earlyExerciseNeverOptimal } from '../pricing/american-pricing.ts';
import { bsmPrice } from '../pricing/bsm-greeks.ts';
import { bookOptionParams } from './book-option-params.ts';
import type { RevaluationBook } from './revaluation-book.ts';
import { TABULATED_CDF_OFFSET, TABULATED_CDF_SCALE } from '../stats/tabulated-normal-cdf.ts';

export const REVALUATION_PATH = { CLOSED_FORM: 0, EXPIRES: 1, ZERO_VOLATILITY: 2, AMERICAN: 3 } as const;

export interface OptionScenarioTable {
  readonly count: number;
  readonly horizonYears: number;
  readonly path: Uint8Array;
  readonly underlying: Int32Array;
  /** +1 call, -1 put. */
  readonly sign: Float64Array;
  /** Signed units of the underlying per position (quantity x multiplier). */
  readonly units: Float64Array;
  /** (w a + 10) 128. */
  readonly gridIntercept: Float64Array;
  /** w b 128. */
  readonly gridSlope: Float64Array;
  /** w c 128. */
  readonly gridStep: Float64Array;
  /** w S e^{-q tau'}. */
  readonly signedForwardSpot: Float64Array;
  /** w K e^{-r tau'}. */
  readonly signedDiscountedStrike: Float64Array;
  /** Per-unit value today, by the scenario method. */
  readonly baseValue: Float64Array;
}

export function buildOptionScenarioTable({ book, horizonYears }: { book: RevaluationBook; horizonYears: number }): OptionScenarioTable {
  const n = book.optionCount;
  const f = (): Float64Array => new Float64Array(n);
  const table = {
    count: n, horizonYears, path: new Uint8Array(n), underlying: Int32Array.from(book.optionUnderlying), sign: f(), units: f(),
    gridIntercept: f(), gridSlope: f(), gridStep: f(), signedForwardSpot: f(), signedDiscountedStrike: f(), baseValue: f(),
  };
  for (let j = 0; j < n; j++) {
    const spot = book.spots[book.optionUnderlying[j]!]!;
    const params = bookOptionParams(book, j, spot);
    const american = book.optionIsAmerican[j] === 1 && !earlyExerciseNeverOptimal(params);
    const tau = params.timeToExpiryYears - horizonYears;
    const sst = params.volatility * Math.sqrt(Math.max(tau, 0));
    const w = params.kind === 'call' ? 1 : -1;
    table.sign[j] = w;
    table.units[j] = book.optionUnits[j]!;
    table.signedForwardSpot[j] = w * spot * Math.exp(-params.dividendYield * tau);
    table.signedDiscountedStrike[j] = w * params.strike * Math.exp(-params.rate * tau);
    table.baseValue[j] = american ? americanPrice(params, 'bjerksund-stensland-2002') : bsmPrice(params);
    if (american) table.path[j] = REVALUATION_PATH.AMERICAN;
    else if (!(tau > 0)) table.path[j] = REVALUATION_PATH.EXPIRES;
    else if (!(sst > 0)) table.path[j] = REVALUATION_PATH.ZERO_VOLATILITY;
    else {
      table.path[j] = REVALUATION_PATH.CLOSED_FORM;
      const a = (Math.log(spot / params.strike) + (params.rate - params.dividendYield) * tau) / sst + 0.5 * sst;
      table.gridIntercept[j] = (w * a + TABULATED_CDF_OFFSET) * TABULATED_CDF_SCALE;
      table.gridSlope[j] = (w / sst) * TABULATED_CDF_SCALE;
      table.gridStep[j] = w * sst * TABULATED_CDF_SCALE;
    }
  }
  return table;
}
