import { ShippedReplayData } from '../../src/adapters/files/shipped-replay-data.ts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256ApiKeyCodec } from '../../src/adapters/auth/api-key-codec.ts';
import { BearerAuthenticator } from '../../src/adapters/auth/bearer-authenticator.ts';
import { sha256Hex } from '../../src/adapters/postgres/postgres-audit-log.ts';
import { PostgresStorage } from '../../src/adapters/postgres/postgres-storage.ts';
import { engageKillSwitch, releaseKillSwitch } from '../../src/app/limits/kill-switch.ts';
import { setTradingState } from '../../src/app/limits/set-trading-state.ts';
import type { PreTradeGate } from '../../src/app/pre-trade/pre-trade-gate.ts';
import { wirePreTrade } from '../../src/app/pre-trade/wire-pre-trade.ts';
import { buildApp } from '../../src/api/build-app.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { limitSettingsFrom, riskSettingsFrom } from '../../src/config/settings-from-config.ts';
import type { Principal } from '../../src/core/auth/role.ts';
import { inlineMonteCarloEngine } from '../support/inline-monte-carlo-engine.ts';
import { createTestApp, JWT_SECRET, TEST_CONFIG, type TestApp } from '../support/test-app.ts';
import { systemClock } from '../support/test-storage.ts';

/** A second instance of the service over the same database, wired as main.ts does, as after a restart. */
async function appOnSameDatabase(t: TestApp): Promise<{ app: FastifyInstance; gate: PreTradeGate; close: () => Promise<void> }> {
  const storage = new PostgresStorage(t.db.database, systemClock);
  const deps = { storage, clock: systemClock, ids: { newId: (p: string) => `${p}_second_${Math.random().toString(36).slice(2)}` } };
  const authenticator = new BearerAuthenticator({
    apiKeys: storage.apiKeys, codec: sha256ApiKeyCodec, clock: systemClock, apiKeyCacheMs: 0,
    jwt: { algorithms: ['HS256'], issuer: 'options-risk-service', audience: 'options-risk-api', roleClaim: 'role', secret: JWT_SECRET },
  });
  const preTrade = await wirePreTrade({ storage, clock: systemClock, ids: deps.ids, delivery: { kick: () => {} }, publisher: new RiskStreamHub(), onError: () => {}, sha256Hex, settings: { maxQuoteAgeMs: 60_000, maxStateAgeMs: 60_000, deadlineMs: 50, journalMaxBatch: 256, journalMaxDelayMs: 1, journalBackgroundDelayMs: 1, journalMaxBacklog: 100_000, journalSynchronousCommit: true, journalWriteAhead: 'off' }, lookbackDays: TEST_CONFIG.risk.historyLookbackDays, minReturns: TEST_CONFIG.risk.minHistoryReturns });
  const app = await buildApp({
    ...deps, gate: preTrade.gate, onTradingStateChange: preTrade.onTradingStateChange, authenticator, codec: sha256ApiKeyCodec, info: { version: 'test-2', startedAt: new Date() },
    settings: { baseCurrency: 'USD', bodyLimitBytes: 1024 * 1024, rateLimit: { max: 100_000, windowMs: 60_000 }, metricsRequireAuth: true },
    risk: riskSettingsFrom(TEST_CONFIG), limits: limitSettingsFrom(TEST_CONFIG), monteCarlo: inlineMonteCarloEngine, hub: new RiskStreamHub(), replayData: new ShippedReplayData(),
  });
  return { app, gate: preTrade.gate, close: async () => { await app.close(); await preTrade.journal.close(); } };
}

describe('trading states and the kill switch', () => {
  let t: TestApp;
  let rm2: string;
  const asRm2 = (opts: { method: 'POST' | 'PUT' | 'GET'; url: string; payload?: object }) =>
    t.app.inject({ ...opts, headers: { authorization: `Bearer ${rm2}` } });
  const stateOf = async (id: string) => (await t.call({ method: 'GET', url: `/api/v1/portfolios/${id}/trading-state`, as: 'viewer' })).json();

  beforeAll(async () => {
    t = await createTestApp();
    for (const id of ['alpha', 'beta']) await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id, name: id } });
    rm2 = (await t.call({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'second risk manager', role: 'risk_manager' } })).json().token;
  });
  afterAll(async () => { await t?.close(); });

  it('starts ACTIVE by default and 404s for an unknown portfolio', async () => {
    expect(await stateOf('alpha')).toMatchObject({ portfolioId: 'alpha', state: 'ACTIVE', source: 'default', firm: null, portfolio: null });
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/nope/trading-state' })).json().error.code).toBe('PORTFOLIO_NOT_FOUND');
  });

  it('sets a portfolio state with an audit event; a viewer or trader may not', async () => {
    const r = await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/trading-state', as: 'risk_manager', payload: { state: 'REDUCE_ONLY', reason: 'drawdown review' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: 'REDUCE_ONLY', source: 'portfolio', portfolio: { reason: 'drawdown review', engaged: false } });
    expect((await stateOf('beta')).state).toBe('ACTIVE');
    for (const as of ['viewer', 'trader'] as const) {
      expect((await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/trading-state', as, payload: { state: 'ACTIVE', reason: 'x' } })).statusCode).toBe(403);
    }
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?subject=trading-state:alpha', as: 'risk_manager' })).json().events;
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ eventType: 'trading-state.changed', payload: { before: null, after: { state: 'REDUCE_ONLY' } } });
    const bad = await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/trading-state', as: 'risk_manager', payload: { state: 'PAUSED', reason: 'x' } });
    expect(bad.statusCode).toBe(400);
  });

  it('engages the firm kill switch: every portfolio HALTED; release by the same person 403, by another OK', async () => {
    const on = await t.call({ method: 'POST', url: '/api/v1/kill-switch', as: 'risk_manager', payload: { scope: 'firm', reason: 'runaway algo' } });
    expect(on.statusCode).toBe(200);
    expect(t.gate.effectiveTradingState('beta')).toBe('HALTED');
    expect(on.json()).toMatchObject({ changed: true, tradingState: { key: 'firm', state: 'HALTED', engaged: true, engagedBy: expect.stringMatching(/^key:/), engagedReason: 'runaway algo' } });
    for (const id of ['alpha', 'beta']) expect(await stateOf(id)).toMatchObject({ state: 'HALTED', source: 'firm' });
    const ks = (await t.call({ method: 'GET', url: '/api/v1/kill-switch', as: 'viewer' })).json();
    expect(ks.firm).toMatchObject({ engaged: true, state: 'HALTED', reason: 'runaway algo' });

    const again = await asRm2({ method: 'POST', url: '/api/v1/kill-switch', payload: { scope: 'firm', reason: 'me too' } });
    expect(again.json()).toMatchObject({ changed: false, tradingState: { engagedBy: on.json().tradingState.engagedBy } });

    const same = await t.call({ method: 'POST', url: '/api/v1/kill-switch/release', as: 'risk_manager', payload: { scope: 'firm', reason: 'fixed' } });
    expect(same.statusCode).toBe(403);
    expect(same.json().error.code).toBe('TWO_PERSON_RULE');
    expect((await stateOf('beta')).state).toBe('HALTED');
    expect((await t.call({ method: 'POST', url: '/api/v1/kill-switch/release', as: 'trader', payload: { scope: 'firm', reason: 'x' } })).statusCode).toBe(403);

    const off = await asRm2({ method: 'POST', url: '/api/v1/kill-switch/release', payload: { scope: 'firm', reason: 'algo disabled, checked' } });
    expect(off.statusCode).toBe(200);
    expect(off.json().tradingState).toMatchObject({ state: 'ACTIVE', engaged: false, engagedBy: null });
    expect((await stateOf('beta')).state).toBe('ACTIVE');
    expect((await stateOf('alpha')).state).toBe('REDUCE_ONLY');
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?subject=trading-state:firm', as: 'risk_manager' })).json().events;
    expect(ev.map((e: { eventType: string }) => e.eventType)).toEqual(['kill-switch.engaged', 'kill-switch.released']);
    expect(ev[1].payload.before.engaged).toBe(true);
    expect(ev[1].payload.after.state).toBe('ACTIVE');
    expect((await asRm2({ method: 'POST', url: '/api/v1/kill-switch/release', payload: { scope: 'firm', reason: 'again' } })).json().error.code).toBe('KILL_SWITCH_NOT_ENGAGED');
  });

  it('releases a portfolio kill switch back to the state it halted, not to ACTIVE', async () => {
    expect((await stateOf('alpha')).state).toBe('REDUCE_ONLY');
    const on = await t.call({ method: 'POST', url: '/api/v1/kill-switch', as: 'risk_manager', payload: { scope: 'portfolio', portfolioId: 'alpha', reason: 'bad fills' } });
    expect(on.json().tradingState).toMatchObject({ state: 'HALTED', engaged: true, stateBeforeEngaged: 'REDUCE_ONLY' });
    expect(t.gate.effectiveTradingState('alpha')).toBe('HALTED');
    const off = await asRm2({ method: 'POST', url: '/api/v1/kill-switch/release', payload: { scope: 'portfolio', portfolioId: 'alpha', reason: 'fills reconciled' } });
    expect(off.statusCode).toBe(200);
    expect(off.json().tradingState).toMatchObject({ state: 'REDUCE_ONLY', engaged: false, stateBeforeEngaged: null });
    expect((await stateOf('alpha')).state).toBe('REDUCE_ONLY');
    expect(t.gate.effectiveTradingState('alpha')).toBe('REDUCE_ONLY');
  });

  it('validates the kill switch body', async () => {
    const cases = [
      [{ scope: 'portfolio', reason: 'x' }, 'INVALID_INPUT'],
      [{ scope: 'firm', portfolioId: 'alpha', reason: 'x' }, 'INVALID_INPUT'],
      [{ scope: 'portfolio', portfolioId: 'nope', reason: 'x' }, 'PORTFOLIO_NOT_FOUND'],
      [{ scope: 'firm' }, 'INVALID_INPUT'],
    ] as const;
    for (const [payload, code] of cases) expect((await t.call({ method: 'POST', url: '/api/v1/kill-switch', as: 'risk_manager', payload })).json().error.code).toBe(code);
    expect((await t.call({ method: 'GET', url: '/api/v1/kill-switch' })).json().firm.engaged).toBe(false);
  });

  it('keeps a portfolio kill switch across a new app instance on the same database', async () => {
    const on = await asRm2({ method: 'POST', url: '/api/v1/kill-switch', payload: { scope: 'portfolio', portfolioId: 'beta', reason: 'fat finger' } });
    expect(on.statusCode).toBe(200);
    const blocked = await t.call({ method: 'PUT', url: '/api/v1/portfolios/beta/trading-state', as: 'risk_manager', payload: { state: 'ACTIVE', reason: 'sneaky' } });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('KILL_SWITCH_ENGAGED');

    const restarted = await appOnSameDatabase(t);
    const second = restarted.app;
    try {
      // The new instance's in-memory gate starts halted, before any request.
      expect(restarted.gate.effectiveTradingState('beta')).toBe('HALTED');
      expect(restarted.gate.effectiveTradingState('alpha')).not.toBe('HALTED');
      const viewer = { authorization: `Bearer ${t.tokens.viewer}` };
      const st = (await second.inject({ method: 'GET', url: '/api/v1/portfolios/beta/trading-state', headers: viewer })).json();
      expect(st).toMatchObject({ state: 'HALTED', source: 'portfolio', portfolio: { engaged: true, engagedReason: 'fat finger' } });
      const ks = (await second.inject({ method: 'GET', url: '/api/v1/kill-switch', headers: viewer })).json();
      expect(ks.portfolios).toEqual([expect.objectContaining({ portfolioId: 'beta', engaged: true, reason: 'fat finger' })]);
      // The two-person rule holds on the new instance as well.
      const same = await second.inject({ method: 'POST', url: '/api/v1/kill-switch/release', headers: { authorization: `Bearer ${rm2}` }, payload: { scope: 'portfolio', portfolioId: 'beta', reason: 'x' } });
      expect(same.json().error.code).toBe('TWO_PERSON_RULE');
      const ok = await second.inject({ method: 'POST', url: '/api/v1/kill-switch/release', headers: { authorization: `Bearer ${t.tokens.risk_manager}` }, payload: { scope: 'portfolio', portfolioId: 'beta', reason: 'corrected' } });
      expect(ok.statusCode).toBe(200);
      expect(restarted.gate.effectiveTradingState('beta')).toBe('ACTIVE');
    } finally { await restarted.close(); }
    expect((await stateOf('beta')).state).toBe('ACTIVE');
  });

  it('records one engager when two press the switch at the same moment', async () => {
    const press = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/kill-switch', headers: { authorization: `Bearer ${token}` }, payload: { scope: 'firm', reason: 'race' } });
    const [x, y] = await Promise.all([press(t.tokens.risk_manager), press(rm2)]);
    expect([x.json().changed, y.json().changed].sort()).toEqual([false, true]);
    expect(x.json().tradingState.engagedBy).toBe(y.json().tradingState.engagedBy);
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=kill-switch.engaged&subject=trading-state:firm', as: 'risk_manager' })).json().events;
    expect(ev).toHaveLength(2);
    const other = x.json().changed === true ? rm2 : t.tokens.risk_manager;
    const release = await t.app.inject({ method: 'POST', url: '/api/v1/kill-switch/release', headers: { authorization: `Bearer ${other}` }, payload: { scope: 'firm', reason: 'done' } });
    expect(release.statusCode).toBe(200);
  });

  it('tells the listener of each committed change, and not of a refused one', async () => {
    const seen: Array<[string, string]> = [];
    const deps = { ...t.deps, onTradingStateChange: (key: string, state: string) => { seen.push([key, state]); } };
    const a: Principal = { id: 'key:a', role: 'risk_manager', via: 'api-key' };
    const b: Principal = { id: 'key:b', role: 'risk_manager', via: 'api-key' };
    expect((await engageKillSwitch(deps, a, { scope: 'portfolio', portfolioId: 'alpha', reason: 'x' })).ok).toBe(true);
    expect((await releaseKillSwitch(deps, a, { scope: 'portfolio', portfolioId: 'alpha', reason: 'x' })).ok).toBe(false);
    expect((await releaseKillSwitch(deps, b, { scope: 'portfolio', portfolioId: 'alpha', reason: 'y' })).ok).toBe(true);
    expect((await setTradingState(deps, b, { scope: 'firm', state: 'REDUCE_ONLY', reason: 'macro event' })).ok).toBe(true);
    // alpha was REDUCE_ONLY before its kill switch (an earlier test), and returns to it
    expect(seen).toEqual([['alpha', 'HALTED'], ['alpha', 'REDUCE_ONLY'], ['firm', 'REDUCE_ONLY']]);
    expect(await stateOf('alpha')).toMatchObject({ state: 'REDUCE_ONLY', source: 'firm' });
    expect(await stateOf('beta')).toMatchObject({ state: 'REDUCE_ONLY', source: 'firm' });
  });
});
