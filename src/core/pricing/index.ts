/** Public surface of the options pricing core (what src/app and src/api may import). */
export type { ExerciseStyle, OptionKind, OptionParams, PricingMethod, RawGreeks } from './option-types.ts';
export { EXERCISE_STYLES, OPTION_KINDS, PRICING_METHODS } from './option-types.ts';
export type { DisplayGreeks } from './greek-units.ts';
export { OPTION_GREEK_UNITS, toDisplayGreeks } from './greek-units.ts';
export { bsmGreeks, bsmPrice } from './bsm-greeks.ts';
export type { BsmBatchInput, BsmBatchOutput } from './bsm-greeks-batch.ts';
export { bsmGreeksBatch, createBsmBatchOutput } from './bsm-greeks-batch.ts';
export type { Black76Greeks, Black76Params } from './black76.ts';
export { black76Greeks, black76Price } from './black76.ts';
export { baroneAdesiWhaleyPrice } from './american-baw.ts';
export { bjerksundStensland2002Price } from './american-bjerksund-stensland.ts';
export type { LatticeGreeks } from './american-binomial.ts';
export { americanBinomial, DEFAULT_BINOMIAL_STEPS } from './american-binomial.ts';
export { americanGreeks, americanPrice, defaultAmericanMethod, earlyExerciseNeverOptimal } from './american-pricing.ts';
export type { ImpliedVolatilityErrorCode, ImpliedVolatilityInput, ImpliedVolatilityResult } from './implied-volatility.ts';
export { impliedVolatility, impliedVolatilityWithMethod } from './implied-volatility.ts';
export type { PriceOptionErrorCode, PriceOptionInput, PriceOptionOutput } from './price-option.ts';
export { priceOption, priceOptions } from './price-option.ts';
