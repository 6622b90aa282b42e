import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { navPerformance } from '../../src/core/risk/nav-performance.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/**
 * The report's NAV measures (drawdown, realised volatility, Sharpe, Sortino) are daily: the last
 * NAV of each UTC day, however many points a day holds (the monitor appends one a minute), and
 * only up to the valuation date when one is given.
 */
const rows = readFileSync(new URL('../../data/fixtures/eustockmarkets.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
/** 400 daily NAVs: the FTSE column scaled, on consecutive calendar days from 2020-01-01 (UTC). */
const DAYS = 400;
const day = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const daily = rows.slice(0, DAYS).map((r, i) => ({ at: `${day(i)}T21:00:00.000Z`, nav: 1000 * Number(r[4]) }));
const CASH = 5_000_000;

describe('NAV-based measures in the risk report', () => {
  let t: TestApp;
  const metrics = async (query = '') => (await t.call({ method: 'GET', url: `/api/v1/risk/metrics/navbook${query}`, as: 'viewer' })).json();
  const expected = (points: Array<{ at: string; nav: number }>, currentAt: string) => navPerformance({
    points: points.map((p) => ({ ...p, portfolioId: 'navbook', cash: null, marketValue: null, source: 'import' })), currentNav: CASH, currentAt, rfAnnual: Math.expm1(0.02), minReturns: 20,
  });

  beforeAll(async () => {
    t = await createTestApp();
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'USD', rate: 0.02 }] } });
    expect((await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'navbook', name: 'NAV book', cash: CASH } })).statusCode).toBe(201);
    expect((await t.call({ method: 'POST', url: '/api/v1/portfolios/navbook/nav-history', payload: { points: daily } })).statusCode).toBe(201);
  });
  afterAll(async () => { await t?.close(); });

  it('keeps the daily history when a later day holds thousands of intraday points', async () => {
    const before = await metrics();
    const want = expected(daily, before.asOf);
    expect(before.drawdown.observations).toBe(DAYS + 1); // the imported days and today's current NAV
    expect(before.drawdown.maxDrawdown).toBeCloseTo(want.maxDrawdown as number, 12);
    // 6,000 points a minute apart on the day after the history (more than any count-based read kept)
    const last = daily.at(-1)?.nav as number;
    const start = Date.parse(`${day(DAYS)}T00:00:00.000Z`);
    const minutes = Array.from({ length: 6000 }, (_, i) => ({ at: new Date(start + i * 10_000).toISOString(), nav: last * (1 + 0.001 * Math.sin(i)) }));
    expect((await t.call({ method: 'POST', url: '/api/v1/portfolios/navbook/nav-history', payload: { points: minutes } })).statusCode).toBe(201);
    const after = await metrics();
    const wantAfter = expected([...daily, minutes.at(-1) as { at: string; nav: number }], after.asOf);
    expect(after.drawdown.observations).toBe(DAYS + 2);
    expect(after.drawdown.maxDrawdown).toBeCloseTo(wantAfter.maxDrawdown as number, 12);
    expect(after.drawdown.maxDrawdown).toBeGreaterThan(0.05);
    expect(after.volatility.realizedAnnualized).toBeCloseTo(wantAfter.realizedVolatilityAnnualized as number, 12);
    expect(after.sharpe).toBeCloseTo(wantAfter.sharpe as number, 12);
    expect(after.performanceBasis).toBe('nav-history');
  });

  it('gives a book of cash alone a VaR of 0 and a complete report, and refuses a valuation date in the future', async () => {
    const report = await metrics('?method=all&paths=1000');
    for (const m of ['historical', 'parametric-delta-normal', 'parametric-delta-gamma', 'monte-carlo', 'hybrid']) {
      expect(report.var[m]['0.99'], m).toEqual({ amount: 0, fraction: 0 });
      expect(report.es[m]['0.975'].amount, m).toBe(0);
    }
    expect(report.incomplete).toBe(false);
    expect(report.navComplete).toBe(true);
    expect(report.nav).toBe(CASH);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const future = await t.call({ method: 'GET', url: `/api/v1/risk/metrics/navbook?valuationDate=${tomorrow}`, as: 'viewer' });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('INVALID_INPUT');
    expect(future.json().error.message).toContain('future');
  });

  it('measures NAV only up to the valuation date', async () => {
    const valuationDate = day(199);
    const report = await metrics(`?valuationDate=${valuationDate}`);
    const upTo = daily.slice(0, 200);
    const want = expected(upTo, report.asOf);
    expect(report.asOf.slice(0, 10)).toBe(valuationDate);
    expect(report.drawdown.observations).toBe(200); // the valuation day's point is replaced by the NAV valued then
    expect(report.drawdown.peakNav).toBeCloseTo(Math.max(...upTo.slice(0, 199).map((p) => p.nav), CASH), 6);
    expect(report.drawdown.maxDrawdown).toBeCloseTo(want.maxDrawdown as number, 12);
    expect(report.volatility.realizedAnnualized).toBeCloseTo(want.realizedVolatilityAnnualized as number, 12);
  });
});
