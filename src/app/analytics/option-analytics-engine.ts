import {
  defaultAmericanMethod, earlyExerciseNeverOptimal, impliedVolatilityWithMethod, priceOption,
  type ImpliedVolatilityErrorCode, type ImpliedVolatilityInput, type ImpliedVolatilityResult, type PriceOptionErrorCode, type PriceOptionInput, type PriceOptionOutput,
} from '../../core/pricing/index.ts';
import type { Result } from '../../core/shared/result.ts';

export type PriceResult = Result<PriceOptionOutput, PriceOptionErrorCode>;
export type ImpliedVolatilityOutcome = Result<ImpliedVolatilityResult, ImpliedVolatilityErrorCode>;

/**
 * Prices and implied volatilities of many options at once: the analytics routes' kernels, run
 * where they cannot hold up the event loop that answers orders (the worker pool in production;
 * this thread in tests). An American option on the default lattice costs milliseconds a price
 * and ~30 ms with its Greeks, so a request of thousands would otherwise stall the gate for minutes.
 */
export interface OptionAnalyticsEngine {
  price(inputs: readonly PriceOptionInput[]): Promise<PriceResult[]>;
  impliedVolatilities(inputs: readonly ImpliedVolatilityInput[]): Promise<ImpliedVolatilityOutcome[]>;
}

/** The kernels on the calling thread. */
export const inlineOptionAnalytics: OptionAnalyticsEngine = {
  price: async (inputs) => inputs.map(priceOption),
  impliedVolatilities: async (inputs) => inputs.map(impliedVolatilityWithMethod),
};

/**
 * How many options of a request need the default American lattice (an American option, no other
 * method asked for, where early exercise may pay): the costly ones, bounded per request.
 */
export function latticeOptionCount(inputs: ReadonlyArray<{ readonly style: string; readonly kind: string; readonly method?: string | undefined; readonly spot: number; readonly strike: number; readonly timeToExpiryYears: number; readonly rate: number; readonly dividendYield: number; readonly volatility?: number | undefined }>): number {
  let n = 0;
  for (const o of inputs) {
    if (o.style !== 'american' || !(o.timeToExpiryYears > 0)) continue;
    const params = { kind: o.kind === 'call' ? 'call' as const : 'put' as const, spot: o.spot, strike: o.strike, timeToExpiryYears: o.timeToExpiryYears, volatility: o.volatility ?? 0, rate: o.rate, dividendYield: o.dividendYield };
    if (earlyExerciseNeverOptimal(params)) continue;
    if ((o.method ?? defaultAmericanMethod(params)) === 'binomial') n++;
  }
  return n;
}
