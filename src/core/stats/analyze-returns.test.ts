import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputProblem } from '../shared/input-problem.ts';
import { analyzeReturns } from './analyze-returns.ts';
import type { AnalyzeReturnsInput, ReturnsAnalysis } from './analyze-returns.ts';

const ROOT = new URL('../../../', import.meta.url);
const csv = readFileSync(new URL('data/fixtures/eustockmarkets.csv', ROOT), 'utf8').trim().split('\n');
const header = csv[0]!.split(',');
const dates = csv.slice(1).map((l) => l.split(',')[0]!);
const column = (name: string): number[] => csv.slice(1).map((l) => Number(l.split(',')[header.indexOf(name)]));
const eu = { DAX: column('DAX'), SMI: column('SMI'), CAC: column('CAC'), FTSE: column('FTSE') };

interface Expectation { value: number; tol: [number, number] }
const reference = JSON.parse(readFileSync(new URL('test/support/reference-cases.json', ROOT), 'utf8')) as {
  cases: { id: string; expected: Record<string, Expectation> }[];
};
const expected = (id: string): Record<string, Expectation> => reference.cases.find((c) => c.id === id)!.expected;

function expectWithin(got: number | null | undefined, want: Expectation, label: string): void {
  expect(got, label).not.toBeNull();
  expect(Math.abs(got! - want.value), `${label}: ${got} vs ${want.value}`).toBeLessThanOrEqual(want.tol[0] + want.tol[1] * Math.abs(want.value));
}

function analysis(input: AnalyzeReturnsInput): ReturnsAnalysis {
  const r = analyzeReturns(input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function problemsOf(input: unknown): InputProblem[] {
  const r = analyzeReturns(input as AnalyzeReturnsInput);
  if (r.ok) throw new Error('expected INVALID_INPUT');
  expect(r.error.code).toBe('INVALID_INPUT');
  return r.error.details as InputProblem[];
}

describe('analyzeReturns on EuStockMarkets (reference case risk.eu_EW4.simple)', () => {
  const ref = expected('risk.eu_EW4.simple');
  const a = analysis({ dates, prices: eu, rfAnnual: 0.02 });

  it('reports the reference statistics with the documented conventions', () => {
    expect(a.n).toBe(1859);
    expectWithin(a.mean, ref.mean!, 'mean');
    expectWithin(a.sd, ref.sd!, 'sd');
    expectWithin(a.skewness, ref.skew_pop!, 'skewness');
    expectWithin(a.excessKurtosis, ref.exkurt_pop!, 'excessKurtosis');
    expectWithin(a.annualizedReturn, ref.ann_mean_arith!, 'annualizedReturn');
    expectWithin(a.annualizedVolatility, ref.ann_vol!, 'annualizedVolatility');
    expectWithin(a.sharpe, ref.sharpe_ann_rf!, 'sharpe');
    expectWithin(a.sortino, ref.sortino_ann!, 'sortino');
    expectWithin(a.downsideDeviation, ref.downside_dev_full!, 'downsideDeviation');
    expectWithin(a.hhi, ref.hhi!, 'hhi');
  });

  it('keys VaR and ES by confidence and matches type 7, Acerbi-Tasche, Gaussian and Cornish-Fisher', () => {
    for (const c of ['95', '99']) {
      const key = `0.${c}`;
      expectWithin(a.var.historical[key], ref[`hist_var_${c}_type7`]!, `var.historical ${key}`);
      expectWithin(a.var.gaussian[key], ref[`gauss_var_${c}`]!, `var.gaussian ${key}`);
      expectWithin(a.var.cornishFisher[key], ref[`cf_var_${c}`]!, `var.cornishFisher ${key}`);
      expectWithin(a.es.historical[key], ref[`hist_es_${c}_acerbi_tasche`]!, `es.historical ${key}`);
      expectWithin(a.es.gaussian[key], ref[`gauss_es_${c}`]!, `es.gaussian ${key}`);
    }
  });

  it('takes drawdowns, CAGR and Calmar from the simple-return wealth index (numpy cross-check)', () => {
    expect(a.maxDrawdown).toEqual({
      depth: a.maxDrawdown.depth,
      peakDate: '1994-02-02',
      troughDate: '1995-03-13',
      recoveryDate: '1996-01-03',
      peakToTroughPeriods: 288,
      peakToRecoveryPeriods: 500,
    });
    expect(a.maxDrawdown.depth).toBeCloseTo(0.18403510842092774, 12);
    expect(a.cagr).toBeCloseTo(0.16241210494693514, 12);
    expect(a.calmar).toBeCloseTo(0.16241210494693514 / 0.18403510842092774, 11);
    expect(a.totalReturn).toBeCloseTo(2.035013285935509, 11);
    expect(a.recoveryFactor).toBeCloseTo(2.035013285935509 / 0.18403510842092774, 10);
    expect(a.longestUnderwaterPeriods).toBe(500);
    expect(a.painIndex).toBeCloseTo(0.046170757284901186, 12);
    expect(a.ulcerIndex).toBeCloseTo(0.0667429578737194, 12);
  });

  it('states its conventions and carries no benchmark fields without a benchmark', () => {
    expect(a.conventions).toMatchObject({
      returnType: 'simple',
      sdDenominator: 'n-1',
      quantileMethod: 'type7',
      esMethod: 'acerbi-tasche',
      periodsPerYear: 252,
      riskFree: { rfAnnual: 0.02, perPeriod: 0.02 / 252 },
      sortino: { mar: 0, denominator: 'all n observations' },
      missingData: { policy: 'reject', droppedRows: 0 },
    });
    expect(a.conventions.portfolio.weights).toEqual({ DAX: 0.25, SMI: 0.25, CAC: 0.25, FTSE: 0.25 });
    expect(a).not.toHaveProperty('beta');
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('analyzeReturns options', () => {
  it('uses ln(1 + R_p) for log returns but keeps drawdowns on simple returns', () => {
    const simple = analysis({ dates, prices: eu });
    const log = analysis({ dates, prices: eu, returnType: 'log' });
    expect(log.conventions.returnType).toBe('log');
    expect(log.mean!).toBeLessThan(simple.mean!);
    expect(log.maxDrawdown).toEqual(simple.maxDrawdown);
    expect(log.var.historical['0.99']).toBeGreaterThan(simple.var.historical['0.99']!);
  });

  it('switches to type 1 quantiles and tail-mean ES (reference risk.eu_DAX.simple)', () => {
    const ref = expected('risk.eu_DAX.simple');
    const a = analysis({ dates, prices: { DAX: eu.DAX }, quantileMethod: 'type1', esMethod: 'tail-mean', confidenceLevels: [0.99] });
    expect(Object.keys(a.var.historical)).toEqual(['0.99']);
    expectWithin(a.var.historical['0.99'], ref.hist_var_99_type1!, 'type1 VaR');
    expectWithin(a.es.historical['0.99'], ref.hist_es_99_type1_tail_mean!, 'tail-mean ES');
    expect(a.hhi).toBe(1);
  });

  it('computes beta, alpha and correlation against a benchmark from simple returns', () => {
    // the equal-weight daily-rebalanced index as benchmark: numpy beta of DAX = 1.114154420698491
    const index = [1];
    for (let t = 1; t < dates.length; t++) {
      const r = (['DAX', 'SMI', 'CAC', 'FTSE'] as const).reduce((s, k) => s + 0.25 * (eu[k][t]! / eu[k][t - 1]! - 1), 0);
      index.push(index[t - 1]! * (1 + r));
    }
    const a = analysis({ dates, prices: { DAX: eu.DAX }, benchmark: { EW: index } });
    expect(a.beta).toBeCloseTo(1.114154420698491, 10);
    expect(a.correlation!).toBeGreaterThan(0.8);
    const self = analysis({ dates, prices: { DAX: eu.DAX }, benchmark: { DAX: eu.DAX }, rfAnnual: 0.03 });
    expect(self.beta).toBeCloseTo(1, 14);
    expect(self.alpha).toBeCloseTo(0, 14);
    expect(self.conventions.benchmark?.column).toBe('DAX');
  });

  it('drifts buy-and-hold weights and still reports the target-weight HHI', () => {
    const a = analysis({ dates, prices: eu, weights: { DAX: 1, SMI: 1, CAC: 1, FTSE: 1 }, rebalance: 'buy-and-hold' });
    expect(a.maxDrawdown.depth).toBeCloseTo(0.18719809469903337, 11);
    expect(a.totalReturn).toBeCloseTo(2.105236660913815, 11);
    expect(a.hhi).toBe(0.25);
  });

  it('drops every row with a missing price when asked, and counts them', () => {
    const prices = { A: [100, null, 102, 103, 101], B: [50, 51, 52, Number.NaN, 53] };
    const d5 = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
    const a = analysis({ dates: d5, prices, dropMissing: true });
    expect(a.n).toBe(2);
    expect(a.conventions.missingData).toEqual({ policy: 'drop-rows', droppedRows: 2 });
  });

  it('reports undefined measures as null, never NaN or Infinity', () => {
    const a = analysis({ dates: ['2024-01-01', '2024-01-02', '2024-01-03'], prices: { A: [100, 101, 102.01] } });
    expect([a.omega, a.calmar, a.sortino, a.recoveryFactor]).toEqual([null, null, null, null]);
    expect(a.maxDrawdown).toEqual({ depth: 0, peakDate: null, troughDate: null, recoveryDate: null, peakToTroughPeriods: 0, peakToRecoveryPeriods: null });
    const one = analysis({ dates: ['2024-01-01', '2024-01-02'], prices: { A: [100, 99] } });
    expect([one.n, one.sd, one.sharpe, one.var.gaussian['0.99']]).toEqual([1, null, null, null]);
    expect(one.var.historical['0.99']).toBeCloseTo(0.01, 15);
  });

  it('never reports ES below VaR, nor VaR falling with confidence', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 120 }), (moves) => {
        const prices = [100];
        for (const m of moves) prices.push(prices[prices.length - 1]! * (1 + m));
        const days = prices.map((_, i) => `2024-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`);
        const a = analysis({ dates: days, prices: { A: prices }, confidenceLevels: [0.9, 0.95, 0.99] });
        for (const c of ['0.9', '0.95', '0.99']) expect(a.es.historical[c]!).toBeGreaterThanOrEqual(a.var.historical[c]!);
        if (a.es.gaussian['0.99'] !== null) expect(a.es.gaussian['0.99']).toBeGreaterThanOrEqual(a.var.gaussian['0.99']!);
        expect(a.var.historical['0.9']!).toBeLessThanOrEqual(a.var.historical['0.95']!);
        expect(a.var.historical['0.95']!).toBeLessThanOrEqual(a.var.historical['0.99']!);
      }),
      { numRuns: 60 },
    );
  });
});

describe('analyzeReturns input errors', () => {
  const d3 = ['2024-01-01', '2024-01-02', '2024-01-03'];
  it.each([
    ['an empty cell without dropMissing', { dates: d3, prices: { A: [1, null, 2] } }, '/prices/A/1', /missing price on 2024-01-02.*dropMissing/],
    ['mismatched lengths', { dates: d3, prices: { A: [1, 2] } }, '/prices/A', /has 2 prices but there are 3 dates/],
    ['fewer than two prices', { dates: ['2024-01-01'], prices: { A: [1] } }, '/prices', /at least two complete price rows/],
    ['a non-positive price', { dates: d3, prices: { A: [1, 0, 2] } }, '/prices/A/1', /positive/],
    ['weights naming an unknown column', { dates: d3, prices: { A: [1, 2, 3] }, weights: { B: 1 } }, '/weights/B', /not in prices/],
    ['weights naming an inherited property', { dates: d3, prices: { A: [1, 2, 3] }, weights: { A: 1, toString: 1 } }, '/weights/toString', /not in prices/],
    ['an unknown option', { dates: d3, prices: { A: [1, 2, 3] }, horizon: 10 }, '/horizon', /unknown option/],
    ['non-increasing dates', { dates: ['2024-01-02', '2024-01-01', '2024-01-03'], prices: { A: [1, 2, 3] } }, '/dates/1', /strictly increasing/],
    ['an invalid date', { dates: ['2024-02-30', '2024-03-01', '2024-03-02'], prices: { A: [1, 2, 3] } }, '/dates/0', /YYYY-MM-DD/],
    ['a confidence in percent', { dates: d3, prices: { A: [1, 2, 3] }, confidenceLevels: [99] }, '/confidenceLevels/0', /\(0, 1\)/],
    ['a confidence of exactly 1', { dates: d3, prices: { A: [1, 2, 3] }, confidenceLevels: [0.95, 1] }, '/confidenceLevels/1', /\(0, 1\)/],
    ['an unknown quantile method', { dates: d3, prices: { A: [1, 2, 3] }, quantileMethod: 'type8' }, '/quantileMethod', /one of 'type7', 'type1'/],
    ['two benchmark columns', { dates: d3, prices: { A: [1, 2, 3] }, benchmark: { X: [1, 2, 3], Y: [1, 2, 3] } }, '/benchmark', /exactly one/],
    ['weights summing to zero', { dates: d3, prices: { A: [1, 2, 3], B: [1, 2, 3] }, weights: { A: 1, B: -1 } }, '/weights', /sum to a positive/],
  ])('rejects %s with a coded reason', (_, input, path, message) => {
    const problems = problemsOf(input);
    const problem = problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem!.message).toMatch(message);
  });

  it('escapes column names in JSON pointers', () => {
    expect(problemsOf({ dates: d3, prices: { 'a/b~c': [1, -2, 3] } })[0]!.path).toBe('/prices/a~1b~0c/1');
  });

  it('reports all problems at once and names the first in the message', () => {
    const r = analyzeReturns({ dates: d3, prices: { A: [1, 2] }, confidenceLevels: [99], rebalance: 'weekly' } as unknown as AnalyzeReturnsInput);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.details as InputProblem[]).toHaveLength(3);
      expect(r.error.message).toMatch(/^\/prices\/A: .*\(and 2 more problems\)$/);
    }
  });
});
