import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { empiricalQuantile, snapNearInteger, sortAscending } from './empirical-quantile.ts';
import type { QuantileMethod } from './empirical-quantile.ts';
import { historicalExpectedShortfall } from './historical-expected-shortfall.ts';
import type { EsMethod } from './historical-expected-shortfall.ts';
import { historicalVar } from './historical-var.ts';

const returnsArb = fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 300 }).map((a) => sortAscending(Float64Array.from(a)));
const confidenceArb = fc.double({ min: 0.001, max: 0.9999, noNaN: true });
const METHODS: QuantileMethod[] = ['type7', 'type1', 'floor-index'];
/** ES method and the VaR quantile it is the tail average beyond. */
const PAIRS: [EsMethod, QuantileMethod][] = [
  ['acerbi-tasche', 'type7'],
  ['acerbi-tasche', 'type1'],
  ['tail-mean', 'type7'],
  ['tail-mean', 'type1'],
  ['tail-mean-floor', 'floor-index'],
  ['below-type7-quantile', 'type7'],
];

describe('empirical quantiles', () => {
  const oneToTen = Float64Array.from({ length: 10 }, (_, i) => i + 1);
  it('interpolates linearly between order statistics for type 7 (R quantile(1:10, c(.1,.25,.95)))', () => {
    const got = [0.1, 0.25, 0.95].map((p) => empiricalQuantile({ sorted: oneToTen, probability: p }));
    [1.9, 3.25, 9.55].forEach((want, i) => expect(got[i]).toBeCloseTo(want, 14));
  });
  it('returns an order statistic for type 1 and floor-index, differing only when n p is whole', () => {
    expect(empiricalQuantile({ sorted: oneToTen, probability: 0.25, method: 'type1' })).toBe(3);
    expect(empiricalQuantile({ sorted: oneToTen, probability: 0.25, method: 'floor-index' })).toBe(3);
    expect(empiricalQuantile({ sorted: oneToTen, probability: 0.3, method: 'type1' })).toBe(3);
    expect(empiricalQuantile({ sorted: oneToTen, probability: 0.3, method: 'floor-index' })).toBe(4);
  });
  it('treats n (1 - 0.99) as whole although 1 - 0.99 is not 0.01 in binary', () => {
    const thousand = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(1000 * (1 - 0.99)).not.toBe(10);
    expect(snapNearInteger(1000 * (1 - 0.99))).toBe(10);
    expect(historicalVar({ sortedReturns: thousand, confidence: 0.99, quantileMethod: 'type1' })).toBe(-9);
  });
  it('is monotone in the probability for every method', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (sorted, p, q) => {
        const [lo, hi] = p <= q ? [p, q] : [q, p];
        for (const method of METHODS) {
          expect(empiricalQuantile({ sorted, probability: lo, method })).toBeLessThanOrEqual(empiricalQuantile({ sorted, probability: hi, method }));
        }
      }),
    );
  });
  it('stays within the sample range', () => {
    fc.assert(
      fc.property(returnsArb, fc.double({ min: 0, max: 1, noNaN: true }), (sorted, p) => {
        const q = empiricalQuantile({ sorted, probability: p });
        expect(q).toBeGreaterThanOrEqual(sorted[0]!);
        expect(q).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
      }),
    );
  });
});

describe('historical VaR and ES', () => {
  it('reports losses as positive fractions', () => {
    const sorted = sortAscending(Float64Array.from([0.01, -0.05, 0.02, -0.01, 0.0]));
    expect(historicalVar({ sortedReturns: sorted, confidence: 0.8, quantileMethod: 'type1' })).toBe(0.05);
    expect(historicalExpectedShortfall({ sortedReturns: sorted, confidence: 0.8 })).toBe(0.05);
  });
  it('computes Acerbi-Tasche with the fractional next return', () => {
    // n a = 10 x 0.25 = 2.5: (x1 + x2 + 0.5 x3) / 2.5
    const sorted = Float64Array.from([-0.1, -0.08, -0.06, 0, 0, 0, 0, 0, 0, 0]);
    expect(historicalExpectedShortfall({ sortedReturns: sorted, confidence: 0.75 })).toBeCloseTo((0.1 + 0.08 + 0.5 * 0.06) / 2.5, 15);
    expect(historicalExpectedShortfall({ sortedReturns: sorted, confidence: 0.75, method: 'tail-mean' })).toBeCloseTo(0.08, 15);
    expect(historicalExpectedShortfall({ sortedReturns: sorted, confidence: 0.75, method: 'tail-mean-floor' })).toBeCloseTo(0.09, 15);
  });
  it('never reports ES below the VaR it extends, in floating point', () => {
    fc.assert(
      fc.property(returnsArb, confidenceArb, (sorted, confidence) => {
        for (const [method, quantileMethod] of PAIRS) {
          const es = historicalExpectedShortfall({ sortedReturns: sorted, confidence, method });
          expect(es).toBeGreaterThanOrEqual(historicalVar({ sortedReturns: sorted, confidence, quantileMethod }));
        }
      }),
      { numRuns: 300 },
    );
  });
  it('gives VaR and ES non-decreasing in confidence', () => {
    fc.assert(
      fc.property(returnsArb, confidenceArb, confidenceArb, (sorted, c1, c2) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        for (const quantileMethod of METHODS) {
          expect(historicalVar({ sortedReturns: sorted, confidence: lo, quantileMethod })).toBeLessThanOrEqual(
            historicalVar({ sortedReturns: sorted, confidence: hi, quantileMethod }),
          );
        }
        for (const [method] of PAIRS) {
          expect(historicalExpectedShortfall({ sortedReturns: sorted, confidence: lo, method })).toBeLessThanOrEqual(
            historicalExpectedShortfall({ sortedReturns: sorted, confidence: hi, method }) + 1e-15,
          );
        }
      }),
      { numRuns: 300 },
    );
  });
  it('rejects a confidence given in percent', () => {
    expect(() => historicalVar({ sortedReturns: Float64Array.of(0), confidence: 99 })).toThrow(RangeError);
  });
});
