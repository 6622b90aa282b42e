import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonteCarloWorkerPool } from '../../src/adapters/compute/run-monte-carlo-var.ts';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { computeRiskReport } from '../../src/app/risk/compute-risk-report.ts';
import { runRiskCycle, type RiskCycleDeps } from '../../src/app/risk/run-risk-cycle.ts';
import { runStressTest } from '../../src/app/stress/run-stress-test.ts';
import { ShippedReplayData } from '../../src/adapters/files/shipped-replay-data.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';
import { TEST_STORAGE_KIND } from '../support/test-storage.ts';

const dj = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
const header = dj.split('\n')[0]?.split(',') ?? [];
const lastRow = dj.trim().split('\n').at(-1)?.split(',') ?? [];
const px = (s: string) => Number(lastRow[header.indexOf(s)]);
const NOW = new Date('2026-03-02T15:00:00.000Z');

/** The risk cycle's computation on a worker thread gives the same report and gate state as on the event loop. */
describe('risk cycle computed on a worker thread', () => {
  let t: TestApp;
  const pool = createMonteCarloWorkerPool({ size: 1 });
  const published: string[] = [];
  const hub = new RiskStreamHub();
  hub.subscribe('w', { send: (text) => published.push(text), isOpen: () => true });
  const deps = (computer?: RiskCycleDeps['computer']): RiskCycleDeps => ({
    ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: hub, metrics: new PrometheusRiskMetrics(new Registry()),
    navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks, ...(computer === undefined ? {} : { computer }),
  });

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => NOW } });
    const ts = new Date(NOW.getTime() - 1000).toISOString();
    await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: dj });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: ['IBM', 'MSFT', 'KO'].map((s) => ({ symbol: s, last: px(s), bid: px(s) - 0.05, ask: px(s) + 0.05, timestamp: ts })) } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'w', name: 'Worker', cash: 1_000_000 } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/w/positions', as: 'trader', payload: { positions: [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 500, averageCost: px('IBM') },
      { instrument: { type: 'stock', symbol: 'KO' }, quantity: -300, averageCost: px('KO') },
      { instrument: { type: 'option', underlying: 'MSFT', kind: 'put', strike: Math.round(px('MSFT')), expiry: '2026-09-18' }, quantity: 20, averageCost: 4 },
    ] } });
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
  });
  afterAll(async () => { await pool.close(); await t?.close(); });

  it('answers an on-demand report computed on the worker exactly as on the event loop, options included', async () => {
    const base = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine };
    for (const options of [{}, { method: 'all' as const, paths: 2_000, seed: 3 }, { method: 'parametric' as const, horizonDays: 5 }]) {
      const local = await computeRiskReport(base, 'w', options);
      const remote = await computeRiskReport({ ...base, computer: pool.cycles }, 'w', options);
      expect(local.ok && remote.ok).toBe(true);
      if (local.ok && remote.ok) expect(remote.value).toEqual(local.value);
    }
    expect((await computeRiskReport({ ...base, computer: pool.cycles }, 'nope')).ok).toBe(false);
  });

  it('finds the same stressed limit breaches with the limits state built on the worker', async () => {
    await t.call({ method: 'POST', url: '/api/v1/limits/w', as: 'risk_manager', payload: { id: 'tight-loss', type: 'daily-loss', value: { mode: 'fraction-of-nav', amount: 0.001 }, action: 'alert' } });
    const base = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, replayData: new ShippedReplayData() };
    const actor = { id: 'key:rm', role: 'risk_manager' as const, via: 'api-key' as const };
    const request = { scenarios: [{ name: 'IBM -30 %', shocks: [{ target: { underlying: 'IBM' }, spot: { relative: -0.3 } }] }, 'stress.volatility-spike.severe'] };
    const local = await runStressTest(base, actor, 'w', request);
    const remote = await runStressTest({ ...base, computer: pool.cycles }, actor, 'w', request);
    if (!local.ok || !remote.ok) throw new Error('stress test failed');
    expect(remote.value.results.map((r) => r.breaches)).toEqual(local.value.results.map((r) => r.breaches));
    expect(remote.value.results.map((r) => r.pnl)).toEqual(local.value.results.map((r) => r.pnl));
    const crash = remote.value.results[0]!;
    expect(crash.pnl!.fraction).toBeLessThan(-0.001);
    expect(crash.breaches?.find((b) => b.limitId === 'tight-loss'), JSON.stringify({ pnl: crash.pnl, breaches: crash.breaches, why: crash.breachesUnavailable })).toBeDefined();
  });

  it('stores, streams and gates the same report as the in-process computation', async () => {
    const local = await runRiskCycle(deps(), 'w');
    expect(local.ok).toBe(true);
    const storedLocal = await t.deps.storage.riskReports.latest('w');
    const gateLocal = t.gate.stateOf('w');
    const remote = await runRiskCycle(deps(pool.cycles), 'w');
    expect(remote.ok).toBe(true);
    const storedRemote = await t.deps.storage.riskReports.latest('w');
    expect(storedRemote?.report).toEqual(storedLocal?.report);
    expect((storedRemote?.report as { positions: unknown[] }).positions).toHaveLength(3);
    expect(published).toHaveLength(2);
    expect(published[1]).toBe(published[0]);
    expect(JSON.parse(published[1] as string)).toMatchObject({ type: 'risk-report', portfolioId: 'w', report: { portfolioId: 'w', nav: (storedLocal?.report as { nav: number }).nav } });
    expect(t.gate.stateOf('w')).not.toBeNull();
    expect(t.gate.stateOf('w')).not.toBe(gateLocal);
    const check = await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'w', clientOrderId: 'after-worker', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1 }] } });
    expect(check.json().decision).toBe('approve');
  });

  it.runIf(TEST_STORAGE_KIND === 'postgres')('runs whole cycles on a worker over its own connection: the same report stored, streamed and gated', async () => {
    const where = t.db.postgres;
    if (where === undefined) throw new Error('no PostgreSQL location');
    const own = createMonteCarloWorkerPool({ size: 1, database: { kind: 'postgres', url: where.url, schema: where.schema } });
    try {
      const runner = own.storedCycles?.({ navHistoryIntervalSeconds: 60, latestReportIntervalSeconds: 0, settings: riskSettingsFrom(TEST_CONFIG) });
      if (runner === undefined) throw new Error('a pool with a database has a stored-cycle runner');
      expect((await runRiskCycle(deps(pool.cycles), 'w')).ok).toBe(true);
      const before = await t.deps.storage.riskReports.latest('w');
      // what the worker writes is read back here: start from none
      await t.db.rawExec("DELETE FROM risk_reports_latest WHERE portfolio_id = 'w'; DELETE FROM risk_history WHERE portfolio_id = 'w'");
      const gateBefore = t.gate.stateOf('w');
      const streamed = published.length;
      const remote = await runRiskCycle({ ...deps(pool.cycles), runner }, 'w');
      expect(remote.ok).toBe(true);
      // written by the worker: the same report as the event loop's cycle, and its history row
      const after = await t.deps.storage.riskReports.latest('w');
      expect(after?.report).toEqual(before?.report);
      expect((await t.deps.storage.riskReports.history('w', { maxPoints: 10 })).map((p) => p.at)).toEqual([after?.at]);
      expect(published).toHaveLength(streamed + 1);
      expect(published.at(-1)).toBe(published[streamed - 1]);
      expect(t.gate.stateOf('w')).not.toBe(gateBefore);
      expect(t.gate.stateOf('w')?.limitsVersion).toBe(gateBefore?.limitsVersion);
      const check = await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'w', clientOrderId: 'after-stored-cycle', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1 }] } });
      expect(check.json().decision).toBe('approve');
      // an unknown portfolio is a coded failure, not a thrown one
      const missing = await runner.run({ portfolioId: 'nope', now: NOW.toISOString(), gate: null, reportText: false });
      expect(missing.ok ? null : missing.error.code).toBe('PORTFOLIO_NOT_FOUND');
      // with nobody subscribed the report is stored but its text is not carried back (nor a gate state without a gate part)
      const quiet = await runner.run({ portfolioId: 'w', now: NOW.toISOString(), gate: null, reportText: false });
      expect(quiet.ok ? [quiet.value.reportJson, quiet.value.gateState, quiet.value.headline.portfolioId] : quiet.error.code).toEqual(['', null, 'w']);
    } finally { await own.close(); }
  });
  it('writes the full latest report at most once per interval, the summary every cycle', async () => {
    let nowMs = NOW.getTime() + 3_600_000;
    const clock = { now: () => new Date(nowMs) };
    const latestReport = { intervalSeconds: 30, lastSavedMs: new Map<string, number>() };
    const cycle = () => runRiskCycle({ ...deps(), clock, latestReport }, 'w');
    const historyCount = async () => (await t.deps.storage.riskReports.history('w', { maxPoints: 100_000 })).length;
    const before = await historyCount();
    expect((await cycle()).ok).toBe(true);
    const first = await t.deps.storage.riskReports.latest('w');
    expect(first?.at).toBe(new Date(nowMs).toISOString());
    nowMs += 10_000;
    expect((await cycle()).ok).toBe(true);
    expect((await t.deps.storage.riskReports.latest('w'))?.at).toBe(first?.at); // 10 s later: not written again
    nowMs += 25_000;
    expect((await cycle()).ok).toBe(true);
    expect((await t.deps.storage.riskReports.latest('w'))?.at).toBe(new Date(nowMs).toISOString()); // 35 s after the first
    expect(await historyCount()).toBe(before + 3);
  });
});
