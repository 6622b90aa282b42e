import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

/** A clock the test moves: quotes go stale when it runs ahead of their timestamps. */
const clock = { t: Date.now(), now() { return new Date(this.t); } };
const dj = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
const lastRow = dj.trim().split('\n').at(-1)?.split(',') ?? [];
const header = dj.split('\n')[0]?.split(',') ?? [];
const px = (s: string) => Number(lastRow[header.indexOf(s)]);
const expiry = new Date(clock.t + 45 * 86_400_000).toISOString().slice(0, 10);
const ibmCall = { type: 'option', underlying: 'IBM', kind: 'call', strike: 90, expiry, exerciseStyle: 'european', multiplier: 100 };
const ibmPut = { ...ibmCall, kind: 'put' };

describe('pre-trade gate over HTTP', () => {
  let t: TestApp;
  let secondRiskManager: string;
  const cycle = async () => {
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: new RiskStreamHub(), metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks };
    const r = await runRiskCycle(deps, 'book');
    expect(r.ok).toBe(true);
  };
  const check = (body: Record<string, unknown>, as: 'trader' | 'viewer' = 'trader') => t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as, payload: { portfolioId: 'book', ...body } });
  const quotes = (ts: string) => ({ quotes: ['IBM', 'MSFT', 'KO', 'XOM'].map((s) => ({ symbol: s, last: px(s), bid: px(s) - 0.05, ask: px(s) + 0.05, timestamp: ts })) });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: dj });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: quotes(new Date(clock.t - 1000).toISOString()) });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ instrument: ibmCall, last: 3, impliedVolatility: 0.35, timestamp: new Date(clock.t - 1000).toISOString() }] } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'book', name: 'Book', cash: 500_000, applyDefaultLimits: false } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/book/positions', as: 'trader', payload: { positions: [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 1000, averageCost: 80 },
      { instrument: { type: 'stock', symbol: 'MSFT' }, quantity: 500, averageCost: 40 },
      { instrument: ibmCall, quantity: -5, averageCost: 3, strategyGroupId: 'cc' },
    ] } });
    const limit = (body: Record<string, unknown>) => t.call({ method: 'POST', url: '/api/v1/limits/book', as: 'risk_manager', payload: body });
    expect((await limit({ id: 'ibm-delta', type: 'net-delta', scope: { kind: 'underlying', value: 'IBM' }, value: { mode: 'absolute', amount: 100_000 }, action: 'block-new' })).statusCode).toBe(201);
    expect((await limit({ id: 'max-qty', type: 'order-quantity', value: { mode: 'absolute', amount: 5000 }, action: 'block-new' })).statusCode).toBe(201);
    expect((await limit({ id: 'banned', type: 'restricted-symbols', value: { mode: 'absolute', amount: 0 }, action: 'block-new', params: { symbols: ['XOM'] } })).statusCode).toBe(201);
    const key = await t.call({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'second risk manager', role: 'risk_manager' } });
    secondRiskManager = key.json().token;
    await cycle();
  });
  afterAll(async () => { await t?.close(); });

  it('reads an option leg without multiplier or style as multiplier 100, American, as positions do', async () => {
    const { multiplier: _m, ...ibmCallNoMultiplier } = ibmCall;
    const explicit = (await check({ clientOrderId: 'def-1', legs: [{ instrument: ibmCall, side: 'buy', quantity: 5 }] })).json();
    const implicit = (await check({ clientOrderId: 'def-2', legs: [{ instrument: ibmCallNoMultiplier, side: 'buy', quantity: 5 }] })).json();
    expect(implicit.reasons).toEqual(explicit.reasons);
    expect(implicit.decision).toBe(explicit.decision);
    // the same held position is bought back: the same projection
    expect(implicit.projected).toEqual(explicit.projected);
    const { exerciseStyle: _s, ...americanCall } = ibmCallNoMultiplier;
    const american = (await check({ clientOrderId: 'def-3', legs: [{ instrument: { ...americanCall, strike: 95 }, side: 'buy', quantity: 1 }] })).json();
    expect(american.reasons.map((r: { code: string }) => r.code)).not.toContain('INVALID_ORDER');
    expect(american.pricing.length).toBe(1);
  });

  it('approves an order within every limit and reports the projection, state and latency', async () => {
    const r = await check({ clientOrderId: 'o-1', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 100 }] });
    expect(r.statusCode).toBe(200);
    const d = r.json();
    expect(d).toMatchObject({ decision: 'approve', reasons: [], tradingState: 'ACTIVE', portfolioId: 'book', clientOrderId: 'o-1' });
    expect(d.projected.greeks.dollarDelta).toBeGreaterThan(0);
    expect(d.latencyMicros).toBeGreaterThan(0);
    // the version of the limits judged by, as GET /limits reports it (an integer in both)
    expect(d.limitsVersion).toBe((await t.call({ method: 'GET', url: '/api/v1/limits/book' })).json().limitsVersion);
  });

  it('rejects a risk-increasing breach with a coded reason and lets a reducing order through', async () => {
    const up = (await check({ clientOrderId: 'o-2', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1000 }] })).json();
    expect(up.decision).toBe('reject');
    expect(up.reasons[0]).toMatchObject({ code: 'LIMIT_NET_DELTA_EXCEEDED', limitId: 'ibm-delta' });
    expect(up.reasons[0].projected).toBeGreaterThan(up.reasons[0].limit);
    const down = (await check({ clientOrderId: 'o-3', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'sell', quantity: 200 }] })).json();
    expect(down.decision).toBe('approve');
  });

  it('judges a multi-leg order as one unit', async () => {
    const hedged = (await check({ clientOrderId: 'o-4', legs: [
      { instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1000 },
      { instrument: ibmPut, side: 'buy', quantity: 20 },
    ] })).json();
    const alone = (await check({ clientOrderId: 'o-4b', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1000 }] })).json();
    expect(alone.decision).toBe('reject');
    expect(hedged.decision).toBe('approve');
    const oneBadLeg = (await check({ clientOrderId: 'o-5', legs: [
      { instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 10 },
      { instrument: { type: 'stock', symbol: 'XOM' }, side: 'buy', quantity: 10 },
    ] })).json();
    expect(oneBadLeg.decision).toBe('reject');
    expect(oneBadLeg.reasons.map((x: { code: string }) => x.code)).toContain('RESTRICTED_SYMBOL');
  });

  it('gives the same answer to a replayed clientOrderId and refuses a reused one with another body', async () => {
    const body = { clientOrderId: 'o-6', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 10 }] };
    const first = await check(body);
    const a = first.json();
    const replay = await check(body);
    expect(replay.body).toBe(first.body); // byte for byte, from the cached text
    expect(replay.json()).toEqual(a);
    const c = (await check({ ...body, legs: [{ ...body.legs[0], quantity: 11 }] })).json();
    expect(c.reasons[0].code).toBe('CLIENT_ORDER_ID_REUSED');
    // the refusal is audited; the id's decision stays the first one
    let ev: Array<{ eventType: string; payload: { clientOrderId: string; decision: string } }> = [];
    for (let i = 0; i < 50 && ev.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=pre-trade.client-order-id-reused&subject=portfolio:book', as: 'risk_manager' })).json().events;
    }
    expect(ev).toEqual([expect.objectContaining({ payload: expect.objectContaining({ clientOrderId: 'o-6', decision: 'reject' }) })]);
    expect((await check(body)).body).toBe(first.body);
  });

  it('checks per-order limits', async () => {
    const r = (await check({ clientOrderId: 'o-7', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 6000 }] })).json();
    expect(r.reasons.map((x: { code: string }) => x.code)).toContain('ORDER_QUANTITY_EXCEEDED');
  });

  it('fails closed on an unknown portfolio, an instrument without market data and stale quotes', async () => {
    const unknown = (await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'nope', clientOrderId: 'x', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 1 }] } })).json();
    expect(unknown).toMatchObject({ decision: 'reject', reasons: [{ code: 'PORTFOLIO_UNKNOWN' }] });
    const noData = (await check({ clientOrderId: 'o-8', legs: [{ instrument: { type: 'stock', symbol: 'ZZZZ' }, side: 'buy', quantity: 1 }] })).json();
    expect(noData.decision).toBe('reject');
    expect(['MARKET_DATA_MISSING', 'INSTRUMENT_UNKNOWN']).toContain(noData.reasons[0].code);
    clock.t += 120_000;
    const stale = (await check({ clientOrderId: 'o-9', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 1 }] })).json();
    expect(stale.decision).toBe('reject');
    expect(['MARKET_DATA_STALE', 'RISK_STATE_STALE']).toContain(stale.reasons[0].code);
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: quotes(new Date(clock.t - 500).toISOString()) });
    await cycle();
    expect((await check({ clientOrderId: 'o-10', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 1 }] })).json().decision).toBe('approve');
  });

  it('stops approvals at once under the kill switch and releases only by another risk manager', async () => {
    const order = (id: string) => ({ clientOrderId: id, legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 1 }] });
    expect((await t.call({ method: 'POST', url: '/api/v1/kill-switch', as: 'risk_manager', payload: { scope: 'firm', reason: 'test' } })).statusCode).toBeLessThan(300);
    const started = Date.now();
    const halted = (await check(order('k-1'))).json();
    expect(Date.now() - started).toBeLessThan(100);
    expect(halted).toMatchObject({ decision: 'reject', tradingState: 'HALTED' });
    expect(halted.reasons[0].code).toBe('TRADING_HALTED');
    const same = await t.call({ method: 'POST', url: '/api/v1/kill-switch/release', as: 'risk_manager', payload: { scope: 'firm', reason: 'done' } });
    expect(same.statusCode).toBe(403);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/kill-switch/release', headers: { authorization: `Bearer ${secondRiskManager}` }, payload: { scope: 'firm', reason: 'done' } });
    expect(other.statusCode).toBeLessThan(300);
    expect((await check(order('k-2'))).json().decision).toBe('approve');
  });

  it('allows only position-reducing orders in REDUCE_ONLY', async () => {
    expect((await t.call({ method: 'PUT', url: '/api/v1/portfolios/book/trading-state', as: 'risk_manager', payload: { state: 'REDUCE_ONLY', reason: 'test' } })).statusCode).toBeLessThan(300);
    const sell = (await check({ clientOrderId: 'r-1', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'sell', quantity: 100 }] })).json();
    expect(sell.decision).toBe('approve');
    const mixed = (await check({ clientOrderId: 'r-2', legs: [
      { instrument: { type: 'stock', symbol: 'MSFT' }, side: 'sell', quantity: 100 }, { instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 10 },
    ] })).json();
    expect(mixed.reasons.map((x: { code: string }) => x.code)).toContain('REDUCE_ONLY_VIOLATION');
    const flip = (await check({ clientOrderId: 'r-3', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'sell', quantity: 5000 }] })).json();
    expect(flip.decision).toBe('reject');
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/book/trading-state', as: 'risk_manager', payload: { state: 'ACTIVE', reason: 'test over' } });
  });

  it('records every decision in the audit trail with its inputs hash and limits version', async () => {
    await new Promise((r) => setTimeout(r, 50));
    const events = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=pre-trade.decision&limit=1000', as: 'risk_manager' })).json().events;
    const ids = events.map((e: { payload: { clientOrderId: string } }) => e.payload.clientOrderId);
    expect(ids).toEqual(expect.arrayContaining(['o-1', 'o-2', 'o-6', 'k-1']));
    expect(ids.filter((x: string) => x === 'o-6')).toHaveLength(1);
    const o2 = events.find((e: { payload: { clientOrderId: string } }) => e.payload.clientOrderId === 'o-2').payload;
    expect(o2).toMatchObject({ decision: 'reject', reasons: [{ code: 'LIMIT_NET_DELTA_EXCEEDED', limitId: 'ibm-delta' }] });
    expect(o2.inputsHash).toMatch(/^[a-f0-9]{64}$/);
    expect((await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json().ok).toBe(true);
  });

  it('records limit rejections as pre-trade violations', async () => {
    await new Promise((r) => setTimeout(r, 30));
    const v = (await t.call({ method: 'GET', url: '/api/v1/limits/book/violations?limitId=ibm-delta', as: 'viewer' })).json();
    const list = (v.violations ?? v) as Array<{ source: string; actionTaken: string; context: { clientOrderId: string } }>;
    const o2 = list.find((x) => x.context.clientOrderId === 'o-2');
    expect(o2).toMatchObject({ source: 'pre-trade', actionTaken: 'order-rejected', limitType: 'net-delta' });
    const banned = (await t.call({ method: 'GET', url: '/api/v1/limits/book/violations?limitId=banned', as: 'viewer' })).json();
    const bannedList = (banned.violations ?? banned) as Array<{ limitType: string }>;
    expect(bannedList.length).toBeGreaterThan(0);
    expect(new Set(bannedList.map((x) => x.limitType))).toEqual(new Set(['restricted-symbols']));
    // audited as every other violation is: one event type, the limit as subject
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=limit.violation-recorded&subject=limit:book/ibm-delta', as: 'risk_manager' })).json().events;
    expect(ev.some((e: { actor: string; payload: { after: { source: string } } }) => e.actor === 'system:pre-trade-gate' && e.payload.after.source === 'pre-trade')).toBe(true);
  });

  it('applies an approved override until it expires, then judges against the limit again', async () => {
    const order = (id: string) => ({ clientOrderId: id, legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1000 }] });
    expect((await check(order('ov-0'))).json().decision).toBe('reject');
    const req = await t.call({ method: 'POST', url: '/api/v1/limits/book/ibm-delta/overrides', as: 'risk_manager', payload: { kind: 'raise', amount: 1_000_000, reason: 'client facilitation', expiresAt: new Date(clock.t + 60_000).toISOString() } });
    expect(req.statusCode).toBe(201);
    const approve = await t.app.inject({ method: 'POST', url: `/api/v1/limits/book/ibm-delta/overrides/${req.json().id}/approve`, headers: { authorization: `Bearer ${secondRiskManager}` }, payload: {} });
    expect(approve.statusCode).toBeLessThan(300);
    await cycle();
    expect((await check(order('ov-1'))).json().decision).toBe('approve');
    clock.t += 61_000;
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: quotes(new Date(clock.t - 500).toISOString()) });
    const lapsed = (await check(order('ov-2'))).json();
    expect(lapsed.decision).toBe('reject');
    expect(['LIMITS_RELOADING', 'RISK_STATE_STALE', 'MARKET_DATA_STALE']).toContain(lapsed.reasons[0].code);
    await cycle();
    const after = (await check(order('ov-3'))).json();
    expect(after.reasons[0]).toMatchObject({ code: 'LIMIT_NET_DELTA_EXCEEDED', limitId: 'ibm-delta' });
  });

  it('validates a signal and gives the largest size that fits', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/risk/validate-signal', as: 'trader', payload: { portfolioId: 'book', symbol: 'IBM', direction: 'long', strategy: 'momentum', confidence: 0.7, suggestedQuantity: 4000 } });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.largestQuantity).toBeGreaterThan(0);
    expect(s.largestQuantity).toBeLessThan(4000);
    expect(s.decision).toBe('approve-reduced');
    const fits = (await check({ clientOrderId: 'sig-fit', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: s.largestQuantity }] })).json();
    const over = (await check({ clientOrderId: 'sig-over', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: s.largestQuantity + 1 }] })).json();
    expect(fits.decision).toBe('approve');
    expect(over.decision).toBe('reject');
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=pre-trade.signal-validated&subject=portfolio:book', as: 'risk_manager' })).json().events;
    expect(ev).toEqual([expect.objectContaining({ payload: expect.objectContaining({ signalId: s.signalId, symbol: 'IBM', decision: 'approve-reduced', largestQuantity: s.largestQuantity, requestedQuantity: 4000 }) })]);
  });

  it('needs a trader to check orders', async () => {
    expect((await check({ clientOrderId: 'v-1', legs: [{ instrument: { type: 'stock', symbol: 'MSFT' }, side: 'buy', quantity: 1 }] }, 'viewer')).statusCode).toBe(403);
  });
});
