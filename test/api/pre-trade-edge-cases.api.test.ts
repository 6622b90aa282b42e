import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusRiskMetrics } from '../../src/adapters/metrics/prometheus-risk-metrics.ts';
import { runRiskCycle } from '../../src/app/risk/run-risk-cycle.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

const dj = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
const lastRow = dj.trim().split('\n').at(-1)?.split(',') ?? [];
const header = dj.split('\n')[0]?.split(',') ?? [];
const px = (s: string) => Number(lastRow[header.indexOf(s)]);

/** Orders on names the portfolio does not hold yet, a portfolio of cash alone, tiny signals, a runaway order rate. */
describe('pre-trade gate edge cases', () => {
  let t: TestApp;
  const cycle = async (id: string) => {
    t.gate.setPortfolios(await t.deps.storage.portfolios.list());
    const deps = { ...t.deps, risk: riskSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, publisher: new RiskStreamHub(), metrics: new PrometheusRiskMetrics(new Registry()), navHistoryIntervalSeconds: 60, preTrade: t.preTrade.cycleHooks };
    expect((await runRiskCycle(deps, id)).ok).toBe(true);
  };
  const check = (portfolioId: string, clientOrderId: string, symbol: string, quantity: number) => t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId, clientOrderId, legs: [{ instrument: { type: 'stock', symbol }, side: 'buy', quantity }] } });
  const codes = (r: { json(): { reasons: Array<{ code: string }> } }) => r.json().reasons.map((x) => x.code);

  beforeAll(async () => {
    t = await createTestApp();
    await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: dj });
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: ['IBM', 'KO', 'PG'].map((s) => ({ symbol: s, last: px(s), bid: px(s) - 0.05, ask: px(s) + 0.05, timestamp: new Date().toISOString() })) } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } });
    const ref = await t.call({ method: 'POST', url: '/api/v1/market-data/reference', as: 'trader', payload: { symbols: [
      { symbol: 'IBM', type: 'stock', sector: 'Technology', averageDailyVolume: 5_000_000, beta: 1.1 },
      { symbol: 'KO', type: 'stock', sector: 'Staples', averageDailyVolume: 10_000_000, beta: 0.6 },
      { symbol: 'PG', type: 'stock', sector: 'Staples', averageDailyVolume: 200, beta: 0.5 },
    ] } });
    expect(ref.statusCode).toBe(200);
    for (const id of ['tech', 'cash', 'runaway']) await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id, name: id, cash: 1_000_000, applyDefaultLimits: false } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/tech/positions', as: 'trader', payload: { positions: [{ instrument: { type: 'stock', symbol: 'IBM' }, quantity: 1000, averageCost: 80 }] } });
    const limit = (body: Record<string, unknown>) => t.call({ method: 'POST', url: '/api/v1/limits/tech', as: 'risk_manager', payload: body });
    expect((await limit({ id: 'staples', type: 'sector-exposure', scope: { kind: 'sector', value: 'Staples' }, value: { mode: 'absolute', amount: 20_000 }, action: 'block-new' })).statusCode).toBe(201);
    expect((await limit({ id: 'liquidity', type: 'liquidity', value: { mode: 'absolute', amount: 1 }, action: 'block-new', params: { participationRate: 0.1 } })).statusCode).toBe(201);
    const rate = await t.call({ method: 'POST', url: '/api/v1/limits/runaway', as: 'risk_manager', payload: { id: 'runaway-rate', type: 'order-rate', value: { mode: 'absolute', amount: 5 }, action: 'emergency-stop' } });
    expect(rate.statusCode).toBe(201);
    const lower = await t.call({ method: 'POST', url: '/api/v1/limits/cash', as: 'risk_manager', payload: { id: 'no-pg', type: 'restricted-symbols', action: 'block-new', params: { symbols: ['pg'] } } });
    expect(lower.statusCode).toBe(201);
    await cycle('tech');
    await cycle('cash');
    await cycle('runaway');
  });
  afterAll(async () => { await t?.close(); });

  it('judges a name not yet held by its own sector: the sector limit applies to the first purchase', async () => {
    const over = await check('tech', 'ko-big', 'KO', 1000); // 1,000 x KO is above the 20,000 Staples limit
    expect(over.json().decision).toBe('reject');
    expect(codes(over)).toContain('LIMIT_SECTOR_EXPOSURE_EXCEEDED');
    const within = await check('tech', 'ko-small', 'KO', 100);
    expect(codes(within)).toEqual([]);
    expect(within.json().decision).toBe('approve');
  });

  it('uses the reference average daily volume of a name not yet held for the liquidity limit', async () => {
    // PG trades 200 shares a day: 100 shares are 5 days at 10 % participation, over the 1-day limit
    const illiquid = await check('tech', 'pg-1', 'PG', 100);
    expect(codes(illiquid)).toContain('LIMIT_LIQUIDITY_EXCEEDED');
    expect(codes(illiquid)).not.toContain('MARKET_DATA_MISSING');
  });

  it('approves an order for a portfolio of cash alone (its VaR is 0, not missing)', async () => {
    const first = await check('cash', 'cash-1', 'IBM', 10);
    expect(codes(first)).toEqual([]);
    expect(first.json().decision).toBe('approve');
    expect(first.json().projected.var.var95).toBeGreaterThan(0);
  });

  it('matches a restricted list whatever the case it was written in', async () => {
    const r = await check('cash', 'pg-restricted', 'PG', 1);
    expect(r.json().decision).toBe('reject');
    expect(r.json().reasons).toEqual([expect.objectContaining({ code: 'RESTRICTED_SYMBOL', limitId: 'no-pg', scope: { kind: 'symbol', value: 'PG' } })]);
  });

  it('refuses a trading signal for less than one unit instead of approving it', async () => {
    const signal = (body: Record<string, unknown>) => t.call({ method: 'POST', url: '/api/v1/risk/validate-signal', as: 'trader', payload: { portfolioId: 'cash', symbol: 'IBM', direction: 'long', ...body } });
    for (const body of [{ suggestedQuantity: 0.5 }, { suggestedNotional: px('IBM') / 2 }]) {
      const r = await signal(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.code).toBe('INVALID_INPUT');
    }
    const one = (await signal({ suggestedQuantity: 1 })).json();
    expect(one).toMatchObject({ decision: 'approve', largestQuantity: 1, requestedQuantity: 1 });
  });

  it('halts the portfolio when an order breaches a per-order emergency-stop limit (a runaway order rate)', async () => {
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => check('runaway', `burst-${i}`, 'IBM', 1)));
    const burstCodes = burst.flatMap(codes);
    expect(burstCodes).toContain('ORDER_RATE_EXCEEDED');
    // the very next order meets a halted portfolio
    const after = await check('runaway', 'after-burst', 'IBM', 1);
    expect(after.json().decision).toBe('reject');
    expect(codes(after)).toContain('TRADING_HALTED');
    // and the kill switch is engaged in storage (audited), by the gate
    let state = { state: '', engaged: false, engagedBy: '' };
    for (let i = 0; i < 100 && !state.engaged; i++) {
      state = (await t.call({ method: 'GET', url: '/api/v1/portfolios/runaway/trading-state', as: 'viewer' })).json().portfolio ?? state;
      if (!state.engaged) await new Promise((r) => setTimeout(r, 20));
    }
    expect(state).toMatchObject({ state: 'HALTED', engaged: true, engagedBy: 'system:pre-trade-gate' });
    const audit = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=kill-switch.engaged&subject=trading-state:runaway', as: 'admin' })).json();
    expect((audit.events ?? audit).length).toBe(1);
  });

  it('judges no order by limits older than a limit change: it rejects LIMITS_RELOADING until the new limits are in', async () => {
    const small = () => check('cash', `tight-${Math.random()}`, 'IBM', 50);
    expect((await small()).json().decision).toBe('approve');
    const tighten = await t.call({ method: 'POST', url: '/api/v1/limits/cash', as: 'risk_manager', payload: { id: 'tight', type: 'order-quantity', value: { mode: 'absolute', amount: 10 }, action: 'block-new' } });
    expect(tighten.statusCode).toBe(201);
    // at once, before any risk cycle: not approved under the old limits
    expect(codes(await small())).toEqual(['LIMITS_RELOADING']);
    await cycle('cash');
    expect(codes(await small())).toEqual(['ORDER_QUANTITY_EXCEEDED']);
    expect((await t.call({ method: 'DELETE', url: '/api/v1/limits/cash/tight', as: 'risk_manager' })).statusCode).toBe(200);
    expect(codes(await small())).toEqual(['LIMITS_RELOADING']);
    await cycle('cash');
    expect((await small()).json().decision).toBe('approve');
  });

  it('stops approving for a portfolio at once when it is made inactive', async () => {
    expect((await check('cash', 'before-inactive', 'IBM', 1)).json().decision).toBe('approve');
    expect((await t.call({ method: 'PATCH', url: '/api/v1/portfolios/cash', as: 'risk_manager', payload: { status: 'inactive' } })).statusCode).toBe(200);
    expect(codes(await check('cash', 'after-inactive', 'IBM', 1))).toEqual(['PORTFOLIO_INACTIVE']);
  });
});
