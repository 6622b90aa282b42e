import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredScenario, StressTestRecord } from '../../src/app/ports.ts';
import { findScenario } from '../../src/core/stress/index.ts';
import { createTestDatabase, TEST_STORAGE_KIND, type TestDatabase } from '../support/test-storage.ts';

const now = '2026-03-02T10:00:00.000Z';
const later = '2026-03-02T12:00:00.000Z';

const scenario = (over: Partial<StoredScenario> = {}): StoredScenario => ({
  portfolioId: 'p1', id: 'tech', version: 1, createdBy: 'key:rm', createdAt: now, updatedAt: now,
  definition: { id: 'tech', name: 'Tech', type: 'custom', severity: 'severe', description: '', sourceNotes: 'user-defined', shocks: [{ target: { sector: 'Information Technology' }, spot: { relative: -0.15 }, volatility: { absolute: 0.05, termScaling: { referenceDays: 30, exponent: 0.5, maxFactor: 2 } } }] },
  ...over,
});

const test = (id: string, runAt: string): StressTestRecord => ({
  id, portfolioId: 'p1', runAt, runBy: 'key:trader', valuationDate: id === 'st2' ? '2026-02-27' : null, request: { scenarios: ['stress.market-crash.severe'] },
  summary: [{ scenarioId: 'stress.market-crash.severe', name: 'Market crash', type: 'market-crash', severity: 'severe', pnlAmount: -1234.5, pnlFraction: -0.0123, breachCount: 2 }],
  results: { stressTestId: id, results: [{ pnl: { amount: -1234.5 } }], nested: { deep: [1, 2, 3] } },
});

describe(`stress storage contract (${TEST_STORAGE_KIND})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const id of ['p1', 'p2']) await t.storage.portfolios.insert({ id, name: id, baseCurrency: 'USD', cash: 0, benchmarkSymbol: null, status: 'active', createdAt: now, updatedAt: now });
  });
  afterAll(async () => { await t?.cleanup(); });

  it('round-trips custom scenarios, guards updates by version and deletes them', async () => {
    await t.storage.customScenarios.insert(scenario());
    await t.storage.customScenarios.insert(scenario({ id: 'lib-copy', definition: { ...findScenario('stress.replay.covid-2020')!, id: 'lib-copy' } }));
    expect(await t.storage.customScenarios.get('p1', 'tech')).toEqual(scenario());
    expect((await t.storage.customScenarios.get('p1', 'lib-copy'))?.definition.replay?.figures).toEqual(findScenario('stress.replay.covid-2020')!.replay!.figures);
    expect(await t.storage.customScenarios.get('p2', 'tech')).toBeUndefined();
    await expect(t.storage.customScenarios.insert(scenario())).rejects.toThrow();
    await expect(t.storage.customScenarios.insert(scenario({ portfolioId: 'ghost' }))).rejects.toThrow();
    const v2 = scenario({ version: 2, updatedAt: later, definition: { ...scenario().definition, name: 'Tech v2' } });
    expect(await t.storage.customScenarios.update(v2, 2)).toBe(false);
    expect(await t.storage.customScenarios.update(v2, 1)).toBe(true);
    expect(await t.storage.customScenarios.get('p1', 'tech')).toMatchObject({ version: 2, updatedAt: later, createdAt: now, definition: { name: 'Tech v2' } });
    expect((await t.storage.customScenarios.list('p1')).map((s) => s.id)).toEqual(['lib-copy', 'tech']);
    expect(await t.storage.customScenarios.delete('p1', 'tech')).toBe(true);
    expect(await t.storage.customScenarios.delete('p1', 'tech')).toBe(false);
    expect((await t.storage.customScenarios.list('p1')).map((s) => s.id)).toEqual(['lib-copy']);
  });

  it('stores stress tests with their JSON results and lists them newest first within a time range', async () => {
    await t.storage.stressTests.insert(test('st1', now));
    await t.storage.stressTests.insert(test('st2', later));
    expect(await t.storage.stressTests.get('p1', 'st2')).toEqual(test('st2', later));
    expect(await t.storage.stressTests.get('p2', 'st2')).toBeUndefined();
    const listed = await t.storage.stressTests.list('p1', { limit: 10 });
    expect(listed.map((r) => r.id)).toEqual(['st2', 'st1']);
    expect(listed[0]).not.toHaveProperty('results');
    expect(listed[0]).toMatchObject({ valuationDate: '2026-02-27', summary: test('st2', later).summary });
    expect((await t.storage.stressTests.list('p1', { limit: 10, to: '2026-03-02T11:00:00.000Z' })).map((r) => r.id)).toEqual(['st1']);
    expect((await t.storage.stressTests.list('p1', { limit: 1 })).map((r) => r.id)).toEqual(['st2']);
    await expect(t.storage.stressTests.insert(test('st1', now))).rejects.toThrow();
  });

  it('removes a portfolio\'s scenarios and tests with the portfolio', async () => {
    await t.storage.customScenarios.insert(scenario({ portfolioId: 'p2' }));
    await t.storage.stressTests.insert({ ...test('st3', now), portfolioId: 'p2' });
    await t.storage.portfolios.delete('p2');
    expect(await t.storage.customScenarios.list('p2')).toEqual([]);
    expect(await t.storage.stressTests.get('p2', 'st3')).toBeUndefined();
  });
});
