import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeReturns } from '../../src/core/stats/analyze-returns.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** EuStockMarkets (DAX, SMI, CAC, FTSE): the last 253 closes give 252 daily returns. */
const rows = readFileSync(new URL('../../data/fixtures/eustockmarkets.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const SYMBOLS = ['DAX', 'SMI', 'CAC', 'FTSE'];
const tail = rows.slice(-253);
const last = Object.fromEntries(SYMBOLS.map((s, j) => [s, Number(tail.at(-1)?.[j + 1])]));
const QTY: Record<string, number> = { DAX: 100, SMI: -40, CAC: 150, FTSE: 60 };

describe('risk metrics on real data (EuStockMarkets)', () => {
  let t: TestApp;
  const ts = () => new Date(Date.now() - 1000).toISOString();
  beforeAll(async () => {
    t = await createTestApp();
    const csv = ['date,DAX,SMI,CAC,FTSE', ...rows.map((r) => r.join(','))].join('\n');
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: csv })).statusCode).toBe(200);
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: SYMBOLS.map((s) => ({ symbol: s, last: last[s], timestamp: ts() })) } });
    await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'trader', payload: { rates: [{ currency: 'EUR', rate: 0.03 }] } });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'eu', name: 'EU indices', baseCurrency: 'EUR', cash: 0 } });
    await t.call({ method: 'PUT', url: '/api/v1/portfolios/eu/positions', as: 'trader', payload: { positions: SYMBOLS.map((s) => ({ instrument: { type: 'index', symbol: s }, quantity: QTY[s], averageCost: last[s] })) } });
  });
  afterAll(async () => { await t?.close(); });

  it('gives the historical VaR of a stock-only portfolio equal to the return-series VaR of its daily-rebalanced value path', async () => {
    const r = await t.call({ method: 'GET', url: '/api/v1/risk/metrics/eu?method=historical', as: 'viewer' });
    expect(r.statusCode).toBe(200);
    const report = r.json();
    const mv = SYMBOLS.reduce((s, k) => s + (QTY[k] as number) * (last[k] as number), 0);
    expect(report.nav).toBeCloseTo(mv, 6);
    const weights = Object.fromEntries(SYMBOLS.map((s) => [s, ((QTY[s] as number) * (last[s] as number)) / mv]));
    const series = analyzeReturns({ dates: tail.map((x) => x[0] as string), prices: Object.fromEntries(SYMBOLS.map((s, j) => [s, tail.map((x) => Number(x[j + 1]))])), weights, rebalance: 'daily', confidenceLevels: [0.95, 0.99] });
    if (!series.ok) throw new Error(series.error.message);
    for (const c of ['0.95', '0.99']) {
      expect(report.var.historical[c].fraction).toBeCloseTo(series.value.var.historical[c] as number, 12);
      expect(report.var.historical[c].amount).toBeCloseTo((series.value.var.historical[c] as number) * mv, 6);
    }
    expect(report.methods.historical.details.scenarios).toBe(252);
    expect(report.incomplete).toBe(false);
    expect(report.conventions.historical).toMatch(/full revaluation/);
  });

  it('converges Monte Carlo VaR of the stock-only portfolio to its delta-normal value within the standard error', async () => {
    const report = (await t.call({ method: 'GET', url: '/api/v1/risk/metrics/eu?method=all&paths=20000&seed=7', as: 'viewer' })).json();
    const mc = report.var['monte-carlo']['0.99'].amount;
    const dn = report.var['parametric-delta-normal']['0.99'].amount;
    const se = report.methods['monte-carlo'].details.standardErrors.find((x: { confidence: number }) => x.confidence === 0.99).standardError;
    expect(report.methods['monte-carlo'].details).toMatchObject({ seed: 7, paths: 20000 });
    expect(Math.abs(mc - dn)).toBeLessThan(3 * se + 0.01 * dn);
    expect(report.es['monte-carlo']['0.99'].amount).toBeGreaterThanOrEqual(mc);
    expect(report.methods['parametric-delta-normal'].approximation).toBe(true);
  });

  it('reports drawdown, volatility, beta-free ratios, concentration, correlation and a risk level with drivers', async () => {
    const report = (await t.call({ method: 'GET', url: '/api/v1/risk/metrics/eu', as: 'viewer' })).json();
    expect(report.hybrid.method).toBe('historical');
    expect(report.var.hybrid['0.99'].amount).toBe(report.var.historical['0.99'].amount);
    expect(report.volatility.exAnteAnnualized).toBeGreaterThan(0.05);
    expect(report.concentration.byUnderlying.hhi).toBeGreaterThan(0.25);
    expect(report.correlation.averagePairwiseCorrelation).toBeGreaterThan(0.3);
    expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(report.riskLevel.level);
    expect(report.riskLevel.drivers.length).toBeGreaterThan(0);
    expect(report.stale).toBe(false);
  });

  it('flags a historical valuation whose closes are more than 5 days older than the valuation date as stale', async () => {
    const lastDate = tail.at(-1)?.[0] as string;
    const onTime = (await t.call({ method: 'GET', url: `/api/v1/risk/metrics/eu?valuationDate=${lastDate}&method=parametric`, as: 'viewer' })).json();
    expect(onTime.stale).toBe(false);
    expect(onTime.inputAgeSeconds).toBe(0);
    const later = new Date(Date.parse(`${lastDate}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
    const old = (await t.call({ method: 'GET', url: `/api/v1/risk/metrics/eu?valuationDate=${later}&method=parametric`, as: 'viewer' })).json();
    expect(old.stale).toBe(true);
    expect(old.inputAgeSeconds).toBe(30 * 86_400);
    expect(old.issues.find((i: { code: string }) => i.code === 'MARKET_DATA_STALE')?.message).toContain(lastDate);
  });

  it('marks a report with a missing quote incomplete with a coded reason, not a crash or a zero', async () => {
    await t.call({ method: 'POST', url: '/api/v1/portfolios/eu/positions', as: 'trader', payload: { instrument: { type: 'stock', symbol: 'NOQUOTE' }, quantity: 10, averageCost: 5 } });
    const report = (await t.call({ method: 'GET', url: '/api/v1/risk/metrics/eu', as: 'viewer' })).json();
    expect(report.incomplete).toBe(true);
    const failed = report.positions.find((p: { positionId: string }) => p.positionId === 'NOQUOTE');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'MISSING_QUOTE' } });
    expect(failed.marketValue).toBeUndefined();
    expect(report.issues.map((i: { code: string }) => i.code)).toContain('MISSING_QUOTE');
    expect(report.var.historical['0.99'].amount).toBeGreaterThan(0);
    await t.call({ method: 'DELETE', url: '/api/v1/portfolios/eu/positions/NOQUOTE', as: 'trader' });
  });

  it('values options, aggregates Greeks by underlying and expiry, and answers what-if and the scenario grid', async () => {
    const expiry = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const put = { type: 'option', underlying: 'DAX', kind: 'put', strike: Math.round(last.DAX as number), expiry, exerciseStyle: 'european', multiplier: 1 };
    await t.call({ method: 'POST', url: '/api/v1/market-data/quotes', as: 'trader', payload: { quotes: [{ instrument: put, last: 150, impliedVolatility: 0.22, timestamp: ts() }] } });
    const greeks = (await t.call({ method: 'GET', url: '/api/v1/risk/greeks/eu', as: 'viewer' })).json();
    expect(greeks.greeks.byUnderlying.DAX.dollarDelta).toBeCloseTo(100 * (last.DAX as number), 6);
    const wi = await t.call({ method: 'POST', url: '/api/v1/risk/what-if', as: 'trader', payload: { portfolioId: 'eu', trades: [{ instrument: put, quantity: 100 }] } });
    expect(wi.statusCode).toBe(200);
    const w = wi.json();
    expect(w.change.greeks.dollarDelta).toBeLessThan(0);
    expect(w.after.var['0.99'].amount).toBeLessThan(w.before.var['0.99'].amount);
    expect(w.change.nav).toBeCloseTo(0, 6);
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/eu/positions', as: 'viewer' })).json().positions).toHaveLength(4);
    const grid = (await t.call({ method: 'GET', url: '/api/v1/risk/scenario-grid/eu?underlying=DAX', as: 'viewer' })).json();
    expect(grid.pnl).toHaveLength(11);
    expect(grid.pnl[0]).toHaveLength(6);
    expect(grid.pnl[5][2]).toBeCloseTo(0, 8);
    expect(grid.pnl[0][2]).toBeCloseTo(100 * (last.DAX as number) * -0.3, 6);
    // as of an earlier date: valued off that day's close
    const past = tail.at(-11) as string[];
    const pastGrid = await t.call({ method: 'GET', url: `/api/v1/risk/scenario-grid/eu?underlying=DAX&valuationDate=${past[0] as string}`, as: 'viewer' });
    expect(pastGrid.statusCode).toBe(200);
    expect(pastGrid.json().asOf.slice(0, 10)).toBe(past[0]);
    expect(pastGrid.json().pnl[0][2]).toBeCloseTo(100 * Number(past[1]) * -0.3, 6);
    expect((await t.call({ method: 'GET', url: '/api/v1/risk/metrics/nope', as: 'viewer' })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: '/api/v1/risk/metrics/eu?method=magic', as: 'viewer' })).statusCode).toBe(400);
  });
});
