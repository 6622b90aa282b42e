import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Values no route may take get a 400 with a path, never a 500 from the database. */
describe('input hardening', () => {
  let t: TestApp;
  const json = (method: 'POST' | 'PUT', url: string, raw: string, as: 'admin' | 'trader' = 'admin') =>
    t.call({ method, url, as, headers: { 'content-type': 'application/json' }, payload: raw });
  const expect400 = (r: { statusCode: number; json(): { error: { code: string; details?: Array<{ path: string }> } } }, path?: string) => {
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('INVALID_INPUT');
    if (path !== undefined) expect(r.json().error.details?.map((d) => d.path)).toContain(path);
  };

  beforeAll(async () => {
    t = await createTestApp();
    expect((await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'h1', name: 'H1', cash: 1000 } })).statusCode).toBe(201);
  });
  afterAll(async () => { await t?.close(); });

  it('refuses a number that overflows to Infinity, a NUL and an unpaired surrogate in a body', async () => {
    expect400(await json('POST', '/api/v1/portfolios', '{"id":"h2","name":"x","cash":1e400}'), '/cash');
    expect400(await json('POST', '/api/v1/portfolios', '{"id":"h2","name":"a\\u0000b"}'), '/name');
    expect400(await json('POST', '/api/v1/portfolios', '{"id":"h2","name":"a\\ud800b"}'), '/name');
    expect400(await json('POST', '/api/v1/market-data/quotes', '{"quotes":[{"symbol":"INF1","last":1e400,"timestamp":"2026-01-01T00:00:00Z"}]}', 'trader'), '/quotes/0/last');
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/h2' })).statusCode).toBe(404);
  });

  it('refuses a NUL in a path parameter or a query string, and out-of-range query numbers and dates', async () => {
    expect400(await t.call({ method: 'GET', url: '/api/v1/portfolios/h1/positions/%00' }));
    expect400(await t.call({ method: 'GET', url: '/api/v1/audit?eventType=%00' }));
    expect400(await t.call({ method: 'GET', url: '/api/v1/audit?afterSeq=99999999999999999999' }));
    expect400(await t.call({ method: 'GET', url: '/api/v1/risk/metrics/h1?valuationDate=2020-02-30' }), 'valuationDate');
    // a query parameter the route does not take is refused, not ignored
    const ignored = await t.call({ method: 'GET', url: '/api/v1/portfolios?sort=name' });
    expect400(ignored, 'querystring');
    expect(ignored.json().error.details[0].message).toMatch(/additional properties.*sort/);
    // a URL that does not decode: the same error shape
    expect400(await t.call({ method: 'GET', url: '/api/v1/portfolios/%E0%A4%A' }));
  });

  it('refuses NAV points out of range or twice at the same time, and writes none', async () => {
    const nav = (points: unknown[]) => t.call({ method: 'POST', url: '/api/v1/portfolios/h1/nav-history', payload: { points } });
    expect400(await nav([{ at: '0000-01-01T00:00:00Z', nav: 100 }]), '/points/0/at');
    expect400(await nav([{ at: '2999-01-01T00:00:00Z', nav: 100 }]), '/points/0/at');
    expect400(await nav([{ at: '2026-01-05T00:00:00Z', nav: 100 }, { at: '2026-01-05T00:00:00.000Z', nav: 101 }]), '/points/1/at');
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/h1/nav-history' })).json().points).toEqual([]);
  });

  it('refuses a quote batch naming an instrument twice, and bars in the future or twice', async () => {
    const ts = new Date().toISOString();
    expect400(await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ symbol: 'DUP', last: 1, timestamp: ts }, { symbol: 'DUP', last: 2, timestamp: ts }] } }), '/quotes/1');
    expect400(await t.call({ method: 'POST', url: '/api/v1/market-data/history', as: 'trader', payload: { bars: [{ symbol: 'FUT', date: '2999-01-04', close: 1 }] } }), '/bars/0/date');
    expect400(await t.call({ method: 'POST', url: '/api/v1/market-data/history', as: 'trader', payload: { bars: [{ symbol: 'TWO', date: '2020-01-06', close: 1 }, { symbol: 'TWO', date: '2020-01-06', close: 2 }] } }), '/bars/1');
  });
});
