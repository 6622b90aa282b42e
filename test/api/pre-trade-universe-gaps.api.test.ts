import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

/**
 * A held name with gaps stretches the history window back past its last 253 closes (the window is
 * the last 252 returns over dates the held names share). A name not held but traded every day must
 * still cover that window, and orders on it be judged, not refused as an unknown name.
 */
describe('pre-trade universe when the held names have gaps in their history', () => {
  let t: TestApp;
  const DAYS = 330;
  const dates = Array.from({ length: DAYS }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
  // GAPPY misses every 10th of the last 300 days (30 gaps); STEADY trades every day
  const csv = ['date,GAPPY,STEADY', ...dates.map((d, i) => `${d},${i >= DAYS - 300 && i % 10 === 0 ? '' : (50 + 5 * Math.sin(i / 7)).toFixed(4)},${(80 + 8 * Math.cos(i / 5)).toFixed(4)}`)].join('\n');

  beforeAll(async () => {
    t = await createTestApp();
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(200);
    const now = new Date().toISOString();
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ symbol: 'GAPPY', last: 50, bid: 49.95, ask: 50.05, timestamp: now }, { symbol: 'STEADY', last: 80, bid: 79.95, ask: 80.05, timestamp: now }] } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.03 }] } });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'gappy', name: 'gappy', cash: 1_000_000, applyDefaultLimits: false } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/gappy/positions', as: 'trader', payload: { positions: [{ instrument: { type: 'stock', symbol: 'GAPPY' }, quantity: 1000, averageCost: 50 }] } });
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: new RiskStreamHub(), metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks };
    expect((await runRiskCycle(deps, 'gappy')).ok).toBe(true);
  });
  afterAll(async () => { await t?.close(); });

  it('judges an order on a name not held that trades on every date of the window', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'gappy', clientOrderId: 'steady-1', legs: [{ instrument: { type: 'stock', symbol: 'STEADY' }, side: 'buy', quantity: 10 }] } });
    expect(r.statusCode).toBe(200);
    expect(r.json().reasons).toEqual([]);
    expect(r.json().decision).toBe('approve');
  });
});
