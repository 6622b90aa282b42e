/**
 * Value and sensitivities of one unit of an option the portfolio does not hold yet, for the
 * pre-trade check (the held ones come with the state, from the latest valuation).
 *
 * Method: European options and American options whose early exercise is never optimal (calls
 * with q <= 0 and r >= 0, puts with r <= 0 and q >= 0): closed-form Black-Scholes-Merton ('bsm').
 * Other American options: Barone-Adesi-Whaley (1987) price, with delta and gamma from central
 * differences in spot (+-1e-4 S), vega from +-1e-4 in volatility and theta from +-1e-4 years
 * (seven BAW prices, 'baw-bumped'). Volatility is the underlying's ATM implied volatility.
 */
import { EXPIRY_CLOSE_UTC_HOUR } from '../market/market-snapshot.ts';
import { baroneAdesiWhaleyPrice } from '../pricing/american-baw.ts';
import { earlyExerciseNeverOptimal } from '../pricing/american-pricing.ts';
import { bsmGreeks } from '../pricing/bsm-greeks.ts';
import { CLOSED_FORM_BUMPS } from '../pricing/bumped-greeks.ts';
import type { ExerciseStyle, OptionParams } from '../pricing/option-types.ts';

export type NewOptionMethod = 'bsm' | 'baw-bumped';

export interface NewOptionUnitGreeks {
  /** Currency per unit (per option on one unit of the underlying). */
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
  readonly method: NewOptionMethod;
}

export function newOptionUnitGreeks(params: OptionParams & { readonly style: ExerciseStyle }): NewOptionUnitGreeks {
  if (params.style === 'european' || earlyExerciseNeverOptimal(params)) {
    const g = bsmGreeks(params);
    return { price: g.price, delta: g.delta, gamma: g.gamma, vegaPerVolPoint: g.vega * 0.01, thetaPerDay: g.theta / 365, method: 'bsm' };
  }
  const p: OptionParams = { kind: params.kind, spot: params.spot, strike: params.strike, timeToExpiryYears: params.timeToExpiryYears, volatility: params.volatility, rate: params.rate, dividendYield: params.dividendYield };
  const mid = baroneAdesiWhaleyPrice(p);
  const h = p.spot * CLOSED_FORM_BUMPS.spotRelative;
  const up = baroneAdesiWhaleyPrice({ ...p, spot: p.spot + h });
  const down = baroneAdesiWhaleyPrice({ ...p, spot: p.spot - h });
  const hv = Math.min(CLOSED_FORM_BUMPS.volatility, p.volatility / 2);
  const vega = (baroneAdesiWhaleyPrice({ ...p, volatility: p.volatility + hv }) - baroneAdesiWhaleyPrice({ ...p, volatility: p.volatility - hv })) / (2 * hv);
  const ht = Math.min(CLOSED_FORM_BUMPS.timeYears, p.timeToExpiryYears / 2);
  const theta = -(baroneAdesiWhaleyPrice({ ...p, timeToExpiryYears: p.timeToExpiryYears + ht }) - baroneAdesiWhaleyPrice({ ...p, timeToExpiryYears: p.timeToExpiryYears - ht })) / (2 * ht);
  return { price: mid, delta: (up - down) / (2 * h), gamma: (up - 2 * mid + down) / (h * h), vegaPerVolPoint: vega * 0.01, thetaPerDay: theta / 365, method: 'baw-bumped' };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Epoch ms of the close (EXPIRY_CLOSE_UTC_HOUR UTC) of a `YYYY-MM-DD` expiry; NaN for anything
 * that is not a calendar date. Allocation-free (the pre-trade hot path calls it per option leg).
 */
export function expiryCloseMs(expiry: string): number {
  if (expiry.length !== 10 || expiry.charCodeAt(4) !== 45 || expiry.charCodeAt(7) !== 45) return Number.NaN;
  const y = digits(expiry, 0, 4); const m = digits(expiry, 5, 2); const d = digits(expiry, 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1) return Number.NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > DAYS_IN_MONTH[m - 1]! + (m === 2 && leap ? 1 : 0)) return Number.NaN;
  return Date.UTC(y, m - 1, d, EXPIRY_CLOSE_UTC_HOUR);
}
