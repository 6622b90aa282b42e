import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bjerksundStensland2002Price, bsmPrice } from '../../src/core/pricing/index.ts';
import { SCENARIO_TYPES, SEVERITIES } from '../../src/core/stress/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** Dow Jones 30 closes shipped in data/fixtures (real data, R package fBasics). */
const csv = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8').trim().split('\n');
const header = (csv[0] as string).split(',');
const rows = csv.slice(1).map((l) => l.split(','));
const col = (symbol: string): number => header.indexOf(symbol);
const NAMES = ['IBM', 'MSFT', 'INTC', 'KO'];
const recent = rows.slice(-300);
const lastClose = (s: string): number => Number(recent.at(-1)?.[col(s)]);

const NOW = new Date('2026-03-02T15:00:00.000Z');
const clock = { now: () => NOW };
const QUOTE_TIME = new Date(NOW.getTime() - 1000).toISOString();
const EXPIRY = '2026-09-18';
const RATE = 0.04;

interface PositionView { positionId: string; instrumentKey: string; pnl: number; fractionOfNav: number; assetClass: string }
interface Result {
  scenarioId: string; type: string; severity: string; status: string; pnl: { amount: number; fraction: number };
  byPosition: PositionView[]; byUnderlying: Array<{ underlying: string; stockPnl: number; optionPnl: number; pnl: number }>;
  breaches: Array<{ limitId: string; utilisation: number; newlyBreached: boolean }> | null; greeksAfter: { dollarDelta: number } | null;
  replay?: { worst: { date: string; pnl: number }; end: { date: string; pnl: number }; path: Array<{ date: string; pnl: number }>; sources: Array<{ underlying: string; source: string; symbol: string | null }> };
  simulation?: { pathCount: number; histogram: { counts: number[] } };
}

describe('stress testing API (full revaluation, real Dow Jones data)', () => {
  let t: TestApp;
  const post = (url: string, payload: unknown, as: 'trader' | 'risk_manager' | 'viewer' = 'trader') => t.call({ method: 'POST', url, payload: payload as object, as });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    const history = [['date', ...NAMES].join(','), ...recent.map((r) => [r[0], ...NAMES.map((s) => r[col(s)])].join(','))].join('\n');
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: history })).statusCode).toBe(200);
    const opt = (underlying: string, kind: 'call' | 'put', strike: number, exerciseStyle: 'european' | 'american') => ({ type: 'option', underlying, kind, strike, expiry: EXPIRY, exerciseStyle });
    const ibm = lastClose('IBM'); const msft = lastClose('MSFT'); const intc = lastClose('INTC');
    const options = [
      { instrument: opt('MSFT', 'call', Math.round(msft), 'european'), last: 5, impliedVolatility: 0.45 },
      { instrument: opt('MSFT', 'put', Math.round(msft * 0.9), 'european'), last: 3, impliedVolatility: 0.5 },
      { instrument: opt('INTC', 'put', Math.round(intc * 1.1), 'american'), last: 6, impliedVolatility: 0.55 },
    ];
    const quotes = [...NAMES.map((s) => ({ symbol: s, last: lastClose(s), timestamp: QUOTE_TIME })), { symbol: 'ZZZ', last: 40, timestamp: QUOTE_TIME },
      ...options.map((o) => ({ ...o, timestamp: QUOTE_TIME }))];
    expect((await post('/api/v1/market-data/quotes', { quotes })).statusCode).toBe(200);
    await post('/api/v1/market-data/rates', { rates: [{ currency: 'USD', rate: RATE }] });
    await post('/api/v1/market-data/reference', { symbols: [
      { symbol: 'IBM', type: 'stock', sector: 'Information Technology', beta: 1.1, averageDailyVolume: 5e6 },
      { symbol: 'MSFT', type: 'stock', sector: 'Information Technology', beta: 1.2, averageDailyVolume: 3e7 },
      { symbol: 'INTC', type: 'stock', sector: 'Information Technology', beta: 1.3, averageDailyVolume: 3e7 },
      { symbol: 'KO', type: 'stock', sector: 'Consumer Staples', beta: 0.6, averageDailyVolume: 1e7 },
      { symbol: 'ZZZ', type: 'stock', sector: 'Industrials', beta: 1.5, averageDailyVolume: 1e5 },
    ] });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'book', name: 'Options book', baseCurrency: 'USD', cash: 20 * ibm * 100 } });
    const put = await t.call({ method: 'PUT', url: '/api/v1/portfolios/book/positions', as: 'trader', payload: { positions: [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 200, averageCost: ibm },
      { instrument: { type: 'stock', symbol: 'KO' }, quantity: 300, averageCost: lastClose('KO') },
      { instrument: options[0]!.instrument, quantity: 10, averageCost: 5 },
      { instrument: options[1]!.instrument, quantity: -5, averageCost: 3 },
      { instrument: options[2]!.instrument, quantity: 8, averageCost: 6 },
    ] } });
    expect(put.statusCode).toBe(200);
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'replay', name: 'Replay', baseCurrency: 'USD', cash: 10_000 } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/replay/positions', as: 'trader', payload: { positions: [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 100, averageCost: ibm },
      { instrument: { type: 'stock', symbol: 'KO' }, quantity: 50, averageCost: lastClose('KO') },
      { instrument: { type: 'stock', symbol: 'ZZZ' }, quantity: 20, averageCost: 40 },
    ] } });
  });
  afterAll(async () => { await t?.close(); });

  it('reprices every option under fixed shocks exactly as the closed forms do (1e-9 relative)', async () => {
    const base = (await t.call({ method: 'GET', url: '/api/v1/risk/greeks/book', as: 'viewer' })).json() as { positions: Array<{ positionId: string; instrumentKey: string; assetClass: string; quantity: number; multiplier: number; spot: number; unitPrice: number; option: { timeToExpiryYears: number; volatility: number } | null }> };
    const scenario = { name: 'fixed shocks', shocks: [
      { target: { underlying: 'MSFT' }, spot: { relative: -0.12 }, volatility: { absolute: 0.08 } },
      { target: { underlying: 'INTC' }, spot: { relative: 0.05 }, volatility: { relative: -0.2 } },
      { target: { underlying: 'IBM' }, spot: { relative: -0.07 } },
      { target: { market: true }, rateBp: 75, days: 10 },
    ] };
    const r = await post('/api/v1/stress-test/book', { scenarios: [scenario] });
    expect(r.statusCode).toBe(200);
    const result = (r.json() as { results: Result[] }).results[0] as Result;
    expect(result.status).toBe('ok');
    const move: Record<string, { spot: number; vol: (s: number) => number }> = {
      MSFT: { spot: 0.88, vol: (s) => s + 0.08 }, INTC: { spot: 1.05, vol: (s) => s * 0.8 }, IBM: { spot: 0.93, vol: (s) => s }, KO: { spot: 1, vol: (s) => s },
    };
    let total = 0;
    for (const p of base.positions) {
      const underlying = p.instrumentKey.split(' ')[0] as string;
      const m = move[underlying]!;
      let expected: number;
      if (p.option === null) {
        expected = p.quantity * p.spot * (m.spot - 1);
      } else {
        const [, expiry, kindLetter] = p.instrumentKey.split(' ');
        expect(expiry).toBe(EXPIRY);
        const params = { kind: kindLetter === 'C' ? 'call' as const : 'put' as const, strike: Number(p.instrumentKey.split(' ')[3]), dividendYield: 0 };
        const before = { ...params, spot: p.spot, timeToExpiryYears: p.option.timeToExpiryYears, volatility: p.option.volatility, rate: RATE };
        const after = { ...before, spot: p.spot * m.spot, timeToExpiryYears: p.option.timeToExpiryYears - 10 / 365, volatility: m.vol(p.option.volatility), rate: RATE + 0.0075 };
        const price = p.instrumentKey.endsWith(' E') ? bsmPrice : bjerksundStensland2002Price;
        expected = p.quantity * p.multiplier * (price(after) - price(before));
      }
      const got = result.byPosition.find((x) => x.positionId === p.positionId);
      expect(got, p.positionId).toBeDefined();
      expect(Math.abs((got as PositionView).pnl - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-9);
      total += expected;
    }
    expect(result.byPosition).toHaveLength(base.positions.length);
    expect(Math.abs(result.pnl.amount - total)).toBeLessThanOrEqual(1e-9 * Math.abs(total));
  });

  it('values the book as of a past date when asked (spots are that date\'s closes)', async () => {
    const day = recent.at(-20)![0] as string;
    const close = Number(recent.at(-20)![col('IBM')]);
    const r = await post('/api/v1/stress-test/replay', { scenarios: [{ name: 'IBM -10 %', shocks: [{ target: { underlying: 'IBM' }, spot: { relative: -0.1 } }] }], valuationDate: day });
    expect(r.statusCode).toBe(200);
    const body = r.json() as { valuationDate: string; asOf: string; results: Result[] };
    expect(body.valuationDate).toBe(day);
    expect(body.asOf.slice(0, 10)).toBe(day);
    const ibm = body.results[0]!.byPosition.find((p) => p.instrumentKey === 'IBM')!;
    expect(ibm.pnl).toBeCloseTo(-0.1 * 100 * close, 9);
  });

  it('moves option values and not stock values under a pure volatility shock', async () => {
    const r = await post('/api/v1/stress-test/book', { scenarios: [{ name: 'vol up', shocks: [{ target: { market: true }, volatility: { relative: 0.5 } }] }] });
    const result = (r.json() as { results: Result[] }).results[0] as Result;
    const stocks = result.byPosition.filter((p) => p.assetClass === 'equity');
    const options = result.byPosition.filter((p) => p.assetClass === 'option');
    expect(stocks).toHaveLength(2);
    for (const s of stocks) expect(s.pnl).toBe(0);
    expect(options).toHaveLength(3);
    for (const o of options) expect(Math.abs(o.pnl)).toBeGreaterThan(1);
    // long the MSFT call and the INTC put (gain), short the MSFT put (loss)
    expect(options.find((o) => o.instrumentKey.includes('MSFT') && o.instrumentKey.includes(' C '))!.pnl).toBeGreaterThan(0);
    expect(options.find((o) => o.instrumentKey.includes('MSFT') && o.instrumentKey.includes(' P '))!.pnl).toBeLessThan(0);
  });

  it('runs the nine scenario types in all four severities, with P&L, Greeks after and breaches', async () => {
    const add = await t.call({ method: 'POST', url: '/api/v1/limits/book', as: 'risk_manager', payload: { id: 'tight-daily-loss', type: 'daily-loss', value: { mode: 'fraction-of-nav', amount: 0.03 }, action: 'alert' } });
    expect(add.statusCode).toBe(201);
    const r = await post('/api/v1/stress-test/book', {});
    expect(r.statusCode).toBe(200);
    const body = r.json() as { results: Result[]; conventions: Record<string, string>; stressTestId: string };
    expect(body.results).toHaveLength(36);
    const seen = new Set(body.results.map((x) => `${x.type}/${x.severity}`));
    for (const type of SCENARIO_TYPES) for (const severity of SEVERITIES) expect(seen.has(`${type}/${severity}`), `${type}/${severity}`).toBe(true);
    for (const x of body.results) {
      expect(x.status, x.scenarioId).toBe('ok');
      expect(Number.isFinite(x.pnl.amount)).toBe(true);
    }
    const crash = (sev: string) => body.results.find((x) => x.scenarioId === `stress.market-crash.${sev}`) as Result;
    expect(crash('extreme').pnl.amount).toBeLessThan(crash('severe').pnl.amount);
    expect(crash('severe').pnl.amount).toBeLessThan(crash('mild').pnl.amount);
    expect(crash('extreme').greeksAfter).not.toBeNull();
    const breach = crash('extreme').breaches?.find((b) => b.limitId === 'tight-daily-loss');
    expect(breach).toMatchObject({ newlyBreached: true });
    expect(breach!.utilisation).toBeGreaterThan(1);
    expect(crash('mild').breaches?.some((b) => b.limitId === 'tight-daily-loss')).toBe(false);
    const mc = body.results.find((x) => x.type === 'monte-carlo') as Result;
    expect(mc.simulation?.histogram.counts.reduce((a, b) => a + b, 0)).toBe(mc.simulation?.pathCount);
    expect(body.conventions.pnl).toMatch(/positive = gain/);
  });

  it('replays the dot-com crash along the actual Dow Jones closes, and names without history through their beta', async () => {
    const r = await post('/api/v1/stress-test/replay', { scenarios: ['stress.replay.dotcom-2000-2002'] });
    expect(r.statusCode).toBe(200);
    const result = (r.json() as { results: Result[] }).results[0] as Result;
    const replay = result.replay!;
    expect(replay.sources).toEqual(expect.arrayContaining([
      { underlying: 'IBM', source: 'own-history', symbol: 'IBM' }, { underlying: 'KO', source: 'own-history', symbol: 'KO' },
      { underlying: 'ZZZ', source: 'beta-to-index', symbol: 'DJ30-PW' },
    ]));
    const window = rows.filter((x) => (x[0] as string) >= '2000-01-14' && (x[0] as string) <= '2000-12-29');
    expect(replay.path).toHaveLength(window.length);
    const first = window[0] as string[];
    const pw = (row: string[]) => header.slice(1).reduce((s, _h, j) => s + Number(row[j + 1]), 0) / (header.length - 1);
    window.forEach((row, i) => {
      const expected = 100 * lastClose('IBM') * (Number(row[col('IBM')]) / Number(first[col('IBM')]) - 1)
        + 50 * lastClose('KO') * (Number(row[col('KO')]) / Number(first[col('KO')]) - 1)
        + 20 * 40 * 1.5 * (pw(row) / pw(first) - 1);
      expect(replay.path[i]!.date).toBe(row[0]);
      expect(replay.path[i]!.pnl).toBeCloseTo(expected, 8);
    });
    const worst = replay.path.reduce((w, p) => (p.pnl < w.pnl ? p : w));
    expect(replay.worst).toEqual(worst);
    expect(replay.end).toEqual(replay.path.at(-1));
  });

  it('replays 2008 along the Swiss Performance Index for names without their own history in the SPI sector file', async () => {
    const spi = readFileSync(new URL('../../data/fixtures/spisector.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','))
      .filter((x) => (x[0] as string) >= '2008-01-03' && (x[0] as string) <= '2008-10-17');
    const r = await post('/api/v1/stress-test/replay', { scenarios: ['stress.replay.financial-crisis-2008'] });
    const replay = ((r.json() as { results: Result[] }).results[0] as Result).replay!;
    expect(replay.sources.every((x) => x.source === 'beta-to-index' && x.symbol === 'SPI')).toBe(true);
    expect(replay.path).toHaveLength(spi.length);
    let level = Number(spi[0]![1]);
    const start = level;
    spi.forEach((row, i) => {
      if (row[1] !== '') level = Number(row[1]);
      const m = level / start - 1;
      const expected = 100 * lastClose('IBM') * 1.1 * m + 50 * lastClose('KO') * 0.6 * m + 20 * 40 * 1.5 * m;
      expect(replay.path[i]!.pnl).toBeCloseTo(expected, 8);
    });
    expect(replay.worst.pnl).toBeLessThan(replay.path[0]!.pnl);
    expect(replay.end.date).toBe(spi.at(-1)![0]);
  });

  it('rejects bad definitions with 400 and the path of each problem, and stores nothing', async () => {
    const before = (await t.call({ method: 'GET', url: '/api/v1/stress-test/book/history', as: 'viewer' })).json().tests.length as number;
    const crash = await post('/api/v1/stress-test/book', { scenarios: [{ name: 'too far', shocks: [{ target: { market: true }, spot: { relative: -1.5 } }, { target: { sector: 'Energy' } }] }] });
    expect(crash.statusCode).toBe(400);
    expect(crash.json().error.code).toBe('INVALID_SCENARIO');
    const paths = crash.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/scenarios/0/shocks/0/spot/relative', '/scenarios/0/shocks/1']));
    const negativeVol = await post('/api/v1/stress-test/book', { scenarios: [{ name: 'vol cut', shocks: [{ target: { underlying: 'MSFT' }, volatility: { absolute: -0.47 } }] }] });
    expect(negativeVol.statusCode).toBe(400);
    expect(negativeVol.json().error.message).toMatch(/negative/);
    const shape = await post('/api/v1/stress-test/book', { scenarios: [{ name: 'x', shocks: [{ target: { planet: 'Mars' }, spot: { relative: 0.1 } }] }] });
    expect(shape.statusCode).toBe(400);
    const unknown = await post('/api/v1/stress-test/book', { scenarios: ['stress.no-such-thing'] });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('SCENARIO_NOT_FOUND');
    const create = await post('/api/v1/stress-test/book/scenarios', { name: 'vol cut', shocks: [{ target: { market: true }, volatility: { absolute: -0.6 } }] }, 'risk_manager');
    expect(create.statusCode).toBe(400);
    expect(create.json().error.code).toBe('INVALID_SCENARIO');
    const after = (await t.call({ method: 'GET', url: '/api/v1/stress-test/book/history', as: 'viewer' })).json().tests.length as number;
    expect(after).toBe(before);
    expect((await t.call({ method: 'GET', url: '/api/v1/stress-test/book/scenarios', as: 'viewer' })).json().custom).toHaveLength(0);
  });

  it('creates, updates, runs and deletes custom scenarios, audited, for risk managers only', async () => {
    const def = { id: 'tech-slump', name: 'Tech slump', severity: 'severe', shocks: [{ target: { sector: 'Information Technology' }, spot: { relative: -0.15 }, volatility: { relative: 0.4 } }] };
    expect((await post('/api/v1/stress-test/book/scenarios', def, 'trader')).statusCode).toBe(403);
    const created = await post('/api/v1/stress-test/book/scenarios', def, 'risk_manager');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'tech-slump', version: 1, definition: { type: 'custom', severity: 'severe', name: 'Tech slump' } });
    expect((await post('/api/v1/stress-test/book/scenarios', def, 'risk_manager')).statusCode).toBe(409);
    const listed = (await t.call({ method: 'GET', url: '/api/v1/stress-test/book/scenarios', as: 'viewer' })).json();
    expect(listed.custom.map((s: { id: string }) => s.id)).toEqual(['tech-slump']);
    expect(listed.library.length).toBe(41);
    expect(listed.library.every((s: { shocks: unknown[] }) => Array.isArray(s.shocks))).toBe(true);
    const run1 = ((await post('/api/v1/stress-test/book', { scenarios: ['tech-slump'] })).json() as { results: Result[] }).results[0] as Result;
    const updated = await t.call({ method: 'PUT', url: '/api/v1/stress-test/book/scenarios/tech-slump', as: 'risk_manager', payload: { ...def, id: undefined, shocks: [{ target: { sector: 'Information Technology' }, spot: { relative: -0.3 } }], expectedVersion: 1 } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().version).toBe(2);
    const stale = await t.call({ method: 'PUT', url: '/api/v1/stress-test/book/scenarios/tech-slump', as: 'risk_manager', payload: { name: 'x', shocks: [{ target: { market: true }, days: 1 }], expectedVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    const run2 = ((await post('/api/v1/stress-test/book', { scenarios: ['tech-slump'] })).json() as { results: Result[] }).results[0] as Result;
    expect(run2.pnl.amount).toBeLessThan(run1.pnl.amount);
    const ko = (x: Result) => x.byUnderlying.find((u) => u.underlying === 'KO');
    expect(ko(run2)?.pnl).toBe(0);
    expect((await t.call({ method: 'DELETE', url: '/api/v1/stress-test/book/scenarios/tech-slump', as: 'risk_manager' })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/v1/stress-test/book/scenarios/tech-slump', as: 'viewer' })).statusCode).toBe(404);
    const audit = (await t.call({ method: 'GET', url: '/api/v1/audit?subject=scenario:book/tech-slump', as: 'admin' })).json();
    expect(audit.events.map((e: { eventType: string }) => e.eventType)).toEqual(expect.arrayContaining(['scenario.created', 'scenario.updated', 'scenario.deleted']));
  });

  it('keeps every run in the history, newest first, and returns a stored test as it ran', async () => {
    const r = await post('/api/v1/stress-test/book', { scenarios: ['market-crash', 'volatility-spike'], severity: 'severe' });
    const ran = r.json() as { stressTestId: string; results: Result[] };
    expect(ran.results.map((x) => x.scenarioId)).toEqual(['stress.market-crash.severe', 'stress.volatility-spike.severe']);
    const history = (await t.call({ method: 'GET', url: '/api/v1/stress-test/book/history?limit=2', as: 'viewer' })).json();
    expect(history.tests).toHaveLength(2);
    expect(history.tests[0].stressTestId).toBe(ran.stressTestId);
    expect(history.tests[0].scenarios[0]).toMatchObject({ scenarioId: 'stress.market-crash.severe', pnlAmount: ran.results[0]!.pnl.amount });
    const stored = await t.call({ method: 'GET', url: `/api/v1/stress-test/book/history/${ran.stressTestId}`, as: 'viewer' });
    expect(stored.statusCode).toBe(200);
    expect(stored.json()).toEqual(ran);
    expect((await t.call({ method: 'GET', url: '/api/v1/stress-test/book/history/st_nope', as: 'viewer' })).statusCode).toBe(404);
    expect((await post('/api/v1/stress-test/book', {}, 'viewer')).statusCode).toBe(403);
    expect((await t.call({ method: 'POST', url: '/api/v1/stress-test/book', payload: {}, as: null })).statusCode).toBe(401);
  });

  it('answers the regulatory scan grid and reverse stress', async () => {
    const grid = (await post('/api/v1/stress-test/book/scan-grid', {})).json();
    const sum = grid.byUnderlying.reduce((s: number, u: { worstLoss: number }) => s + u.worstLoss, 0);
    expect(grid.requirement).toBeCloseTo(sum, 6);
    expect(grid.requirement).toBeGreaterThan(0);
    expect(grid.spotMoves.equity).toHaveLength(11);
    expect(grid.spotMoves.equity[0]).toBeCloseTo(-0.15, 12);
    const reverse = (await post('/api/v1/stress-test/book/reverse', { lossFractions: [0.02] })).json();
    const loss = reverse.entries.find((e: { target: { kind: string } }) => e.target.kind === 'loss-fraction');
    expect(loss.market.down.move).toBeLessThan(0);
    expect(loss.market.down.pnl).toBeLessThanOrEqual(-0.02 * reverse.nav + 1e-6);
    // the smallest such move: a market move 2e-4 smaller (tolerance 1e-4) does not lose 2 %
    const at = async (m: number) => ((await post('/api/v1/stress-test/book', { scenarios: [{ name: 'probe', shocks: [{ target: { market: true }, spot: { relative: m } }] }] })).json() as { results: Result[] }).results[0]!.pnl.amount;
    expect(await at(loss.market.down.move)).toBeCloseTo(loss.market.down.pnl, 6);
    expect(await at(loss.market.down.move + 2e-4)).toBeGreaterThan(-0.02 * reverse.nav);
    expect(reverse.entries.some((e: { target: { kind: string; limitId?: string } }) => e.target.kind === 'limit' && e.target.limitId === 'tight-daily-loss')).toBe(true);
  });
});
