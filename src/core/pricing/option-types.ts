/**
 * Shared vocabulary of the pricing kernels.
 *
 * Conventions (see docs CONVENTIONS.md, "Options"): continuously compounded `rate` r and
 * `dividendYield` q as fractions per year (0.05 = 5 %), cost of carry b = r - q; `volatility`
 * as a fraction per sqrt(year) (0.2 = 20 %); `timeToExpiryYears` = calendar days / 365 (Act/365F).
 */

export type OptionKind = 'call' | 'put';
export type ExerciseStyle = 'european' | 'american';

/**
 * How a price was obtained:
 * - 'bsm': closed-form Black-Scholes-Merton (European, or American where early exercise is
 *   provably never optimal: calls with q <= 0 and r >= q, puts with r <= 0 and q >= r);
 * - 'baw': Barone-Adesi-Whaley (1987) quadratic approximation;
 * - 'bjerksund-stensland-2002': Bjerksund-Stensland (2002) two-step flat-boundary approximation;
 * - 'binomial': the default American lattice (name kept for compatibility): a BDF2 finite-difference
 *   grid in ln S with exact early exercise at every step, see american-binomial.ts.
 */
export type PricingMethod = 'bsm' | 'baw' | 'bjerksund-stensland-2002' | 'binomial';

export const OPTION_KINDS: readonly OptionKind[] = ['call', 'put'];
export const EXERCISE_STYLES: readonly ExerciseStyle[] = ['european', 'american'];
export const PRICING_METHODS: readonly PricingMethod[] = ['bsm', 'baw', 'bjerksund-stensland-2002', 'binomial'];

/** Inputs of every single-option kernel (one named object, units in the names). */
export interface OptionParams {
  readonly kind: OptionKind;
  readonly spot: number;
  readonly strike: number;
  readonly timeToExpiryYears: number;
  readonly volatility: number;
  readonly rate: number;
  readonly dividendYield: number;
}

/**
 * Raw kernel sensitivities, all per 1.00 of the input ("per unit" units), one option, multiplier 1:
 * - delta = dV/dS, gamma = d2V/dS2 (per 1 of spot);
 * - vega = dV/dsigma per 1.00 of volatility (100 vol points);
 * - theta = dV/dt per YEAR of calendar time passing (= -dV/dT), usually negative;
 * - rho = dV/dr and dividendRho = dV/dq per 1.00 (10,000 bp) of rate;
 * - vanna = d2V/dS dsigma (= d delta / d sigma per 1.00 vol);
 * - volga = d2V/dsigma2 (per 1.00 vol, squared);
 * - charm = d delta / dt per YEAR of calendar time passing (= -d delta / dT).
 * Convert with `toDisplayGreeks` (greek-units.ts) for the per-point / per-day display units.
 */
export interface RawGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly rho: number;
  readonly dividendRho: number;
  readonly vanna: number;
  readonly volga: number;
  readonly charm: number;
}

/** +1 for a call, -1 for a put: the sign that folds call and put formulas into one. */
export const kindSign = (kind: OptionKind): 1 | -1 => (kind === 'call' ? 1 : -1);

/** Intrinsic value max(S - K, 0) for a call, max(K - S, 0) for a put. */
export const intrinsicValue = (kind: OptionKind, spot: number, strike: number): number =>
  Math.max(kindSign(kind) * (spot - strike), 0);

/** Value and Greeks of an expired option: intrinsic value, no sensitivities. */
export function expiredGreeks(kind: OptionKind, spot: number, strike: number): RawGreeks {
  return {
    price: intrinsicValue(kind, spot, strike),
    delta: 0, gamma: 0, vega: 0, theta: 0, rho: 0, dividendRho: 0, vanna: 0, volga: 0, charm: 0,
  };
}
