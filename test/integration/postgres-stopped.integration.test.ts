import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { privatePostgresAvailable, startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

const dj = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
const header = dj.split('\n')[0]?.split(',') ?? [];
const lastRow = dj.trim().split('\n').at(-1)?.split(',') ?? [];
const px = (s: string) => Number(lastRow[header.indexOf(s)]);

/** A real PostgreSQL server of its own, stopped in the middle of the test. */
describe.skipIf(!privatePostgresAvailable())('when PostgreSQL stops', () => {
  let pg: PrivatePostgres;
  let t: TestApp;
  const order = (id: string) => ({ portfolioId: 'live', clientOrderId: id, legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 10 }] });
  const check = (id: string) => t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: order(id) });

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    t = await createTestApp({ databaseUrl: pg.url });
    await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: dj });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: ['IBM', 'MSFT'].map((s) => ({ symbol: s, last: px(s), timestamp: new Date().toISOString() })) } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'live', name: 'Live', cash: 1_000_000, applyDefaultLimits: false } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/live/positions', as: 'trader', payload: { positions: [{ instrument: { type: 'stock', symbol: 'IBM' }, quantity: 100, averageCost: 80 }, { instrument: { type: 'stock', symbol: 'MSFT' }, quantity: 100, averageCost: 40 }] } });
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: new RiskStreamHub(), metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks };
    expect((await runRiskCycle(deps, 'live')).ok).toBe(true);
  }, 60_000);
  afterAll(async () => {
    try { pg?.start(); } catch { /* running */ }
    await t?.close().catch(() => {});
    pg?.destroy();
  });

  it('rejects with STORAGE_UNAVAILABLE instead of approving, answers 503 elsewhere, and recovers when it is back', async () => {
    expect((await check('before')).json().decision).toBe('approve');
    pg.stop();
    const during = (await check('during-1')).json();
    expect(during.decision).toBe('reject');
    expect(during.reasons[0].code).toBe('STORAGE_UNAVAILABLE');
    const next = (await check('during-2')).json();
    expect(next).toMatchObject({ decision: 'reject', reasons: [{ code: 'STORAGE_UNAVAILABLE' }] });
    const write = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { name: 'x' } });
    expect(write.statusCode).toBe(503);
    expect(write.json().error.code).toBe('STORAGE_UNAVAILABLE');
    expect((await t.call({ method: 'GET', url: '/ready', as: null })).statusCode).toBe(503);
    pg.start();
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await check(`after-${i}`)).json().decision === 'approve';
      if (!recovered) await new Promise((r) => setTimeout(r, 100));
    }
    expect(recovered).toBe(true);
    const audit = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=pre-trade.decision&limit=1000', as: 'risk_manager' })).json().events;
    const ids = audit.map((e: { payload: { clientOrderId: string } }) => e.payload.clientOrderId);
    expect(ids).toContain('before');
    expect(ids).not.toContain('during-1');
  }, 60_000);
});
