import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bsmGreeks } from './bsm-greeks.ts';
import type { BsmBatchInput } from './bsm-greeks-batch.ts';
import { bsmGreeksBatch, createBsmBatchOutput } from './bsm-greeks-batch.ts';

const option = fc.record({
  call: fc.boolean(),
  spot: fc.double({ min: 1, max: 1000, noNaN: true }),
  moneyness: fc.double({ min: 0.3, max: 3, noNaN: true }),
  timeToExpiryYears: fc.oneof(fc.constant(0), fc.double({ min: 1 / 365, max: 5, noNaN: true })),
  volatility: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2, noNaN: true })),
  rate: fc.double({ min: -0.02, max: 0.15, noNaN: true }),
  dividendYield: fc.double({ min: 0, max: 0.1, noNaN: true }),
});

type BatchOption = typeof option extends fc.Arbitrary<infer T> ? T : never;

function toBatch(options: readonly BatchOption[]): BsmBatchInput {
  return {
    callPutSign: Int8Array.from(options, (o) => (o.call ? 1 : -1)),
    spot: Float64Array.from(options, (o) => o.spot),
    strike: Float64Array.from(options, (o) => o.spot * o.moneyness),
    timeToExpiryYears: Float64Array.from(options, (o) => o.timeToExpiryYears),
    volatility: Float64Array.from(options, (o) => o.volatility),
    rate: Float64Array.from(options, (o) => o.rate),
    dividendYield: Float64Array.from(options, (o) => o.dividendYield),
  };
}

// The two kernels round differently where d1 is ill-conditioned (tiny sigma sqrt T amplifies the
// rounding of ln(S/K)), so agreement is ~1e-12 relative rather than a few ulps.
const close = (a: number, b: number, scale: number): boolean => Math.abs(a - b) <= 1e-11 * Math.abs(b) + 1e-15 * scale;

describe('bsmGreeksBatch', () => {
  it('writes the same price and first-order Greeks as the scalar kernel, option by option', () => {
    fc.assert(fc.property(fc.array(option, { minLength: 1, maxLength: 40 }), (options) => {
      const input = toBatch(options);
      const out = createBsmBatchOutput(options.length);
      bsmGreeksBatch(input, out);
      return options.every((o, i) => {
        const g = bsmGreeks({
          kind: o.call ? 'call' : 'put', spot: input.spot[i]!, strike: input.strike[i]!, timeToExpiryYears: o.timeToExpiryYears,
          volatility: o.volatility, rate: o.rate, dividendYield: o.dividendYield,
        });
        const scale = Math.max(input.spot[i]!, input.strike[i]!) * Math.max(1, o.timeToExpiryYears);
        return close(out.price[i]!, g.price, scale) && close(out.delta[i]!, g.delta, 1) && close(out.gamma[i]!, g.gamma, 1e-3)
          && close(out.vega[i]!, g.vega, scale) && close(out.theta[i]!, g.theta, scale) && close(out.rho[i]!, g.rho, scale)
          && close(out.dividendRho[i]!, g.dividendRho, scale);
      });
    }), { numRuns: 300 });
  });

  it('rejects arrays shorter than the spot array (a programming error)', () => {
    const input = toBatch([{ call: true, spot: 100, moneyness: 1, timeToExpiryYears: 1, volatility: 0.2, rate: 0, dividendYield: 0 }]);
    expect(() => bsmGreeksBatch(input, createBsmBatchOutput(0))).toThrow(RangeError);
  });
});
