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

  it('matches the scalar kernel across blocks where options leave the fast path (ranges of the tables, expiry, zero vol, NaN)', () => {
    // every 7th option is outside one of the fast-path ranges; 1,000 options span four blocks of 256
    const unusual: BatchOption[] = [
      { call: true, spot: 100, moneyness: 0.4, timeToExpiryYears: 1, volatility: 0.3, rate: 0.02, dividendYield: 0.01 }, // S/K > 2
      { call: false, spot: 100, moneyness: 2.5, timeToExpiryYears: 1, volatility: 0.3, rate: 0.02, dividendYield: 0.01 }, // S/K < 0.5
      { call: true, spot: 100, moneyness: 1.1, timeToExpiryYears: 30, volatility: 0.4, rate: 0.09, dividendYield: 0 }, // rT > 2
      { call: false, spot: 100, moneyness: 0.9, timeToExpiryYears: 25, volatility: 0.4, rate: 0.01, dividendYield: 0.1 }, // qT > 2
      { call: true, spot: 100, moneyness: 0.7, timeToExpiryYears: 0.01, volatility: 0.05, rate: 0.02, dividendYield: 0 }, // d1 > 10
      { call: false, spot: 100, moneyness: 1.3, timeToExpiryYears: 0.01, volatility: 0.05, rate: 0.02, dividendYield: 0 }, // d2 < -10
      { call: true, spot: 100, moneyness: 1, timeToExpiryYears: 0, volatility: 0.3, rate: 0.02, dividendYield: 0 }, // expired
      { call: false, spot: 100, moneyness: 1.2, timeToExpiryYears: 1, volatility: 0, rate: 0.02, dividendYield: 0.01 }, // zero vol
      { call: true, spot: 100, moneyness: 1, timeToExpiryYears: 1, volatility: -0.2, rate: 0.02, dividendYield: 0 }, // negative vol
    ];
    const options = fc.sample(option, { numRuns: 1_000, seed: 42 }).map((o, i) => (i % 7 === 3 ? unusual[(i / 7 | 0) % unusual.length]! : o));
    const input = toBatch(options);
    const out = createBsmBatchOutput(options.length);
    bsmGreeksBatch(input, out);
    options.forEach((o, i) => {
      const g = bsmGreeks({
        kind: o.call ? 'call' : 'put', spot: input.spot[i]!, strike: input.strike[i]!, timeToExpiryYears: o.timeToExpiryYears,
        volatility: o.volatility, rate: o.rate, dividendYield: o.dividendYield,
      });
      const scale = Math.max(input.spot[i]!, input.strike[i]!) * Math.max(1, o.timeToExpiryYears);
      expect([i, close(out.price[i]!, g.price, scale), close(out.delta[i]!, g.delta, 1), close(out.gamma[i]!, g.gamma, 1e-3),
        close(out.vega[i]!, g.vega, scale), close(out.theta[i]!, g.theta, scale), close(out.rho[i]!, g.rho, scale),
        close(out.dividendRho[i]!, g.dividendRho, scale)]).toEqual([i, true, true, true, true, true, true, true]);
    });
    // NaN in, NaN out, as the scalar kernel
    const nan = toBatch([{ call: true, spot: Number.NaN, moneyness: 1, timeToExpiryYears: 1, volatility: 0.2, rate: 0, dividendYield: 0 }]);
    const nanOut = createBsmBatchOutput(1);
    bsmGreeksBatch(nan, nanOut);
    expect(nanOut.price[0]).toBeNaN();
    expect(nanOut.delta[0]).toBeNaN();
  });

  it('agrees with the scalar kernel to 1e-12 on the benchmark workload (bench/pricing-bench.ts)', () => {
    // S 20..500, K = S x 0.8..1.2, 20..730 days, vol 15..60 %, q 0..3 %, r 4 %: all on the fast path
    const u = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { numRuns: 6 * 20_000, seed: 7 });
    const options: BatchOption[] = Array.from({ length: 20_000 }, (_, i) => ({
      spot: 20 + 480 * u[6 * i]!, moneyness: 0.8 + 0.4 * u[6 * i + 1]!, timeToExpiryYears: (20 + 710 * u[6 * i + 2]!) / 365,
      volatility: 0.15 + 0.45 * u[6 * i + 3]!, dividendYield: 0.03 * u[6 * i + 4]!, rate: 0.04, call: u[6 * i + 5]! < 0.5,
    }));
    const input = toBatch(options);
    const out = createBsmBatchOutput(options.length);
    bsmGreeksBatch(input, out);
    let worstPrice = 0; let worstGreek = 0;
    options.forEach((o, i) => {
      const g = bsmGreeks({
        kind: o.call ? 'call' : 'put', spot: input.spot[i]!, strike: input.strike[i]!, timeToExpiryYears: o.timeToExpiryYears,
        volatility: o.volatility, rate: o.rate, dividendYield: o.dividendYield,
      });
      const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
      // price relative to itself or, where it is (nearly) zero, to 1e-6 S; theta relative to the
      // sum of its three terms' sizes, which cancel (theta crosses zero)
      const t = o.timeToExpiryYears;
      const thetaTerms = (g.vega * o.volatility) / (2 * t) + (o.rate * Math.abs(g.rho) + o.dividendYield * Math.abs(g.dividendRho)) / t;
      worstPrice = Math.max(worstPrice, Math.abs(out.price[i]! - g.price) / Math.max(g.price, 1e-6 * input.spot[i]!));
      worstGreek = Math.max(worstGreek, Math.abs(out.delta[i]! - g.delta), rel(out.gamma[i]!, g.gamma), rel(out.vega[i]!, g.vega),
        Math.abs(out.theta[i]! - g.theta) / thetaTerms, rel(out.rho[i]!, g.rho), rel(out.dividendRho[i]!, g.dividendRho));
    });
    expect(worstPrice).toBeLessThan(1e-12);
    expect(worstGreek).toBeLessThan(1e-12);
  });

  it('rejects arrays shorter than the spot array (a programming error)', () => {
    const input = toBatch([{ call: true, spot: 100, moneyness: 1, timeToExpiryYears: 1, volatility: 0.2, rate: 0, dividendYield: 0 }]);
    expect(() => bsmGreeksBatch(input, createBsmBatchOutput(0))).toThrow(RangeError);
  });
});
