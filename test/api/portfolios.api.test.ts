import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const call = `IBM 2026-12-18 C 100`;
const optionRow = { instrument: { type: 'option', underlying: 'IBM', kind: 'call', strike: 100, expiry: '2026-12-18' }, quantity: 5, averageCost: 3.2, strategy: 'covered-call', strategyGroupId: 'cc1', tags: ['income'] };
const stockRow = { instrument: { type: 'stock', symbol: 'IBM' }, quantity: -500, averageCost: 101.5, sector: 'Technology', strategyGroupId: 'cc1' };

describe('portfolios and positions API', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('creates a portfolio with a client id and defaults', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'alpha', name: 'Alpha fund', cash: 1_000_000, benchmarkSymbol: 'SPY' } });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ id: 'alpha', name: 'Alpha fund', baseCurrency: 'USD', cash: 1_000_000, benchmarkSymbol: 'SPY', status: 'active' });
    expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    // each request its own id; a caller's own well-formed id is kept
    const again = await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha' });
    expect(again.headers['x-request-id']).not.toBe(r.headers['x-request-id']);
    const own = await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha', headers: { 'x-request-id': 'trace-42.a_b' } });
    expect(own.headers['x-request-id']).toBe('trace-42.a_b');
  });

  it('creates the configured default limits with the portfolio, in the same transaction', async () => {
    const limits = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha', as: 'viewer' })).json();
    const ids = limits.limits.map((l: { id: string }) => l.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(ids.every((id: string) => id.startsWith('default-'))).toBe(true);
    const v99 = limits.limits.find((l: { type: string; params: { confidence?: number } }) => l.type === 'var' && l.params.confidence === 0.99);
    expect(v99.value).toEqual({ mode: 'fraction-of-nav', amount: 0.035 });
    const reserved = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'firm', name: 'no' } });
    expect(reserved.statusCode).toBe(400);
  });

  it('generates an id when none is given and refuses a duplicate id with 409', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { name: 'Gen' } });
    expect(r.statusCode).toBe(201);
    expect(r.json().id).toMatch(/^pf_/);
    const dup = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'alpha', name: 'again' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('PORTFOLIO_EXISTS');
  });

  it('lists, gets, updates and deletes portfolios', async () => {
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'viewer' })).json().portfolios.map((p: { id: string }) => p.id)).toContain('alpha');
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha', as: 'viewer' })).json().cash).toBe(1_000_000);
    const upd = await t.call({ method: 'PATCH', url: '/api/v1/portfolios/alpha', payload: { cash: 900_000, status: 'inactive' } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ cash: 900_000, status: 'inactive', name: 'Alpha fund' });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'doomed', name: 'x' } });
    expect((await t.call({ method: 'DELETE', url: '/api/v1/portfolios/doomed' })).statusCode).toBe(200);
    const gone = await t.call({ method: 'GET', url: '/api/v1/portfolios/doomed' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('PORTFOLIO_NOT_FOUND');
  });

  it('replaces positions in bulk and returns options with defaults filled in', async () => {
    const r = await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/positions', as: 'trader', payload: { positions: [optionRow, stockRow] } });
    expect(r.statusCode).toBe(200);
    const list = (await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha/positions', as: 'viewer' })).json().positions;
    expect(list).toHaveLength(2);
    const opt = list.find((p: { positionId: string }) => p.positionId === call);
    expect(opt.instrument).toEqual({ type: 'option', underlying: 'IBM', kind: 'call', strike: 100, expiry: '2026-12-18', exerciseStyle: 'american', multiplier: 100 });
    expect(opt).toMatchObject({ quantity: 5, strategyGroupId: 'cc1', tags: ['income'], instrumentKey: call });
  });

  it('rejects a bulk replace with bad rows, listing each, and writes nothing', async () => {
    const bad = await t.call({
      method: 'PUT', url: '/api/v1/portfolios/alpha/positions', as: 'trader',
      payload: { positions: [stockRow, { ...optionRow, instrument: { ...optionRow.instrument, expiry: '2026-02-30' } }, { ...stockRow, quantity: 0, positionId: 'z' }] },
    });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual(['/positions/1/instrument/expiry', '/positions/2/quantity']);
    const shape = await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/positions', as: 'trader', payload: { positions: [stockRow, { ...stockRow, quantity: 'ten' }, { instrument: { type: 'bond', symbol: 'X' }, quantity: 1, averageCost: 1 }] } });
    expect(shape.statusCode).toBe(400);
    const paths = shape.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('/positions/1/quantity');
    expect(paths.some((p: string) => p.startsWith('/positions/2/instrument'))).toBe(true);
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha/positions' })).json().positions).toHaveLength(2);
  });

  it('upserts, reads and deletes one position', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/portfolios/alpha/positions', as: 'trader', payload: { instrument: { type: 'etf', symbol: 'SPY' }, quantity: 10, averageCost: 400 } });
    expect(created.statusCode).toBe(201);
    const updated = await t.call({ method: 'PUT', url: '/api/v1/portfolios/alpha/positions/SPY', as: 'trader', payload: { instrument: { type: 'etf', symbol: 'SPY' }, quantity: 20, averageCost: 401 } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().openedAt).toBe(created.json().openedAt);
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha/positions/SPY' })).json().quantity).toBe(20);
    expect((await t.call({ method: 'DELETE', url: '/api/v1/portfolios/alpha/positions/SPY', as: 'trader' })).statusCode).toBe(200);
    expect((await t.call({ method: 'DELETE', url: '/api/v1/portfolios/alpha/positions/SPY', as: 'trader' })).json().error.code).toBe('POSITION_NOT_FOUND');
  });

  it('imports and lists NAV history', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/portfolios/alpha/nav-history', as: 'risk_manager', payload: { points: [{ at: '2026-01-02T21:00:00Z', nav: 1_000_000 }, { at: '2026-01-05T21:00:00Z', nav: 990_000, cash: 10 }] } });
    expect(r.statusCode).toBe(201);
    const pts = (await t.call({ method: 'GET', url: '/api/v1/portfolios/alpha/nav-history?limit=1' })).json().points;
    expect(pts).toEqual([{ portfolioId: 'alpha', at: '2026-01-05T21:00:00.000Z', nav: 990_000, cash: 10, marketValue: null, source: 'import' }]);
  });

  it('records every write in the audit trail with before and after', async () => {
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?subject=portfolio:alpha&limit=1000' })).json().events;
    const types = ev.map((e: { eventType: string }) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['portfolio.created', 'portfolio.updated', 'positions.replaced', 'position.upserted', 'position.deleted', 'nav-history.appended']));
    const upd = ev.find((e: { eventType: string }) => e.eventType === 'portfolio.updated');
    expect(upd.payload.before.cash).toBe(1_000_000);
    expect(upd.payload.after.cash).toBe(900_000);
    expect(upd.actor).toMatch(/^key:/);
  });
});
