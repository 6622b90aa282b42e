import { afterAll, describe, expect, it } from 'vitest';
import { mixedTestBook } from '../../core/risk/monte-carlo-test-fixtures.ts';
import type { MonteCarloVarRequest, MonteCarloVarResult } from '../../core/risk/monte-carlo-types.ts';
import { monteCarloVar } from '../../core/risk/monte-carlo-var.ts';
import { findScenario, monteCarloStress } from '../../core/stress/index.ts';
import { createMonteCarloWorkerPool, splitEvenly } from './run-monte-carlo-var.ts';

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
