import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeReturns } from '../../src/core/stats/analyze-returns.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * SPISECTOR (Swiss indices): SPI has 16 empty cells in Sep-Oct 2008, BASI one on 2002-01-29; the
 * other sectors have none. Empty cells are not stored (gaps in the daily history).
 */
const lines = readFileSync(new URL('../../data/fixtures/spisector.csv', import.meta.url), 'utf8').trim().split('\n');
const header = (lines[0] as string).split(',');
const rows = lines.slice(1).map((l) => l.split(','));
const closes = (symbol: string, to: string): Map<string, number> => {
  const j = header.indexOf(symbol);
  return new Map(rows.filter((r) => r[0] as string <= to && r[j] !== '').map((r) => [r[0] as string, Number(r[j])]));
};
/** The dates every symbol has, up to `to`, oldest first. */
const common = (symbols: readonly string[], to: string): string[] => {
  const maps = symbols.map((s) => closes(s, to));
  return [...(maps[0] as Map<string, number>).keys()].filter((d) => maps.every((m) => m.has(d))).sort();
};
const covOverVar = (x: readonly number[], y: readonly number[]): number => {
  const mx = x.reduce((a, b) => a + b, 0) / x.length; const my = y.reduce((a, b) => a + b, 0) / y.length;
  let c = 0; let v = 0;
  for (let i = 0; i < x.length; i++) { c += ((x[i] as number) - mx) * ((y[i] as number) - my); v += ((y[i] as number) - my) ** 2; }
  return c / v;
};

const END = '2008-10-17';
const BOOK: Record<string, number> = { FINA: 100, TECH: -150, SPI: 60 };

describe('risk report history window with gaps (SPISECTOR)', () => {
  let t: TestApp;
  const portfolio = async (id: string, benchmarkSymbol: string | null, qty: Record<string, number>) => {
    expect((await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id, name: id, baseCurrency: 'CHF', cash: 0, benchmarkSymbol } })).statusCode).toBe(201);
    const positions = Object.entries(qty).map(([s, q]) => ({ instrument: { type: 'index', symbol: s }, quantity: q, averageCost: 1000 }));
    expect((await t.call({ method: 'PUT', url: `/api/v1/portfolios/${id}/positions`, as: 'trader', payload: { positions } })).statusCode).toBe(200);
  };
  const metrics = async (id: string, query: string) => {
    const r = await t.call({ method: 'GET', url: `/api/v1/risk/metrics/${id}?${query}`, as: 'viewer' });
    expect(r.statusCode).toBe(200);
    return r.json();
  };
  beforeAll(async () => {
    t = await createTestApp();
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: lines.join('\n') })).statusCode).toBe(200);
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'CHF', rate: 0.02 }] } });
    await portfolio('chf', null, BOOK);
    await portfolio('basi', 'HLTH', { BASI: 100 });
    await portfolio('spi-bench', 'SPI', { FINA: 100, TECH: 200 });
    await portfolio('no-bench', 'NOPE', { FINA: 100 });
  });
  afterAll(async () => { await t?.close(); });

  it('takes the last lookbackDays returns over the dates all underlyings share, however many gaps one has (was 236 scenarios)', async () => {
    const report = await metrics('chf', `valuationDate=${END}&method=historical`);
    const symbols = Object.keys(BOOK);
    const dates = common(symbols, END).slice(-253);
    const spot = Object.fromEntries(symbols.map((s) => [s, closes(s, END).get(END) as number]));
    const mv = symbols.reduce((a, s) => a + (BOOK[s] as number) * (spot[s] as number), 0);
    expect(report.nav).toBeCloseTo(mv, 6);
    const weights = Object.fromEntries(symbols.map((s) => [s, ((BOOK[s] as number) * (spot[s] as number)) / mv]));
    const prices = Object.fromEntries(symbols.map((s) => { const c = closes(s, END); return [s, dates.map((d) => c.get(d) as number)]; }));
    const series = analyzeReturns({ dates, prices, weights, rebalance: 'daily', confidenceLevels: [0.95, 0.99] });
    if (!series.ok) throw new Error(series.error.message);
    expect(report.methods.historical.details.scenarios).toBe(252);
    expect(report.methods.historical.details.firstDate).toBe(dates[1]);
    for (const c of ['0.95', '0.99']) expect(report.var.historical[c].fraction).toBeCloseTo(series.value.var.historical[c] as number, 12);
    expect(report.issues).toEqual([]);
    expect(report.incomplete).toBe(false);
    // the hybrid rule sees a full year of history
    expect((await metrics('chf', `valuationDate=${END}`)).hybrid.method).toBe('historical');
  });

  it('says so with an issue when the common history is shorter than lookbackDays, and still computes every cell', async () => {
    const report = await metrics('chf', `valuationDate=${END}&lookbackDays=5000&method=all&paths=2000`);
    const available = common(Object.keys(BOOK), END).length - 1;
    expect(available).toBeLessThan(5000);
    expect(report.methods.historical.details.scenarios).toBe(available);
    const short = report.issues.filter((i: { code: string }) => i.code === 'HISTORY_SHORTER_THAN_LOOKBACK');
    expect(short).toHaveLength(1);
    expect(short[0].scope).toBe('book');
    expect(short[0].message).toContain(String(available));
    expect(short[0].message).toContain('5000');
    for (const k of ['historical', 'parametric-delta-normal', 'parametric-delta-gamma', 'monte-carlo']) expect(report.methods[k].ok, k).toBe(true);
    expect(report.issues.every((i: { code: string }) => i.code === 'HISTORY_SHORTER_THAN_LOOKBACK')).toBe(true);
    // informational: every cell was computed, the report is complete and its NAV covers the book
    expect(report.incomplete).toBe(false);
    expect(report.navComplete).toBe(true);
    // lookbackDays=all asks for all the history there is: nothing to say
    const all = await metrics('chf', `valuationDate=${END}&lookbackDays=all&method=historical`);
    expect(all.methods.historical.details.scenarios).toBe(available);
    expect(all.issues).toEqual([]);
  });

  it('computes beta on the dates the window and the benchmark share: BASI (one gap) against HLTH', async () => {
    const to = '2002-06-28';
    const dates = common(['BASI'], to).slice(-253);
    const basi = closes('BASI', to); const hlth = closes('HLTH', to);
    const x = dates.slice(1).map((d, i) => (basi.get(d) as number) / (basi.get(dates[i] as string) as number) - 1);
    const y = dates.slice(1).map((d, i) => (hlth.get(d) as number) / (hlth.get(dates[i] as string) as number) - 1);
    expect(covOverVar(x, y)).toBeCloseTo(0.5427, 4);
    const report = await metrics('basi', `valuationDate=${to}&method=historical`);
    expect(report.beta).toBeCloseTo(covOverVar(x, y), 10);
    expect(report.greeks.betaWeightedDelta.dollars).toBeCloseTo(100 * (basi.get(to) as number) * covOverVar(x, y), 6);
    expect(report.issues).toEqual([]);
  });

  it('computes beta against a benchmark with gaps (SPI) over returns between the dates it shares with the window', async () => {
    const qty: Record<string, number> = { FINA: 100, TECH: 200 };
    const window = common(['FINA', 'TECH'], END).slice(-253);
    const spi = closes('SPI', END);
    const shared = window.filter((d) => spi.has(d));
    expect(shared.length).toBeLessThan(window.length);
    const px = Object.fromEntries(Object.keys(qty).map((s) => [s, closes(s, END)]));
    const value = (s: string, d: string) => (qty[s] as number) * ((px[s] as Map<string, number>).get(d) as number);
    const nav = Object.keys(qty).reduce((a, s) => a + value(s, END), 0);
    // current holdings' return over each interval: sum of their values x the interval's simple return
    const x = shared.slice(1).map((d, i) => Object.keys(qty).reduce((a, s) => a + (value(s, END) * (value(s, d) / value(s, shared[i] as string) - 1)), 0) / nav);
    const y = shared.slice(1).map((d, i) => (spi.get(d) as number) / (spi.get(shared[i] as string) as number) - 1);
    const report = await metrics('spi-bench', `valuationDate=${END}&method=historical`);
    expect(report.beta).toBeCloseTo(covOverVar(x, y), 10);
    expect(report.greeks.betaWeightedDelta.dollars).not.toBeNull();
    expect(report.issues).toEqual([]);
  });

  it('leaves beta null only with an issue saying why', async () => {
    const report = await metrics('no-bench', `valuationDate=${END}&method=historical`);
    expect(report.beta).toBeNull();
    expect(report.greeks.betaWeightedDelta.dollars).toBeNull();
    expect(report.issues).toEqual([expect.objectContaining({ code: 'BENCHMARK_HISTORY_UNAVAILABLE', scope: 'beta' })]);
    expect(report.issues[0].message).toContain('NOPE');
    expect(report.incomplete).toBe(true);
    expect(report.var.historical['0.99'].amount).toBeGreaterThan(0);
    // a benchmark with a few closes only
    const csv = ['date,SHORTB', '2008-10-13,100', '2008-10-14,101', '2008-10-15,99', '2008-10-16,98', '2008-10-17,100'].join('\n');
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(200);
    await portfolio('short-bench', 'SHORTB', { FINA: 100 });
    const short = await metrics('short-bench', `valuationDate=${END}&method=historical`);
    expect(short.beta).toBeNull();
    expect(short.issues).toEqual([expect.objectContaining({ code: 'BENCHMARK_HISTORY_SHORT', scope: 'beta' })]);
    expect(short.issues[0].message).toMatch(/SHORTB shares 4 daily returns with the 252-return history window/);
  });
});
