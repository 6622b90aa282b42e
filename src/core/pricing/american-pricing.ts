import { americanBinomial } from './american-binomial.ts';
import type { ApproximationResult } from './american-approximation-domain.ts';
import { baroneAdesiWhaleyApproximation, baroneAdesiWhaleyPrice } from './american-baw.ts';
import { bjerksundStensland2002Approximation, bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
import { americanZeroVolatilityPrice } from './american-zero-volatility.ts';
import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import type { BumpSizes, SpotPricer } from './bumped-greeks.ts';
import { bumpedGreeks, CLOSED_FORM_BUMPS, LATTICE_BUMPS, withSpotDifferences } from './bumped-greeks.ts';
import type { OptionParams, PricingMethod, RawGreeks } from './option-types.ts';

/**
 * True where early exercise is never optimal, so the American value IS the European (BSM) one.
 * Exercising a put at S < K can only be optimal where q S <= r K (holding loses to the payoff's
 * drift), impossible when r <= 0 and q >= r (with r < 0 it would need S >= K r / q >= K): puts
 * with r <= 0 and q >= r; by put-call symmetry calls with q <= 0 and r >= q.
 */
export function earlyExerciseNeverOptimal(params: OptionParams): boolean {
  const [rp, qp] = params.kind === 'call' ? [params.dividendYield, params.rate] : [params.rate, params.dividendYield];
  return rp <= 0 && qp >= rp;
}

/** The default American method: exact BSM where early exercise is worthless, else the lattice. */
export function defaultAmericanMethod(params: OptionParams): PricingMethod {
  return earlyExerciseNeverOptimal(params) ? 'bsm' : 'binomial';
}

/**
 * American option price by the given method. 'bsm' gives the European value (exact only where
 * `earlyExerciseNeverOptimal`). Zero volatility uses the deterministic optimum for every method.
 * NaN where the method is undefined for these inputs.
 */
export function americanPrice(params: OptionParams, method: PricingMethod): number {
  if (method === 'bsm') return bsmPrice(params);
  if (params.volatility === 0 && params.timeToExpiryYears > 0) return americanZeroVolatilityPrice(params);
  switch (method) {
    case 'baw': return baroneAdesiWhaleyPrice(params);
    case 'bjerksund-stensland-2002': return bjerksundStensland2002Price(params);
    case 'binomial': return americanBinomial(params).price;
  }
}

/**
 * The approximation's own verdict for an explicitly requested method: its value, or
 * METHOD_NOT_APPLICABLE where it is outside its domain (the lattice and 'bsm' always apply here).
 */
export function americanApproximation(params: OptionParams, method: PricingMethod): ApproximationResult | undefined {
  if (params.volatility === 0) return undefined; // deterministic value for every method
  switch (method) {
    case 'baw': return baroneAdesiWhaleyApproximation(params);
    case 'bjerksund-stensland-2002': return bjerksundStensland2002Approximation(params);
    default: return undefined;
  }
}

/**
 * American price and all raw Greeks (RawGreeks units) by the given method. Where 'baw' or
 * 'bjerksund-stensland-2002' is not applicable at these inputs (americanApproximation fails),
 * every price and Greek comes from the default lattice instead (automatic callers such as the
 * risk engine get a value; explicit requests are refused earlier, in price-option.ts).
 */
export function americanGreeks(params: OptionParams, method: PricingMethod): RawGreeks {
  if (method === 'bsm') return bsmGreeks(params);
  const check = americanApproximation(params, method);
  const [pricer, bumps] = pricerFor(check === undefined || check.ok ? method : 'binomial');
  return bumpedGreeks(zeroVolatilityAware(pricer, bumps), params, bumps);
}

function pricerFor(method: Exclude<PricingMethod, 'bsm'>): [SpotPricer, BumpSizes] {
  switch (method) {
    case 'baw': return [withSpotDifferences(baroneAdesiWhaleyPrice, CLOSED_FORM_BUMPS), CLOSED_FORM_BUMPS];
    case 'bjerksund-stensland-2002': return [withSpotDifferences(bjerksundStensland2002Price, CLOSED_FORM_BUMPS), CLOSED_FORM_BUMPS];
    case 'binomial': return [americanBinomial, LATTICE_BUMPS];
  }
}

function zeroVolatilityAware(pricer: SpotPricer, bumps: BumpSizes): SpotPricer {
  const deterministic = withSpotDifferences(americanZeroVolatilityPrice, bumps);
  return (params) => (params.volatility === 0 && params.timeToExpiryYears > 0 ? deterministic(params) : pricer(params));
}
