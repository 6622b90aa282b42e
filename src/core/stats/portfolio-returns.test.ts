import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portfolioReturns } from './portfolio-returns.ts';
import { logReturns, simpleReturns, simpleToLogReturns } from './price-returns.ts';

describe('price and portfolio returns', () => {
  const a = Float64Array.from([100, 110, 99]);
  const b = Float64Array.from([50, 50, 60]);
  it('computes simple and log returns of prices', () => {
    expect(Array.from(simpleReturns(a))).toEqual([110 / 100 - 1, 99 / 110 - 1]);
    expect(Array.from(logReturns(a))).toEqual([Math.log(1.1), Math.log(99 / 110)]);
  });
  it('normalises weights and sums weighted simple returns each day when rebalanced daily', () => {
    const p = portfolioReturns({ assetReturns: [simpleReturns(a), simpleReturns(b)], weights: Float64Array.of(3, 1), rebalance: 'daily' });
    expect(p.simpleReturns[0]).toBeCloseTo(0.75 * 0.1 + 0.25 * 0, 15);
    expect(p.simpleReturns[1]).toBeCloseTo(0.75 * (99 / 110 - 1) + 0.25 * 0.2, 15);
    expect(Array.from(p.endWeights)).toEqual([0.75, 0.25]);
  });
  it('takes the portfolio log return as ln(1 + R_p), which differs from the weighted log returns', () => {
    const p = portfolioReturns({ assetReturns: [simpleReturns(a), simpleReturns(b)], weights: Float64Array.of(0.5, 0.5), rebalance: 'daily' });
    const log = simpleToLogReturns(p.simpleReturns);
    expect(log[1]).toBeCloseTo(Math.log(1 + 0.5 * (99 / 110 - 1) + 0.5 * 0.2), 15);
    const weightedLogs = 0.5 * Math.log(99 / 110) + 0.5 * Math.log(1.2);
    expect(Math.abs(log[1]! - weightedLogs)).toBeGreaterThan(1e-3);
  });
  it('lets buy-and-hold weights drift with prices and end at w_i P_i,T / P_i,0 / V_T', () => {
    const p = portfolioReturns({ assetReturns: [simpleReturns(a), simpleReturns(b)], weights: Float64Array.of(0.5, 0.5), rebalance: 'buy-and-hold' });
    const v = [1, 0.5 * 1.1 + 0.5, 0.5 * 0.99 + 0.5 * 1.2];
    expect(p.simpleReturns[1]).toBeCloseTo(v[2]! / v[1]! - 1, 15);
    expect(p.endWeights[0]).toBeCloseTo((0.5 * 0.99) / v[2]!, 15);
  });
  it('keeps end weights summing to 1 and equals daily rebalancing for a single asset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -0.3, max: 0.3, noNaN: true }), fc.double({ min: -0.3, max: 0.3, noNaN: true })), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (rows, w) => {
          const r1 = Float64Array.from(rows, (r) => r[0]), r2 = Float64Array.from(rows, (r) => r[1]);
          const bh = portfolioReturns({ assetReturns: [r1, r2], weights: Float64Array.of(w, 1 - w), rebalance: 'buy-and-hold' });
          expect(bh.endWeights[0]! + bh.endWeights[1]!).toBeCloseTo(1, 12);
          const single = portfolioReturns({ assetReturns: [r1], weights: Float64Array.of(2), rebalance: 'buy-and-hold' });
          single.simpleReturns.forEach((v, t) => expect(v).toBeCloseTo(r1[t]!, 12));
        },
      ),
    );
  });
});
