import { afterAll, describe, expect, it } from 'vitest';
import { mixedTestBook } from '../../core/risk/monte-carlo-test-fixtures.ts';
import type { MonteCarloVarRequest, MonteCarloVarResult } from '../../core/risk/monte-carlo-types.ts';
import { monteCarloVar } from '../../core/risk/monte-carlo-var.ts';
import { findScenario, monteCarloStress } from '../../core/stress/index.ts';
import { createMonteCarloWorkerPool, splitEvenly } from './run-monte-carlo-var.ts';
import { inlineOptionAnalytics } from '../../app/analytics/option-analytics-engine.ts';

const one = createMonteCarloWorkerPool({ size: 1 });
const two = createMonteCarloWorkerPool({ size: 2, tasksPerWorker: 3 });
afterAll(async () => {
  await Promise.all([one.close(), two.close()]);
});

async function viaPool(pool: typeof one, request: MonteCarloVarRequest): Promise<MonteCarloVarResult> {
  const r = await pool.runMonteCarloVar(request);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('runMonteCarloVar on worker threads', () => {
  const { book, dailyCovariance } = mixedTestBook();
  const cases: [string, MonteCarloVarRequest][] = [
    ['normal, grid', { book, dailyCovariance, pathCount: 3_001, seed: 5 }],
    ['student-t, grid, 5-day horizon', { book, dailyCovariance, pathCount: 2_500, seed: 6, horizonDays: 5, distribution: { kind: 'student-t', degreesOfFreedom: 4 } }],
    ['t-copula, exact', { book, dailyCovariance, pathCount: 1_500, seed: 7, revaluation: 'exact', distribution: { kind: 't-copula', degreesOfFreedom: 3 } }],
  ];

  it.each(cases)('gives identical results with 1 and 2 workers and in-process (%s)', async (_name, base) => {
    const request = { ...base, includePathPnl: true };
    const [a, b] = await Promise.all([viaPool(one, request), viaPool(two, request)]);
    const local = monteCarloVar(request);
    if (!local.ok) throw new Error(local.error.message);
    expect(Array.from(b.pathPnl!)).toEqual(Array.from(a.pathPnl!));
    expect(Array.from(local.value.pathPnl!)).toEqual(Array.from(a.pathPnl!));
    expect(b).toEqual(a);
    expect(local.value).toEqual(a);
    expect(a.seed).toBe(base.seed);
  });

  it('returns validation failures without touching the workers', async () => {
    const r = await two.runMonteCarloVar({ book, dailyCovariance, pathCount: 0 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
  });

  it('runs a Monte Carlo stress on a worker with the in-process result, path for path', async () => {
    const spec = findScenario('stress.monte-carlo.severe')!.simulation!;
    const input = { book, dailyCovariance, spec: { ...spec, pathCount: 2_000 }, netAssetValue: 1e6 };
    const remote = await two.runStress(input);
    const local = monteCarloStress(input);
    if (!remote.ok || !local.ok) throw new Error('stress run failed');
    expect(Array.from(remote.value.pathPnl)).toEqual(Array.from(local.value.pathPnl));
    expect(remote.value.headlineLoss).toEqual(local.value.headlineLoss);
    expect(remote.value.headlineLoss.amount).toBeGreaterThan(0);
    const bad = await two.runStress({ ...input, netAssetValue: -1 });
    expect(bad.ok).toBe(false);
  });

  it('splits block ranges contiguously and completely', () => {
    expect(splitEvenly(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(splitEvenly(2, 4)).toEqual([[0, 1], [1, 2]]);
  });
});

describe('option analytics on the worker pool', () => {
  const options = [
    { kind: 'call' as const, style: 'european' as const, spot: 100, strike: 95, timeToExpiryYears: 0.5, volatility: 0.25, rate: 0.03, dividendYield: 0.01 },
    { kind: 'put' as const, style: 'american' as const, spot: 100, strike: 110, timeToExpiryYears: 1, volatility: 0.3, rate: 0.05, dividendYield: 0 },
    { kind: 'put' as const, style: 'american' as const, spot: 100, strike: 100, timeToExpiryYears: 0.25, volatility: 0.2, rate: 0.04, dividendYield: 0.02, method: 'baw' as const },
    { kind: 'call' as const, style: 'european' as const, spot: 100, strike: 95, timeToExpiryYears: -1, volatility: 0.25, rate: 0.03, dividendYield: 0.01 },
  ];
  it('prices and inverts in request order across the workers, as on this thread', async () => {
    for (const pool of [one, two]) {
      expect(await pool.optionAnalytics.price(options)).toEqual(await inlineOptionAnalytics.price(options));
      const ivInputs = options.slice(0, 3).map(({ volatility: _v, method: _m, ...o }) => ({ ...o, price: 12 }));
      expect(await pool.optionAnalytics.impliedVolatilities(ivInputs)).toEqual(await inlineOptionAnalytics.impliedVolatilities(ivInputs));
    }
    const priced = await two.optionAnalytics.price(options);
    expect(priced.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(priced[2]?.ok === true && priced[2].value.method).toBe('baw');
  });
});
