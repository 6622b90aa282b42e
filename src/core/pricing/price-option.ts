import type { Result } from '../shared/result.ts';
import { fail, ok } from '../shared/result.ts';
import { americanApproximation, americanGreeks, defaultAmericanMethod, earlyExerciseNeverOptimal } from './american-pricing.ts';
import { bsmGreeks } from './bsm-greeks.ts';
import type { DisplayGreeks } from './greek-units.ts';
import { toDisplayGreeks } from './greek-units.ts';
import type { ExerciseStyle, OptionKind, OptionParams, PricingMethod, RawGreeks } from './option-types.ts';
import { checkFields, PRICING_RULES, resolveMethod } from './validate-option-input.ts';

export interface PriceOptionInput {
  readonly kind: OptionKind;
  readonly style: ExerciseStyle;
  readonly spot: number;
  readonly strike: number;
  /** Calendar days / 365 (Act/365F); 0 or less = expired (intrinsic value, no Greeks). */
  readonly timeToExpiryYears: number;
  /** Annualised, as a fraction (0.2 = 20 %). */
  readonly volatility: number;
  /** Continuously compounded, per year, as a fraction. */
  readonly rate: number;
  /** Continuous dividend yield, per year, as a fraction. */
  readonly dividendYield: number;
  /** Defaults: 'bsm' for European; for American 'bsm' where early exercise is never optimal, else 'binomial'. */
  readonly method?: PricingMethod;
}

/** Price and Greeks per one option in DISPLAY units (see OPTION_GREEK_UNITS), and the method used. */
export interface PriceOptionOutput extends DisplayGreeks {
  readonly method: PricingMethod;
}

/**
 * INVALID_INPUT: bad fields; METHOD_NOT_APPLICABLE: the requested approximation ('baw',
 * 'bjerksund-stensland-2002') is outside its domain for these inputs (details: method, reason);
 * PRICING_FAILED: a non-finite result.
 */
export type PriceOptionErrorCode = 'INVALID_INPUT' | 'METHOD_NOT_APPLICABLE' | 'PRICING_FAILED';

/**
 * The single pricing entry point (POST /api/v1/analytics/options/price): validates the input
 * (INVALID_INPUT with every problem in `details`), picks the method, prices, and converts the
 * Greeks to display units: vega per vol point, theta and charm per calendar day, rho and
 * dividend rho per percentage point, vanna per vol point, volga per vol point squared.
 */
export function priceOption(input: PriceOptionInput): Result<PriceOptionOutput, PriceOptionErrorCode> {
  const checked = checkFields(input, PRICING_RULES);
  if (!checked.ok) return checked;
  const params: OptionParams = {
    kind: input.kind,
    spot: input.spot,
    strike: input.strike,
    timeToExpiryYears: input.timeToExpiryYears,
    volatility: input.volatility,
    rate: input.rate,
    dividendYield: input.dividendYield,
  };
  const method = resolveMethod(input.style, input.kind, input.method, defaultAmericanMethod(params), earlyExerciseNeverOptimal(params));
  if (!method.ok) return method;
  if (input.style === 'american' && input.timeToExpiryYears > 0) {
    const check = americanApproximation(params, method.value);
    if (check !== undefined && !check.ok) return check;
  }
  const raw: RawGreeks = input.style === 'european' ? bsmGreeks(params) : americanGreeks(params, method.value);
  const display = toDisplayGreeks(raw);
  const bad = Object.entries(display).filter(([, v]) => !Number.isFinite(v)).map(([k]) => k);
  if (bad.length > 0) {
    return fail('PRICING_FAILED', `method '${method.value}' is undefined for these inputs (non-finite ${bad.join(', ')})`, {
      method: method.value,
      fields: bad,
    });
  }
  return ok({ ...display, method: method.value });
}

/** Prices many options; one failure fails only its own entry. */
export function priceOptions(inputs: readonly PriceOptionInput[]): Array<Result<PriceOptionOutput, PriceOptionErrorCode>> {
  return inputs.map(priceOption);
}
