import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { RiskMonitor } from '../../src/app/risk/risk-monitor.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { Registry } from 'prom-client';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

interface Msg { type: string; portfolioId?: string; report?: { nav: number; asOf: string }; code?: string }

function nextMessage(ws: WebSocket, pred: (m: Msg) => boolean, timeoutMs: number): Promise<Msg> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { ws.off('message', on); reject(new Error(`no matching message within ${timeoutMs} ms`)); }, timeoutMs);
    const on = (raw: Buffer) => {
      const m = JSON.parse(raw.toString()) as Msg;
      if (pred(m)) { clearTimeout(timer); ws.off('message', on); resolve(m); }
    };
    ws.on('message', on);
  });
}

describe('live risk stream over WebSocket', () => {
  let t: TestApp; let monitor: RiskMonitor; let url: string;
  const hub = new RiskStreamHub();
  const late = { target: undefined as RiskMonitor | undefined, markDirty(id?: string) { this.target?.markDirty(id); } };

  beforeAll(async () => {
    t = await createTestApp({ hub, recalc: late, streamReauthMs: 100 });
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: hub, metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60 };
    monitor = new RiskMonitor({
      listActivePortfolioIds: async () => (await t.deps.storage.portfolios.list()).map((p) => p.id),
      runCycle: async (id) => { await runRiskCycle(deps, id); }, onError: () => {}, intervalMs: 60_000, debounceMs: 20,
    });
    late.target = monitor;
    monitor.start();
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'live', name: 'Live', cash: 1000 } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ symbol: 'IBM', last: 100, timestamp: new Date().toISOString() }] } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/live/positions', as: 'trader', payload: { positions: [{ instrument: { type: 'stock', symbol: 'IBM' }, quantity: 10, averageCost: 90 }] } });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `${address.replace('http', 'ws')}/api/v1/stream`;
  });
  afterAll(async () => { await monitor?.stop(); await t?.close(); });

  it('refuses a connection without a token', async () => {
    const ws = new WebSocket(url);
    const code = await new Promise<number>((resolve) => { ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)); ws.on('error', () => {}); });
    expect(code).toBe(401);
  });

  it('closes a stream whose API key is revoked (1008), and answers a null message as bad input', async () => {
    const key = (await t.call({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'stream viewer', role: 'viewer' } })).json();
    const ws = new WebSocket(`${url}?access_token=${encodeURIComponent(key.token)}`);
    await new Promise((r) => ws.once('open', r));
    ws.send('null');
    expect(await nextMessage(ws, (m) => m.type === 'error', 2000)).toMatchObject({ code: 'INVALID_INPUT' });
    ws.send(JSON.stringify({ type: 'subscribe', portfolioId: 'live' }));
    await nextMessage(ws, (m) => m.type === 'subscribed', 2000);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect((await t.call({ method: 'DELETE', url: `/api/v1/api-keys/${key.id}` })).statusCode).toBe(200);
    expect(await closed).toBe(1008);
  });

  it('pushes a new report within one second of a quote change', async () => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${t.tokens.viewer}` } });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', portfolioId: 'live' }));
    await nextMessage(ws, (m) => m.type === 'subscribed', 2000);
    const started = Date.now();
    const update = nextMessage(ws, (m) => m.type === 'risk-report' && m.report?.nav === 1000 + 10 * 104, 1000);
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ symbol: 'IBM', last: 104, timestamp: new Date().toISOString() }] } });
    const m = await update;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(m.portfolioId).toBe('live');
    ws.send(JSON.stringify({ type: 'subscribe', portfolioId: 'missing' }));
    expect((await nextMessage(ws, (x) => x.type === 'error', 1000)).code).toBe('PORTFOLIO_NOT_FOUND');
    ws.close();
  });

  it('accepts the token as a query parameter for browsers', async () => {
    const ws = new WebSocket(`${url}?access_token=${encodeURIComponent(t.tokens.viewer)}`);
    await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
    ws.send(JSON.stringify({ type: 'subscribe', portfolioId: 'live' }));
    const first = await nextMessage(ws, (m) => m.type === 'risk-report', 2000);
    expect(first.report?.nav).toBeGreaterThan(0);
    ws.close();
  });
});
