import { describe, expect, it } from 'vitest';
import { normalInvCdf, normalPdf } from '../stats/normal-distribution.ts';
import { Xoshiro256StarStar } from '../stats/xoshiro256-star-star.ts';
import { fillNormals } from '../stats/ziggurat-normal.ts';
import { partialSortAscending } from './monte-carlo-order-statistics.ts';
import { summarizePathPnl } from './monte-carlo-statistics.ts';

const summarize = (pnl: Float64Array, confidences: number[], head = pnl.length) =>
  summarizePathPnl({ sortedPnl: partialSortAscending(pnl, head), confidences, navAmount: 1, quantileMethod: 'type7', esMethod: 'acerbi-tasche', histogramBins: 20 });

describe('summarizePathPnl', () => {
  it('the 95 % order-statistic interval covers the true VaR in about 95 % of samples', () => {
    const rng = new Xoshiro256StarStar(5);
    const n = 2_000;
    const trueVar = -normalInvCdf(0.01);
    const reps = 400;
    let covered = 0;
    for (let k = 0; k < reps; k++) {
      const x = new Float64Array(n);
      fillNormals(rng, x);
      const v = summarize(x, [0.99]).var[0]!;
      if (v.interval95.lower <= trueVar && trueVar <= v.interval95.upper) covered++;
    }
    // binomial sd of the coverage count at 95 %: sqrt(400 x 0.95 x 0.05) ~ 4.4; discrete order statistics cover slightly more
    expect(covered / reps).toBeGreaterThan(0.92);
    expect(covered / reps).toBeLessThan(0.99);
  });

  it('standard errors agree with the asymptotic formulas for normal P&L', () => {
    const n = 400_000;
    const x = new Float64Array(n);
    fillNormals(new Xoshiro256StarStar(9), x);
    const s = summarize(x, [0.99]);
    const z = -normalInvCdf(0.01);
    const varSe = Math.sqrt((0.01 * 0.99) / n) / normalPdf(z);
    expect(s.var[0]!.standardError / varSe).toBeGreaterThan(0.85);
    expect(s.var[0]!.standardError / varSe).toBeLessThan(1.15);
    // ES of N(0, 1) at 99 %: phi(z) / 0.01; its tail variance 1 + z ES - ES^2
    const es = normalPdf(z) / 0.01;
    const esSe = Math.sqrt((1 + z * es - es * es + 0.99 * (es - z) ** 2) / (n * 0.01));
    expect(s.expectedShortfall[0]!.standardError / esSe).toBeGreaterThan(0.85);
    expect(s.expectedShortfall[0]!.standardError / esSe).toBeLessThan(1.15);
    expect(Math.abs(s.expectedShortfall[0]!.amount - es)).toBeLessThan(4 * esSe);
  });

  it('reads only the sorted head: a partial sort gives the same numbers as a full sort', () => {
    const x = new Float64Array(10_000);
    fillNormals(new Xoshiro256StarStar(2), x);
    const full = summarize(x, [0.9, 0.99]);
    const partial = summarize(x, [0.9, 0.99], 1_200);
    expect(partial.var).toEqual(full.var);
    expect(partial.expectedShortfall).toEqual(full.expectedShortfall);
    expect(partial.histogram).toEqual(full.histogram);
    expect(partial.pnl.mean).toBeCloseTo(full.pnl.mean, 12); // summed in another order
    expect(full.histogram.counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(full.pnl.min).toBe(Math.min(...x));
  });
});
