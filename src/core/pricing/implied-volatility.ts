import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { americanPrice, defaultAmericanMethod, earlyExerciseNeverOptimal } from './american-pricing.ts';
import { americanZeroVolatilityPrice } from './american-zero-volatility.ts';
import { solveNormalisedOtmCall } from './normalised-black.ts';
import type { ExerciseStyle, OptionKind, OptionParams, PricingMethod } from './option-types.ts';
import { intrinsicValue, kindSign } from './option-types.ts';
import { brentRoot } from './brent-root.ts';
import { checkFields, IMPLIED_VOL_RULES } from './validate-option-input.ts';

export interface ImpliedVolatilityInput {
  readonly kind: OptionKind;
  readonly style: ExerciseStyle;
  readonly spot: number;
  readonly strike: number;
  readonly timeToExpiryYears: number;
  readonly rate: number;
  readonly dividendYield: number;
  /** Option premium per one option (multiplier 1), same currency as spot and strike. */
  readonly price: number;
  /** American only: the pricer to invert (default: the default American method). */
  readonly method?: Exclude<PricingMethod, 'bsm'>;
}

export type ImpliedVolatilityErrorCode =
  | 'INVALID_INPUT'
  | 'PRICE_BELOW_INTRINSIC'
  | 'PRICE_ABOVE_UPPER_BOUND'
  | 'NO_TIME_VALUE'
  | 'NO_CONVERGENCE';

export interface ImpliedVolatilityResult {
  /** Annualised volatility as a fraction (0.2 = 20 %). */
  readonly volatility: number;
  /** The pricer inverted: 'bsm' for European (and American where early exercise is worthless). */
  readonly method: PricingMethod;
}

/** Prices within this many ulps of a no-arbitrage bound are treated as on the bound. */
const BOUND_TOLERANCE_ULPS = 8;
const AMERICAN_VOL_CEILING = 20;

/**
 * Implied volatility: the volatility at which the model price equals `price`. European options
 * invert Black-Scholes-Merton exactly (normalised Black, Halley on a bracket; the price is
 * reproduced to ~1e-14 relative); American options invert the default American pricer
 * ('binomial' lattice, or 'bsm' where early exercise is never optimal) with Brent's method.
 * Prices outside the no-arbitrage bounds or without time value are coded failures.
 */
export function impliedVolatility(input: ImpliedVolatilityInput): Result<number, ImpliedVolatilityErrorCode> {
  const result = impliedVolatilityWithMethod(input);
  return result.ok ? ok(result.value.volatility) : result;
}

export function impliedVolatilityWithMethod(
  input: ImpliedVolatilityInput,
): Result<ImpliedVolatilityResult, ImpliedVolatilityErrorCode> {
  const checked = checkFields(input, IMPLIED_VOL_RULES);
  if (!checked.ok) return checked;
  if (!(input.timeToExpiryYears > 0)) {
    return fail('NO_TIME_VALUE', 'an expired option has no time value and no implied volatility');
  }
  const params: OptionParams = { ...input, volatility: 0 };
  if (input.style === 'american' && !earlyExerciseNeverOptimal(params)) return americanImpliedVolatility(params, input.price, input.method);
  const european = europeanImpliedVolatility(params, input.price);
  return european.ok ? ok({ volatility: european.value, method: 'bsm' }) : european;
}

function europeanImpliedVolatility(params: OptionParams, price: number): Result<number, ImpliedVolatilityErrorCode> {
  const { kind, spot, strike, timeToExpiryYears: t, rate, dividendYield: q } = params;
  const w = kindSign(kind);
  const fwdSpot = spot * Math.exp(-q * t);
  const fwdStrike = strike * Math.exp(-rate * t);
  const lower = Math.max(w * (fwdSpot - fwdStrike), 0);
  const upper = kind === 'call' ? fwdSpot : fwdStrike;
  const bounds = checkBounds(price, lower, upper, Math.max(fwdSpot, fwdStrike), 'the discounted forward intrinsic value');
  if (!bounds.ok) return bounds;
  // In-the-money prices become out-of-the-money ones by put-call parity: b(-|x|, s) = beta.
  const x = Math.log(fwdSpot / fwdStrike);
  const beta = (price - lower) / Math.sqrt(fwdSpot * fwdStrike);
  if (!(beta < Math.exp(-Math.abs(x) / 2))) {
    return fail('PRICE_ABOVE_UPPER_BOUND', 'price is at or above the no-arbitrage upper bound');
  }
  const s = solveNormalisedOtmCall(beta, -Math.abs(x));
  if (!(s > 0 && Number.isFinite(s))) return fail('NO_CONVERGENCE', 'implied volatility did not converge', { s });
  return ok(s / Math.sqrt(t));
}

function checkBounds(
  price: number, lower: number, upper: number, scale: number, lowerName: string,
): Result<void, ImpliedVolatilityErrorCode> {
  const tolerance = BOUND_TOLERANCE_ULPS * Number.EPSILON * scale;
  if (price >= upper) {
    return fail('PRICE_ABOVE_UPPER_BOUND', `price ${price} is at or above the no-arbitrage upper bound ${upper}`, { upper });
  }
  if (price < lower - tolerance) {
    return fail('PRICE_BELOW_INTRINSIC', `price ${price} is below ${lowerName} ${lower}`, { lower });
  }
  if (price <= lower + tolerance) {
    return fail('NO_TIME_VALUE', `price ${price} has no time value over ${lowerName} ${lower}`, { lower });
  }
  return ok(undefined);
}

function americanImpliedVolatility(params: OptionParams, price: number, requested?: Exclude<PricingMethod, 'bsm'>): Result<ImpliedVolatilityResult, ImpliedVolatilityErrorCode> {
  const { kind, spot, strike } = params;
  const intrinsic = intrinsicValue(kind, spot, strike);
  const upper = kind === 'call' ? spot : strike;
  const scale = Math.max(spot, strike);
  if (price < intrinsic - BOUND_TOLERANCE_ULPS * Number.EPSILON * scale) {
    return fail('PRICE_BELOW_INTRINSIC', `price ${price} is below the intrinsic value ${intrinsic}`, { lower: intrinsic });
  }
  // The zero-volatility value (optimal deterministic exercise) is the floor of the American price.
  const floor = americanZeroVolatilityPrice(params);
  const bounds = checkBounds(price, floor, upper, scale, 'the zero-volatility (early-exercise) value');
  if (!bounds.ok) return bounds;
  const method = requested ?? defaultAmericanMethod(params);
  const excess = (vol: number): number => americanPrice({ ...params, volatility: vol }, method) - price;
  // European implied vol bounds the American one from above when it exists; else search upwards.
  const european = europeanImpliedVolatility(params, price);
  let hi = european.ok ? Math.max(european.value, 1e-4) : 1;
  let fHi = excess(hi);
  while (fHi < 0 && hi < AMERICAN_VOL_CEILING) {
    hi = Math.min(2 * hi, AMERICAN_VOL_CEILING);
    fHi = excess(hi);
  }
  if (fHi < 0) return fail('PRICE_ABOVE_UPPER_BOUND', `no volatility up to ${AMERICAN_VOL_CEILING} reaches price ${price}`);
  const root = brentRoot(excess, 0, hi, floor - price, fHi, 1e-12, 100);
  if (root === undefined) return fail('NO_CONVERGENCE', 'American implied volatility did not converge');
  return ok({ volatility: root, method });
}
