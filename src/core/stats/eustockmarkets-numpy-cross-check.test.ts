/**
 * Metrics defined in reference-cases.json `metric_definitions` for which the reference file
 * carries no expected value (drawdowns, matrices, betas vs the equal-weight market, buy-and-hold),
 * checked on the same fixture against numpy 1.24 / scipy 1.10 computations of those definitions:
 *   R = P[1:]/P[:-1] - 1, L = log(P[1:]/P[:-1]); np.cov(R, rowvar=False); np.corrcoef(...);
 *   scipy.stats.spearmanr(R); beta_i = np.cov(R_i, R_m)[0,1] / np.var(R_m, ddof=1), R_m = R.mean(1);
 *   W = concatenate([1], cumprod(1 + r)), DD = W / maximum.accumulate(W) - 1;
 *   buy-and-hold V = (w * P / P[0]).sum(1).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaAlpha } from './beta-alpha.ts';
import { correlationMatrix, covarianceMatrix } from './covariance-matrix.ts';
import { drawdownAnalysis } from './drawdown-analysis.ts';
import { ewmaCovariance } from './ewma-covariance.ts';
import { herfindahlIndex } from './herfindahl-index.ts';
import { compoundAnnualGrowthRate } from './performance-ratios.ts';
import { portfolioReturns } from './portfolio-returns.ts';
import { logReturns, simpleReturns, simpleToLogReturns } from './price-returns.ts';
import { seriesMatrixFromColumns } from './series-matrix.ts';
import { spearmanCorrelationMatrix } from './spearman-correlation.ts';

const csv = readFileSync(new URL('../../../data/fixtures/eustockmarkets.csv', import.meta.url), 'utf8').trim().split('\n');
const dates = csv.slice(1).map((l) => l.split(',')[0]!);
const prices = [1, 2, 3, 4].map((j) => Float64Array.from(csv.slice(1), (l) => Number(l.split(',')[j])));
const simple = prices.map(simpleReturns);
const logs = prices.map(logReturns);
const equalWeights = new Float64Array([0.25, 0.25, 0.25, 0.25]);

function expectClose(got: ArrayLike<number>, want: readonly number[], rel = 1e-12): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i]! - w), `entry ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(1e-15 + rel * Math.abs(w)));
}

const NUMPY = {
  covSimple: [
    [0.00010569647878826304, 6.654046303845495e-5, 8.313809671646049e-5, 5.224113728870623e-5],
    [6.654046303845495e-5, 8.523710673153699e-5, 6.256243394659979e-5, 4.287175979127921e-5],
    [8.313809671646049e-5, 6.256243394659979e-5, 0.0001215909088296671, 5.685668661262771e-5],
    [5.224113728870623e-5, 4.287175979127921e-5, 5.685668661262771e-5, 6.344767414696875e-5],
  ],
  covLog: [
    [0.00010610723463920584, 6.699563761434155e-5, 8.345129689340091e-5, 5.2417944460240047e-5],
    [6.699563761434155e-5, 8.556316619065353e-5, 6.285880809694457e-5, 4.3045165249743155e-5],
    [8.345129689340091e-5, 6.285880809694457e-5, 0.00012168020382787194, 5.6931743196588277e-5],
    [5.2417944460240047e-5, 4.3045165249743155e-5, 5.6931743196588277e-5, 6.332543213387792e-5],
  ],
  corSimple: [
    [1, 0.7010374342329123, 0.7333634577539269, 0.6379321796031135],
    [0.7010374342329123, 1, 0.614537987917767, 0.5829738946324665],
    [0.7333634577539269, 0.614537987917767, 1, 0.6473261351393672],
    [0.6379321796031135, 0.5829738946324665, 0.6473261351393672, 1],
  ],
  corLog: [
    [1, 0.7031218647522552, 0.734430370971771, 0.6394673972622971],
    [0.7031218647522552, 1, 0.6160454497617968, 0.5847791435788868],
    [0.734430370971771, 0.6160454497617968, 1, 0.6485678795981606],
    [0.6394673972622971, 0.5847791435788868, 0.6485678795981606, 1],
  ],
  spearmanSimple: [
    [1, 0.6298699258030005, 0.6930206479673301, 0.6069456709180024],
    [0.6298699258030005, 1, 0.5644055300961829, 0.5562219679937107],
    [0.6930206479673301, 0.5644055300961829, 1, 0.6260621407155995],
    [0.6069456709180024, 0.5562219679937107, 0.6260621407155995, 1],
  ],
  /** zero-mean EWMA, lambda 0.94, weights (1-l) l^(T-t) / (1 - l^T) */
  ewmaSimple: [
    [0.000239740939015806, 0.0002260771714040188, 0.00019343574298244162, 0.0001629944963394064],
    [0.0002260771714040188, 0.0002578524816125455, 0.00018815135041482423, 0.00015688563650759858],
    [0.00019343574298244162, 0.00018815135041482423, 0.00020876096657268672, 0.00014494572961623465],
    [0.0001629944963394064, 0.00015688563650759858, 0.00014494572961623465, 0.00015319063900385638],
  ],
  betaSimpleVsEw: [1.114154420698491, 0.9315947790878354, 1.1740314587968421, 0.7802193414168302],
  betaLogVsEw: [1.1152388415214465, 0.9330160328165128, 1.172853855904445, 0.7789096017301597],
  buyAndHoldEndWeights: [0.27056614445851046, 0.3682810779122796, 0.1814271775790833, 0.17972560005012658],
};

describe('matrices on EuStockMarkets against numpy/scipy', () => {
  const R = seriesMatrixFromColumns(simple);
  const L = seriesMatrixFromColumns(logs);
  it('sample covariance (n-1) of simple and log returns', () => {
    expectClose(covarianceMatrix({ returns: R }), NUMPY.covSimple.flat());
    expectClose(covarianceMatrix({ returns: L }), NUMPY.covLog.flat());
  });
  it('Pearson correlation of simple and log returns', () => {
    expectClose(correlationMatrix({ returns: R }), NUMPY.corSimple.flat());
    expectClose(correlationMatrix({ returns: L }), NUMPY.corLog.flat());
  });
  it('Spearman rank correlation of simple returns', () => {
    expectClose(spearmanCorrelationMatrix({ returns: R }), NUMPY.spearmanSimple.flat());
  });
  it('EWMA covariance with lambda 0.94 and normalised window weights', () => {
    expectClose(ewmaCovariance({ returns: R }), NUMPY.ewmaSimple.flat(), 1e-11);
  });
});

describe('betas against the equal-weight daily-rebalanced market', () => {
  const market = portfolioReturns({ assetReturns: simple, weights: equalWeights, rebalance: 'daily' }).simpleReturns;
  it('simple-return betas match numpy and average exactly 1', () => {
    const betas = simple.map((r) => betaAlpha({ returns: r, benchmarkReturns: market, periodsPerYear: 252 }).beta);
    expectClose(betas, NUMPY.betaSimpleVsEw);
    expect(Math.abs(betas.reduce((a, b) => a + b, 0) / 4 - 1)).toBeLessThan(1e-12);
  });
  it('log-return betas use L_m = ln(1 + R_m), not the mean of log returns', () => {
    const logMarket = simpleToLogReturns(market);
    expectClose(logs.map((r) => betaAlpha({ returns: r, benchmarkReturns: logMarket, periodsPerYear: 252 }).beta), NUMPY.betaLogVsEw);
  });
});

describe('drawdowns on the simple-return wealth index', () => {
  it.each([
    {
      name: 'DAX',
      returns: simple[0]!,
      want: { maxDrawdown: 0.2262225974298281, peak: '1992-05-25', trough: '1992-10-05', recovery: '1993-07-14', peakIndex: 235, troughIndex: 330, recoveryIndex: 532,
        longest: 442, underwater: 1643, totalReturn: 2.3606876438986943, cagr: 0.17858494583426388, abs: 0.5527613200306978, pain: 0.0485974900320369, ulcer: 0.0689306873977496 },
    },
    {
      name: 'EW4 daily',
      returns: portfolioReturns({ assetReturns: simple, weights: equalWeights, rebalance: 'daily' }).simpleReturns,
      want: { maxDrawdown: 0.18403510842092774, peak: '1994-02-02', trough: '1995-03-13', recovery: '1996-01-03', peakIndex: 677, troughIndex: 965, recoveryIndex: 1177,
        longest: 500, underwater: 1613, totalReturn: 2.035013285935509, cagr: 0.16241210494693514, abs: 0.42108479227635787, pain: 0.046170757284901186, ulcer: 0.0667429578737194 },
    },
    {
      name: 'EW4 buy-and-hold',
      returns: portfolioReturns({ assetReturns: simple, weights: equalWeights, rebalance: 'buy-and-hold' }).simpleReturns,
      want: { maxDrawdown: 0.18719809469903337, peak: '1994-02-02', trough: '1995-03-13', recovery: '1996-01-03', peakIndex: 677, troughIndex: 965, recoveryIndex: 1177,
        longest: 500, underwater: 1603, totalReturn: 2.105236660913815, cagr: 0.16602203964615647, abs: 0.43023304091261405, pain: 0.04651688286671469, ulcer: 0.06799557255909353 },
    },
  ])('$name: depth, dates, durations and indices', ({ returns, want }) => {
    const d = drawdownAnalysis(returns);
    expectClose([d.maxDrawdown, d.totalReturn, d.maxDrawdownAbs, d.painIndex, d.ulcerIndex], [want.maxDrawdown, want.totalReturn, want.abs, want.pain, want.ulcer], 1e-11);
    expectClose([compoundAnnualGrowthRate({ simpleReturns: returns, periodsPerYear: 252 })], [want.cagr], 1e-11);
    expect([dates[d.peakIndex], dates[d.troughIndex], dates[d.recoveryIndex!]]).toEqual([want.peak, want.trough, want.recovery]);
    expect([d.peakToTroughPeriods, d.peakToRecoveryPeriods]).toEqual([want.troughIndex - want.peakIndex, want.recoveryIndex - want.peakIndex]);
    expect([d.longestUnderwaterPeriods, d.longestUnderwaterIsOpen, d.underwaterCount]).toEqual([want.longest, false, want.underwater]);
  });
});

describe('buy-and-hold portfolio', () => {
  it('drifts to the end weights w_i P_i,T / P_i,0 / V_T and reports their HHI', () => {
    const p = portfolioReturns({ assetReturns: simple, weights: equalWeights, rebalance: 'buy-and-hold' });
    expectClose(p.endWeights, NUMPY.buyAndHoldEndWeights, 1e-11);
    expectClose([herfindahlIndex(p.endWeights).hhi], [0.2740541029530644], 1e-11);
  });
  it('reproduces the value path V_t = sum_i w_i P_i,t / P_i,0 computed from prices', () => {
    const r = portfolioReturns({ assetReturns: simple, weights: equalWeights, rebalance: 'buy-and-hold' }).simpleReturns;
    const value = (t: number): number => prices.reduce((v, p) => v + (0.25 * p[t]!) / p[0]!, 0);
    for (const t of [1, 500, 1859]) expect(Math.abs(r[t - 1]! - (value(t) / value(t - 1) - 1))).toBeLessThan(1e-13);
  });
});
