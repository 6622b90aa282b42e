import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * Acceptance defects of issue 6 ("bad definitions get 400 ... nothing is stored"): shock sizes,
 * non-finite results, books that cannot be valued, unknown targets, shocks on a simulated scenario
 * and a valuation date in the future. Each case checks the answer and that /history is unchanged.
 */
const csv = readFileSync(new URL('../../data/fixtures/dowjones30.csv', import.meta.url), 'utf8').trim().split('\n');
const header = (csv[0] as string).split(',');
const rows = csv.slice(1).map((l) => l.split(','));
const col = (symbol: string): number => header.indexOf(symbol);
const NAMES = ['IBM', 'MSFT', 'KO', 'INTC'];
const recent = rows.slice(-300);
const lastClose = (s: string): number => Number(recent.at(-1)?.[col(s)]);

const NOW = new Date('2026-03-02T15:00:00.000Z');
const QUOTE_TIME = new Date(NOW.getTime() - 1000).toISOString();

interface Problem { path: string; message: string }

describe('stress testing API: acceptance of issue 6 (bad requests get a coded 4xx and store nothing)', () => {
  let t: TestApp;
  const post = (url: string, payload: unknown, as: 'trader' | 'risk_manager' = 'trader') => t.call({ method: 'POST', url, payload: payload as object, as });
  const historyCount = async (id: string): Promise<number> => {
    const r = await t.call({ method: 'GET', url: `/api/v1/stress-test/${id}/history`, as: 'viewer' });
    expect(r.statusCode).toBe(200);
    return (r.json() as { tests: unknown[] }).tests.length;
  };
  const customCount = async (id: string): Promise<number> =>
    ((await t.call({ method: 'GET', url: `/api/v1/stress-test/${id}/scenarios`, as: 'viewer' })).json() as { custom: unknown[] }).custom.length;
  const inline = (shocks: unknown[], extra: object = {}) => ({ scenarios: [{ name: 'x', shocks, ...extra }] });

  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => NOW } });
    // history for IBM, MSFT, KO and INTC (INTC: history only, never quoted or held)
    const history = [['date', ...NAMES].join(','), ...recent.map((r) => [r[0], ...NAMES.map((s) => r[col(s)])].join(','))].join('\n');
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: history })).statusCode).toBe(200);
    const call = { type: 'option', underlying: 'MSFT', kind: 'call', strike: Math.round(lastClose('MSFT')), expiry: '2026-09-18', exerciseStyle: 'european' };
    const put = { type: 'option', underlying: 'KO', kind: 'put', strike: Math.round(lastClose('KO') * 1.1), expiry: '2026-09-18', exerciseStyle: 'american' };
    const quotes = [
      ...['IBM', 'MSFT', 'KO'].map((s) => ({ symbol: s, last: lastClose(s), timestamp: QUOTE_TIME })),
      { symbol: 'QQQQ', last: 50, timestamp: QUOTE_TIME }, // quoted, not held, no reference data
      { instrument: call, last: 5, impliedVolatility: 0.4, timestamp: QUOTE_TIME },
      { instrument: put, last: 4, impliedVolatility: 0.5, timestamp: QUOTE_TIME },
    ];
    expect((await post('/api/v1/market-data/quotes', { quotes })).statusCode).toBe(200);
    await post('/api/v1/market-data/rates', { rates: [{ currency: 'USD', rate: 0.04 }] });
    await post('/api/v1/market-data/reference', { symbols: [
      { symbol: 'IBM', type: 'stock', sector: 'Information Technology', beta: 1.1, averageDailyVolume: 5e6 },
      { symbol: 'MSFT', type: 'stock', sector: 'Information Technology', beta: 1.2, averageDailyVolume: 3e7 },
      { symbol: 'KO', type: 'stock', sector: 'Consumer Staples', beta: 0.6, averageDailyVolume: 1e7 },
      { symbol: 'XOM', type: 'stock', sector: 'Energy', beta: 0.9, averageDailyVolume: 1e7 }, // reference data only
    ] });
    const portfolio = async (id: string, cash: number, positions: unknown[]) => {
      expect((await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id, name: id, baseCurrency: 'USD', cash } })).statusCode).toBe(201);
      if (positions.length > 0) expect((await t.call({ method: 'PUT', url: `/api/v1/portfolios/${id}/positions`, as: 'trader', payload: { positions } })).statusCode).toBe(200);
    };
    await portfolio('bk', 100_000, [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 100, averageCost: lastClose('IBM') },
      { instrument: { type: 'stock', symbol: 'KO' }, quantity: 50, averageCost: lastClose('KO') },
      { instrument: call, quantity: 5, averageCost: 5 },
      { instrument: put, quantity: 8, averageCost: 4 },
    ]);
    await portfolio('partial', 10_000, [
      { instrument: { type: 'stock', symbol: 'IBM' }, quantity: 10, averageCost: lastClose('IBM') },
      { instrument: { type: 'stock', symbol: 'NOQUOTE' }, quantity: 10, averageCost: 20 },
    ]);
    await portfolio('cashonly', 10_000, []);
  });
  afterAll(async () => { await t?.close(); });

  describe('1. shock sizes are bounded and a result is stored only when every number in it is finite', () => {
    it('rejects huge spot, sigma and vol moves with 400 INVALID_SCENARIO and the path of each, storing nothing', async () => {
      const before = await historyCount('bk');
      const cases: Array<[unknown, string]> = [
        [{ target: { market: true }, spot: { relative: 1e100 } }, '/scenarios/0/shocks/0/spot/relative'],
        [{ target: { market: true }, spot: { relative: 1e308 } }, '/scenarios/0/shocks/0/spot/relative'],
        [{ target: { market: true }, spot: { relative: 10.5 } }, '/scenarios/0/shocks/0/spot/relative'],
        [{ target: { market: true }, spot: { sigmas: 1e308, horizonDays: 1 } }, '/scenarios/0/shocks/0/spot/sigmas'],
        [{ target: { market: true }, spot: { sigmas: -1e308, horizonDays: 1 } }, '/scenarios/0/shocks/0/spot/sigmas'],
        [{ target: { market: true }, spot: { sigmas: -2, horizonDays: 1e6 } }, '/scenarios/0/shocks/0/spot/horizonDays'],
        [{ target: { market: true }, volatility: { relative: 1e300 } }, '/scenarios/0/shocks/0/volatility/relative'],
        [{ target: { market: true }, volatility: { absolute: 1e300 } }, '/scenarios/0/shocks/0/volatility/absolute'],
        [{ target: { market: true }, skew: { volPerLogMoneyness: 1e300 } }, '/scenarios/0/shocks/0/skew/volPerLogMoneyness'],
        [{ target: { market: true }, rateBp: 1e300 }, '/scenarios/0/shocks/0/rateBp'],
        [{ target: { market: true }, days: 1e9 }, '/scenarios/0/shocks/0/days'],
      ];
      for (const [shock, path] of cases) {
        const r = await post('/api/v1/stress-test/bk', inline([shock]));
        expect(r.statusCode, JSON.stringify(shock)).toBe(400);
        expect(r.json().error.code).toBe('INVALID_SCENARIO');
        expect((r.json().error.details as Problem[]).map((d) => d.path), JSON.stringify(shock)).toContain(path);
      }
      const create = await post('/api/v1/stress-test/bk/scenarios', { name: 'moon', shocks: [{ target: { market: true }, spot: { relative: 1e100 } }] }, 'risk_manager');
      expect(create.statusCode).toBe(400);
      expect(create.json().error.details.map((d: Problem) => d.path)).toContain('/shocks/0/spot/relative');
      expect(await historyCount('bk')).toBe(before);
      expect(await customCount('bk')).toBe(0);
    });

    it('rejects shocks that compound past what a price can be (each within bounds) with 400, storing nothing', async () => {
      const before = await historyCount('bk');
      // 200 x (+1,000 %): prices stay finite (11^200 ~ 2e208) but the revaluation does not (this gave a 500 and a stored, unreadable test)
      // 320 x (+1,000 %): the spot itself overflows to Infinity (this gave 200 with a failed scenario, stored)
      for (const n of [200, 320]) {
        const shocks = Array.from({ length: n }, () => ({ target: { market: true }, spot: { relative: 10 } }));
        const r = await post('/api/v1/stress-test/bk', { scenarios: ['stress.market-crash.mild', { name: 'x', shocks }] });
        expect(r.statusCode, String(n)).toBe(400);
        expect(r.json().error.code).toBe('INVALID_SCENARIO');
        expect(r.json().error.details.map((d: Problem) => d.path)).toEqual(['/scenarios/1']);
        expect(r.json().error.details[0].message).toMatch(n === 200 ? /not finite/ : /Infinity/);
      }
      expect(await historyCount('bk')).toBe(before);
    });

    it('never stores a result it cannot give back: the largest allowed moves run, and the stored test reads back equal', async () => {
      const r = await post('/api/v1/stress-test/bk', inline([
        { target: { market: true }, spot: { relative: 10 }, volatility: { relative: 20 }, rateBp: 10_000 },
        { target: { underlying: 'MSFT' }, spot: { sigmas: 50, horizonDays: 260 } },
      ]));
      expect([200, 400]).toContain(r.statusCode);
      if (r.statusCode === 200) {
        const ran = r.json() as { stressTestId: string };
        const stored = await t.call({ method: 'GET', url: `/api/v1/stress-test/bk/history/${ran.stressTestId}`, as: 'viewer' });
        expect(stored.statusCode).toBe(200);
        expect(stored.json()).toEqual(ran);
      } else {
        expect(r.json().error.code).toBe('INVALID_SCENARIO');
      }
      const big = await post('/api/v1/stress-test/bk', inline([{ target: { market: true }, spot: { relative: 10 } }]));
      expect(big.statusCode).toBe(200);
      const id = (big.json() as { stressTestId: string }).stressTestId;
      const back = await t.call({ method: 'GET', url: `/api/v1/stress-test/bk/history/${id}`, as: 'viewer' });
      expect(back.statusCode).toBe(200);
      expect(back.json()).toEqual(big.json());
      const list = await t.call({ method: 'GET', url: '/api/v1/stress-test/bk/history', as: 'viewer' });
      expect(list.statusCode).toBe(200);
    });

    it('reads back a test stored before results were checked (null where a number was not finite)', async () => {
      const ran = await post('/api/v1/stress-test/bk', { scenarios: ['market-crash'] });
      expect(ran.statusCode).toBe(200);
      const body = ran.json() as { stressTestId: string; results: Array<{ pnl: { amount: number | null } }> };
      const legacy = { ...body, stressTestId: 'st_legacy', results: body.results.map((x) => ({ ...x, pnl: { ...x.pnl, amount: null } })) };
      await t.db.storage.stressTests.insert({
        id: 'st_legacy', portfolioId: 'bk', runAt: NOW.toISOString(), runBy: 'test', valuationDate: null, request: {},
        summary: [{ scenarioId: 'stress.market-crash.moderate', name: 'x', type: 'market-crash', severity: 'moderate', pnlAmount: null, pnlFraction: null, breachCount: null }],
        results: legacy,
      });
      const back = await t.call({ method: 'GET', url: '/api/v1/stress-test/bk/history/st_legacy', as: 'viewer' });
      expect(back.statusCode).toBe(200);
      expect(back.json()).toEqual(legacy);
      expect((await t.call({ method: 'GET', url: '/api/v1/stress-test/bk/history', as: 'viewer' })).statusCode).toBe(200);
    });

    it('still runs every library scenario', async () => {
      const r = await post('/api/v1/stress-test/bk', {});
      expect(r.statusCode).toBe(200);
      expect((r.json() as { results: unknown[] }).results).toHaveLength(36);
    });
  });

  describe('2. a book none of whose positions can be valued', () => {
    it('answers 422 NO_VALUED_POSITIONS with the failure codes, for a run, the scan grid and reverse stress, and stores nothing', async () => {
      const before = await historyCount('bk');
      const run = await post('/api/v1/stress-test/bk', { scenarios: ['market-crash'], valuationDate: '1980-01-01' });
      expect(run.statusCode).toBe(422);
      expect(run.json().error.code).toBe('NO_VALUED_POSITIONS');
      expect(run.json().error.message).toMatch(/MISSING_QUOTE/);
      expect(await historyCount('bk')).toBe(before);
      const grid = await post('/api/v1/stress-test/bk/scan-grid', { valuationDate: '1980-01-01' });
      expect(grid.statusCode).toBe(422);
      expect(grid.json().error.code).toBe('NO_VALUED_POSITIONS');
      const reverse = await post('/api/v1/stress-test/bk/reverse', { valuationDate: '1980-01-01' });
      expect(reverse.statusCode).toBe(422);
      expect(reverse.json().error.code).toBe('NO_VALUED_POSITIONS');
    });

    it('keeps a partly valued book: 200, incomplete, and the failing position named with its code', async () => {
      const r = await post('/api/v1/stress-test/partial', { scenarios: ['market-crash'] });
      expect(r.statusCode).toBe(200);
      const body = r.json() as { incomplete: boolean; issues: Array<{ code: string; scope: string }>; results: Array<{ pnl: { amount: number } }> };
      expect(body.incomplete).toBe(true);
      expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'MISSING_QUOTE' })]));
      expect(body.results[0]!.pnl.amount).toBeLessThan(0);
      expect((await post('/api/v1/stress-test/partial/scan-grid', {})).statusCode).toBe(200);
    });

    it('says so when the portfolio holds no positions: a P&L of 0 with NO_POSITIONS; reverse stress answers 422', async () => {
      const r = await post('/api/v1/stress-test/cashonly', { scenarios: ['market-crash', 'interest-rate'] });
      expect(r.statusCode).toBe(200);
      const body = r.json() as { incomplete: boolean; issues: Array<{ code: string }>; results: Array<{ status: string; pnl: { amount: number } }> };
      expect(body.issues.map((i) => i.code)).toContain('NO_POSITIONS');
      for (const x of body.results) expect(x.pnl.amount).toBe(0);
      // every library scenario, the simulated ones too
      const all = await post('/api/v1/stress-test/cashonly', { severity: 'severe' });
      expect(all.statusCode).toBe(200);
      for (const x of (all.json() as typeof body).results) expect([x.status, x.pnl.amount]).toEqual(['ok', 0]);
      const grid = await post('/api/v1/stress-test/cashonly/scan-grid', {});
      expect(grid.statusCode).toBe(200);
      expect(grid.json().requirement).toBe(0);
      expect(grid.json().issues.map((i: { code: string }) => i.code)).toContain('NO_POSITIONS');
      const reverse = await post('/api/v1/stress-test/cashonly/reverse', {});
      expect(reverse.statusCode).toBe(422);
      expect(reverse.json().error.code).toBe('NO_MARKET_RISK');
    });
  });

  describe('3. a shock aimed at an underlying or sector the service does not know', () => {
    it('rejects it in an inline scenario with 400 and the path of the target, storing nothing', async () => {
      const before = await historyCount('bk');
      const r = await post('/api/v1/stress-test/bk', inline([
        { target: { underlying: 'NOPE' }, spot: { relative: -0.1 } },
        { target: { sector: 'Martian Mining' }, spot: { relative: -0.1 } },
      ]));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('INVALID_SCENARIO');
      expect(r.json().error.details.map((d: Problem) => d.path)).toEqual(['/scenarios/0/shocks/0/target/underlying', '/scenarios/0/shocks/1/target/sector']);
      expect(r.json().error.details[0].message).toMatch(/NOPE/);
      expect(await historyCount('bk')).toBe(before);
    });

    it('rejects it when creating or updating a custom scenario', async () => {
      const create = await post('/api/v1/stress-test/bk/scenarios', { id: 'nope', name: 'nope', shocks: [{ target: { underlying: 'NOPE' }, spot: { relative: -0.1 } }] }, 'risk_manager');
      expect(create.statusCode).toBe(400);
      expect(create.json().error.code).toBe('INVALID_SCENARIO');
      expect(create.json().error.details.map((d: Problem) => d.path)).toEqual(['/shocks/0/target/underlying']);
      expect(await customCount('bk')).toBe(0);
      const ok = await post('/api/v1/stress-test/bk/scenarios', { id: 'ibm-down', name: 'IBM down', shocks: [{ target: { underlying: 'IBM' }, spot: { relative: -0.1 } }] }, 'risk_manager');
      expect(ok.statusCode).toBe(201);
      const update = await t.call({ method: 'PUT', url: '/api/v1/stress-test/bk/scenarios/ibm-down', as: 'risk_manager', payload: { name: 'x', shocks: [{ target: { sector: 'Nowhere' }, spot: { relative: -0.1 } }] } });
      expect(update.statusCode).toBe(400);
      expect(update.json().error.details.map((d: Problem) => d.path)).toEqual(['/shocks/0/target/sector']);
      const stored = await t.call({ method: 'GET', url: '/api/v1/stress-test/bk/scenarios/ibm-down', as: 'viewer' });
      expect(stored.json().version).toBe(1);
      expect((await t.call({ method: 'DELETE', url: '/api/v1/stress-test/bk/scenarios/ibm-down', as: 'risk_manager' })).statusCode).toBe(200);
    });

    it('accepts names the service knows without holding them (quotes, history, reference data), reported as unmatched', async () => {
      const r = await post('/api/v1/stress-test/bk', inline([
        { target: { underlying: 'IBM' }, spot: { relative: -0.1 } },
        { target: { underlying: 'QQQQ' }, spot: { relative: -0.1 } },
        { target: { underlying: 'INTC' }, spot: { relative: -0.1 } },
        { target: { underlying: 'XOM' }, spot: { relative: -0.1 } },
        { target: { sector: 'Energy' }, spot: { relative: -0.1 } },
        { target: { sector: 'Consumer Staples' }, spot: { relative: -0.1 } },
      ]));
      expect(r.statusCode).toBe(200);
      expect(r.json().results[0].unmatchedTargets).toEqual(['underlying:QQQQ', 'underlying:INTC', 'underlying:XOM', 'sector:Energy']);
    });

    it('keeps library scenarios that name sectors the book does not hold', async () => {
      const r = await post('/api/v1/stress-test/bk', { scenarios: ['stress.sector-rotation.severe'] });
      expect(r.statusCode).toBe(200);
      expect(r.json().results[0].unmatchedTargets).toEqual(expect.arrayContaining(['sector:Energy', 'sector:Utilities']));
    });
  });

  describe('4. a Monte Carlo scenario with shocks', () => {
    it('is rejected with 400: it takes a simulation, not shocks', async () => {
      const before = await historyCount('bk');
      const simulation = {
        distribution: { kind: 'student-t', degreesOfFreedom: 5 }, horizonDays: 5,
        stressedRegime: { probability: 0.2, volatilityMultiplier: 2, correlationFloor: 0.5, impliedVolRelative: 0.3 },
        confidence: 0.99, pathCount: 1000, seed: 7,
      };
      const r = await post('/api/v1/stress-test/bk', inline([{ target: { market: true }, spot: { relative: -0.5 } }], { type: 'monte-carlo', simulation }));
      expect(r.statusCode).toBe(400);
      expect(r.json().error.code).toBe('INVALID_SCENARIO');
      const d = (r.json().error.details as Problem[]).find((x) => x.path === '/scenarios/0/shocks');
      expect(d?.message).toMatch(/simulation, not shocks/);
      expect(await historyCount('bk')).toBe(before);
      const fine = await post('/api/v1/stress-test/bk', inline([], { type: 'monte-carlo', simulation }));
      expect(fine.statusCode).toBe(200);
    });
  });

  describe('5. a valuation date in the future', () => {
    it('is rejected with 400 INVALID_INPUT for a run, the scan grid and reverse stress; today is fine', async () => {
      const before = await historyCount('bk');
      for (const url of ['/api/v1/stress-test/bk', '/api/v1/stress-test/bk/scan-grid', '/api/v1/stress-test/bk/reverse']) {
        const r = await post(url, { valuationDate: '2030-01-01' });
        expect(r.statusCode, url).toBe(400);
        expect(r.json().error.code).toBe('INVALID_INPUT');
        expect(r.json().error.message).toMatch(/future/);
        expect(r.json().error.details.map((d: Problem) => d.path)).toContain('/valuationDate');
      }
      const tomorrow = await post('/api/v1/stress-test/bk', { scenarios: ['market-crash'], valuationDate: '2026-03-03' });
      expect(tomorrow.statusCode).toBe(400);
      expect(await historyCount('bk')).toBe(before);
    });
  });
});
