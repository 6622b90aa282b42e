import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookInstructionDispatcher } from '../../src/adapters/http/webhook-instruction-dispatcher.ts';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

const dj = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
const header = dj.split('\n')[0]?.split(',') ?? [];
const lastRow = dj.trim().split('\n').at(-1)?.split(',') ?? [];
const px = (s: string) => Number(lastRow[header.indexOf(s)]);

interface Delivery { signature: string; timestamp: string; deliveryId: string; body: string }

describe('limit enforcement by the monitoring loop', () => {
  let t: TestApp;
  let server: Server;
  const deliveries: Delivery[] = [];
  let webhookSecret = '';
  const hub = new RiskStreamHub();
  const cycle = async (id: string) => {
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: hub, metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks };
    expect((await runRiskCycle(deps, id)).ok).toBe(true);
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += String(c); });
      req.on('end', () => {
        deliveries.push({ signature: String(req.headers['x-risk-signature']), timestamp: String(req.headers['x-risk-timestamp']), deliveryId: String(req.headers['x-risk-delivery-id']), body });
        res.statusCode = 204; res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/instructions`;
    const holder: { dispatcher?: WebhookInstructionDispatcher } = {};
    t = await createTestApp({ hub, dispatcher: { dispatch: (p, i, v) => (holder.dispatcher as WebhookInstructionDispatcher).dispatch(p, i, v) } });
    holder.dispatcher = new WebhookInstructionDispatcher(t.deps.storage.webhooks, { warn: () => {} }, 2000);
    const hook = await t.call({ method: 'POST', url: '/api/v1/enforcement/webhooks', payload: { url } });
    expect(hook.statusCode).toBe(201);
    webhookSecret = hook.json().secret;
    await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: dj });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: ['IBM', 'MSFT', 'KO'].map((s) => ({ symbol: s, last: px(s), timestamp: new Date().toISOString() })) } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } });
    for (const id of ['reduce-book', 'stop-book']) {
      await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id, name: id, cash: 100_000, applyDefaultLimits: false } });
      await t.call({ method: 'PUT', url: `/api/v1/portfolios/${id}/positions`, as: 'trader', payload: { positions: [
        { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 2000, averageCost: 80 },
        { instrument: { type: 'stock', symbol: 'KO' }, quantity: 1000, averageCost: 50 },
      ] } });
    }
    await t.call({ method: 'POST', url: '/api/v1/limits/reduce-book', as: 'risk_manager', payload: { id: 'ibm-size', type: 'position-size', scope: { kind: 'underlying', value: 'IBM' }, value: { mode: 'absolute', amount: 100_000 }, action: 'reduce' } });
    await t.call({ method: 'POST', url: '/api/v1/limits/stop-book', as: 'risk_manager', payload: { id: 'lev', type: 'leverage', value: { mode: 'absolute', amount: 0.5 }, action: 'emergency-stop' } });
  });
  afterAll(async () => { await t?.close(); server?.close(); });

  it('records a breach once, plans reducing instructions and delivers them to the webhook, signed', async () => {
    await cycle('reduce-book');
    await cycle('reduce-book');
    const v = (await t.call({ method: 'GET', url: '/api/v1/limits/reduce-book/violations', as: 'viewer' })).json();
    const list = v.violations ?? v;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ limitId: 'ibm-size', source: 'monitor', actionTaken: 'reduce' });
    const instructions = (await t.call({ method: 'GET', url: '/api/v1/enforcement/instructions?portfolioId=reduce-book', as: 'viewer' })).json().instructions;
    expect(instructions.length).toBeGreaterThan(0);
    const ibm = instructions.find((i: { instrumentKey: string }) => i.instrumentKey === 'IBM');
    expect(ibm.side).toBe('sell');
    expect(2000 - ibm.quantity).toBeLessThanOrEqual(100_000 / px('IBM') + 1);
    for (let i = 0; i < 50 && deliveries.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(deliveries).toHaveLength(1);
    const d = deliveries[0] as Delivery;
    // signed over timestamp, delivery id and body (a replay with another timestamp does not verify)
    expect(d.signature).toBe(`sha256=${createHmac('sha256', webhookSecret).update(`${d.timestamp}.${d.deliveryId}.${d.body}`).digest('hex')}`);
    expect(Math.abs(Number(d.timestamp) - Date.now())).toBeLessThan(60_000);
    expect(d.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    // the delivery is recorded on the instruction, and nothing is due any more
    let delivered = ibm;
    for (let i = 0; i < 50 && delivered.deliveredAt === null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      delivered = (await t.call({ method: 'GET', url: '/api/v1/enforcement/instructions?portfolioId=reduce-book', as: 'viewer' })).json().instructions.find((i: { id: string }) => i.id === ibm.id);
    }
    expect(delivered).toMatchObject({ deliveryAttempts: 1, nextDeliveryAt: null, lastDeliveryError: null });
    expect(delivered.deliveredAt).not.toBeNull();
    expect(JSON.parse(d.body).instructions[0].id).toBe(instructions.find((i: { instrumentKey: string }) => i.instrumentKey === 'IBM').id);
    const ack = await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${ibm.id}/ack`, as: 'trader', payload: { status: 'acknowledged', note: 'working' } });
    expect(ack.statusCode).toBeLessThan(300);
  });

  it('halts the portfolio when an emergency-stop limit is breached', async () => {
    await cycle('stop-book');
    const state = (await t.call({ method: 'GET', url: '/api/v1/portfolios/stop-book/trading-state', as: 'viewer' })).json();
    expect(state.state).toBe('HALTED');
    const order = await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'stop-book', clientOrderId: 'after-stop', legs: [{ instrument: { type: 'stock', symbol: 'KO' }, side: 'buy', quantity: 1 }] } });
    expect(order.json().reasons[0].code).toBe('TRADING_HALTED');
  });

  it('engages an emergency stop before delivering any instruction, and a slow webhook does not hold up the cycle', async () => {
    // a second execution endpoint that answers only when the test lets it, and notes the
    // portfolio's trading state at the moment each delivery arrives
    const held: Array<{ end: () => void; stateOnArrival: string | undefined }> = [];
    const slow = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        void t.deps.storage.tradingStates.get('slow-stop').then((r) => { held.push({ end: () => { res.statusCode = 204; res.end(); }, stateOnArrival: r?.state }); });
      });
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const hook = await t.call({ method: 'POST', url: '/api/v1/enforcement/webhooks', payload: { url: `http://127.0.0.1:${(slow.address() as { port: number }).port}/slow` } });
    try {
      await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'slow-stop', name: 'slow-stop', cash: 100_000, applyDefaultLimits: false } });
      await t.call({ method: 'PUT', url: '/api/v1/portfolios/slow-stop/positions', as: 'trader', payload: { positions: [
        { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 2000, averageCost: 80 },
        { instrument: { type: 'stock', symbol: 'KO' }, quantity: 1000, averageCost: 50 },
      ] } });
      // 'a-…' sorts before 'z-…': the reduce limit is defined first, the emergency stop last
      await t.call({ method: 'POST', url: '/api/v1/limits/slow-stop', as: 'risk_manager', payload: { id: 'a-ibm-size', type: 'position-size', scope: { kind: 'underlying', value: 'IBM' }, value: { mode: 'absolute', amount: 100_000 }, action: 'reduce' } });
      await t.call({ method: 'POST', url: '/api/v1/limits/slow-stop', as: 'risk_manager', payload: { id: 'z-lev', type: 'leverage', value: { mode: 'absolute', amount: 0.5 }, action: 'emergency-stop' } });
      await cycle('slow-stop');
      // the cycle is over while the slow endpoint still holds its delivery (or has not yet had it)
      expect(held.every((h) => h.stateOnArrival !== undefined)).toBe(true);
      const state = (await t.call({ method: 'GET', url: '/api/v1/portfolios/slow-stop/trading-state', as: 'viewer' })).json();
      expect(state.state).toBe('HALTED');
      for (let i = 0; i < 100 && held.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(held.length).toBeGreaterThan(0);
      expect(held.map((h) => h.stateOnArrival)).toEqual(held.map(() => 'HALTED'));
      const violations = (await t.call({ method: 'GET', url: '/api/v1/limits/slow-stop/violations', as: 'viewer' })).json();
      expect((violations.violations ?? violations).map((v: { limitId: string }) => v.limitId).sort()).toEqual(['a-ibm-size', 'z-lev']);
    } finally {
      for (const h of held) h.end();
      await t.call({ method: 'DELETE', url: `/api/v1/enforcement/webhooks/${hook.json().id}` });
      slow.close();
    }
  });

  it('closes positions in a restricted name when the restricted list says close', async () => {
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'restricted-book', name: 'restricted-book', cash: 100_000, applyDefaultLimits: false } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/restricted-book/positions', as: 'trader', payload: { positions: [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 200, averageCost: 80 },
      { instrument: { type: 'stock', symbol: 'KO' }, quantity: 1000, averageCost: 50 },
    ] } });
    const limit = await t.call({ method: 'POST', url: '/api/v1/limits/restricted-book', as: 'risk_manager', payload: { id: 'no-ko', type: 'restricted-symbols', action: 'close', params: { symbols: ['KO'] } } });
    expect(limit.statusCode).toBe(201);
    await cycle('restricted-book');
    await cycle('restricted-book');
    const v = (await t.call({ method: 'GET', url: '/api/v1/limits/restricted-book/violations', as: 'viewer' })).json();
    const list = v.violations ?? v;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ limitId: 'no-ko', source: 'monitor', actionTaken: 'close' });
    expect(list[0].metric.current).toBeCloseTo(1000 * px('KO'), 6);
    expect(list[0].metric.limit).toBe(0);
    const instructions = (await t.call({ method: 'GET', url: '/api/v1/enforcement/instructions?portfolioId=restricted-book', as: 'viewer' })).json().instructions;
    expect(instructions.map((i: { instrumentKey: string; side: string; quantity: number }) => [i.instrumentKey, i.side, i.quantity])).toEqual([['KO', 'sell', 1000]]);
  });
});
