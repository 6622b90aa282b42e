/**
 * Value and sensitivities of one unit of an option the portfolio does not hold yet, for the
 * pre-trade check (the held ones come with the state, from the latest valuation).
 *
 * Method: European options and American options whose early exercise is never optimal (calls
 * with q <= 0 and r >= q, puts with r <= 0 and q >= r): closed-form Black-Scholes-Merton ('bsm').
 * Other American options: Bjerksund-Stensland (2002), as the risk engine values held American
 * positions (ADR 0008), with delta and gamma from central differences in spot (+-1e-4 S), vega
 * from +-1e-4 in volatility and theta from +-1e-4 years (seven prices, 'bs2002-bumped').
 * Volatility is the underlying's ATM implied volatility. Where the approximation does not apply
 * (some negative-rate cases) every value is NaN with `error` saying why: the order is rejected
 * (PRICING_FAILED) rather than priced on the lattice, milliseconds an order.
 */
import { EXPIRY_CLOSE_UTC_HOUR } from '../market/market-snapshot.ts';
import { bjerksundStensland2002Approximation } from '../pricing/american-bjerksund-stensland.ts';
import { earlyExerciseNeverOptimal } from '../pricing/american-pricing.ts';
import { bsmGreeks } from '../pricing/bsm-greeks.ts';
import { CLOSED_FORM_BUMPS } from '../pricing/bumped-greeks.ts';
import type { ExerciseStyle, OptionParams } from '../pricing/option-types.ts';

export type NewOptionMethod = 'bsm' | 'bs2002-bumped';

export interface NewOptionUnitGreeks {
  /** Currency per unit (per option on one unit of the underlying). */
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vegaPerVolPoint: number;
  readonly thetaPerDay: number;
  readonly method: NewOptionMethod;
  /** Why the values are NaN, when they are. */
  readonly error?: string;
}

export function newOptionUnitGreeks(params: OptionParams & { readonly style: ExerciseStyle }): NewOptionUnitGreeks {
  if (params.style === 'european' || earlyExerciseNeverOptimal(params)) {
    const g = bsmGreeks(params);
    return { price: g.price, delta: g.delta, gamma: g.gamma, vegaPerVolPoint: g.vega * 0.01, thetaPerDay: g.theta / 365, method: 'bsm' };
  }
  const p: OptionParams = { kind: params.kind, spot: params.spot, strike: params.strike, timeToExpiryYears: params.timeToExpiryYears, volatility: params.volatility, rate: params.rate, dividendYield: params.dividendYield };
  let error: string | undefined;
  const price = (q: OptionParams): number => {
    const r = bjerksundStensland2002Approximation(q);
    if (r.ok) return r.value;
    error ??= r.error.message;
    return Number.NaN;
  };
  const mid = price(p);
  const h = p.spot * CLOSED_FORM_BUMPS.spotRelative;
  const up = price({ ...p, spot: p.spot + h });
  const down = price({ ...p, spot: p.spot - h });
  const hv = Math.min(CLOSED_FORM_BUMPS.volatility, p.volatility / 2);
  const vega = (price({ ...p, volatility: p.volatility + hv }) - price({ ...p, volatility: p.volatility - hv })) / (2 * hv);
  const ht = Math.min(CLOSED_FORM_BUMPS.timeYears, p.timeToExpiryYears / 2);
  const theta = -(price({ ...p, timeToExpiryYears: p.timeToExpiryYears + ht }) - price({ ...p, timeToExpiryYears: p.timeToExpiryYears - ht })) / (2 * ht);
  const out = { price: mid, delta: (up - down) / (2 * h), gamma: (up - 2 * mid + down) / (h * h), vegaPerVolPoint: vega * 0.01, thetaPerDay: theta / 365, method: 'bs2002-bumped' as const };
  return error === undefined ? out : { ...out, error };
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
