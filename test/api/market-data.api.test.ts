import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('market data API', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });
  const stamp = () => new Date(Date.now() - 2000).toISOString();

  it('ingests quotes by symbol and by option instrument and returns them with their timestamp and age', async () => {
    const ts = stamp();
    const r = await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [
      { symbol: 'IBM', last: 101.5, bid: 101.4, ask: 101.6, timestamp: ts },
      { instrument: { type: 'option', underlying: 'IBM', kind: 'put', strike: 95, expiry: '2027-01-15', exerciseStyle: 'european' }, last: 2.1, bid: 2, ask: 2.2, impliedVolatility: 0.31, timestamp: ts },
    ] } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ accepted: 2 });
    const quotes = (await t.call({ method: 'GET', url: '/api/v1/market-data/quotes?symbols=IBM,IBM 2027-01-15 P 95 E', as: 'viewer' })).json().quotes;
    expect(quotes).toHaveLength(2);
    const opt = quotes.find((q: { instrumentKey: string }) => q.instrumentKey === 'IBM 2027-01-15 P 95 E');
    expect(opt).toMatchObject({ impliedVolatility: 0.31, timestamp: ts });
    expect(opt.ageSeconds).toBeGreaterThanOrEqual(1.9);
  });

  it('rejects a quote batch with any bad row, listing each, and writes none of it', async () => {
    const ts = stamp();
    const r = await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [
      { symbol: 'MSFT', last: 50, timestamp: ts },
      { symbol: 'AA', last: 30, bid: 31, ask: 30.5, timestamp: ts },
      { symbol: 'KO', instrument: { type: 'stock', symbol: 'KO' }, last: 60, timestamp: ts },
      { symbol: 'GE', last: 40, timestamp: new Date(Date.now() + 3_600_000).toISOString() },
    ] } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/quotes/1/ask', '/quotes/2', '/quotes/3/timestamp']);
    const neg = await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ symbol: 'MSFT', last: -1, timestamp: 'yesterday' }] } });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/quotes/0/last', '/quotes/0/timestamp']);
    expect((await t.call({ method: 'GET', url: '/api/v1/market-data/quotes?symbols=MSFT' })).json().quotes).toEqual([]);
  });

  it('stores reference data and rates', async () => {
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/reference', as: 'trader', payload: { symbols: [{ symbol: 'IBM', type: 'stock', sector: 'Information Technology', averageDailyVolume: 4.2e6, dividendYield: 0.031, beta: 0.9 }] } })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/v1/market-data/reference?symbols=IBM' })).json().symbols[0]).toMatchObject({ sector: 'Information Technology', beta: 0.9, dividendYield: 0.031 });
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.043 }, { currency: 'EUR', rate: 0.021 }] } })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/v1/market-data/rates' })).json().rates.map((r: { currency: string; rate: number }) => [r.currency, r.rate])).toEqual([['EUR', 0.021], ['USD', 0.043]]);
    const bad = await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'usd', rate: 0.05 }] } });
    expect(bad.statusCode).toBe(400);
  });

  it('ingests daily history as JSON bars and returns it in date order for a range', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/market-data/history', as: 'trader', payload: { bars: [
      { symbol: 'XOM', date: '2000-01-04', close: 40 }, { symbol: 'XOM', date: '2000-01-03', close: 39.5 }, { symbol: 'XOM', date: '2000-01-05', close: 41 },
    ] } });
    expect(r.json()).toEqual({ accepted: 3, symbols: ['XOM'] });
    const h = (await t.call({ method: 'GET', url: '/api/v1/market-data/history/XOM?to=2000-01-04' })).json();
    expect(h.bars.map((b: { close: number }) => b.close)).toEqual([39.5, 40]);
    const bad = await t.call({ method: 'POST', url: '/api/v1/market-data/history', as: 'trader', payload: { bars: [{ symbol: 'XOM', date: '2000-02-31', close: 1 }, { symbol: 'XOM', date: '2000-03-01', close: 0 }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/bars/0/date', '/bars/1/close']);
  });

  it('ingests the real Dow Jones 30 CSV and skips nothing but empty cells', async () => {
    const csv = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8');
    const r = await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(r.statusCode).toBe(200);
    expect(r.json().accepted).toBe(2529 * 30);
    const summary = (await t.call({ method: 'GET', url: '/api/v1/market-data/history' })).json().symbols;
    expect(summary.find((s: { symbol: string }) => s.symbol === 'IBM')).toEqual({ symbol: 'IBM', bars: 2529, firstDate: '1990-12-31', lastDate: '2001-01-02' });
  });

  it('rejects a CSV with a bad cell and writes nothing from it', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: 'date,ZZZ\n2000-01-03,10\n2000-01-04,oops\n' });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details).toEqual([{ path: 'line 3, column ZZZ', message: '"oops" is not a positive price' }]);
    expect((await t.call({ method: 'GET', url: '/api/v1/market-data/history/ZZZ' })).json().bars).toEqual([]);
  });

  it('answers 413 for a body over the limit and 400 for malformed JSON', async () => {
    const big = await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: 'date,A\n' + '2000-01-03,1\n'.repeat(120_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const malformed = await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', headers: { 'content-type': 'application/json' }, payload: '{"quotes": [' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('INVALID_INPUT');
  });
});
