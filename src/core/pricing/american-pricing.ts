import { americanBinomial } from './american-binomial.ts';
import { baroneAdesiWhaleyPrice } from './american-baw.ts';
import { bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
import { americanZeroVolatilityPrice } from './american-zero-volatility.ts';
import { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
import type { BumpSizes, SpotPricer } from './bumped-greeks.ts';
import { bumpedGreeks, CLOSED_FORM_BUMPS, LATTICE_BUMPS, withSpotDifferences } from './bumped-greeks.ts';
import type { OptionParams, PricingMethod, RawGreeks } from './option-types.ts';

/**
 * True where early exercise is never optimal, so the American value IS the European (BSM) one:
 * calls with q <= 0 and r >= 0, and (by put-call symmetry) puts with r <= 0 and q >= 0.
 */
export function earlyExerciseNeverOptimal(params: OptionParams): boolean {
  return params.kind === 'call'
    ? params.dividendYield <= 0 && params.rate >= 0
    : params.rate <= 0 && params.dividendYield >= 0;
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

/** American price and all raw Greeks (RawGreeks units) by the given method. */
export function americanGreeks(params: OptionParams, method: PricingMethod): RawGreeks {
  if (method === 'bsm') return bsmGreeks(params);
  const [pricer, bumps] = pricerFor(method);
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
