import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LATTICE_OPTIONS_PER_REQUEST } from '../../src/api/http/routes/analytics-routes.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

interface Tol { value: number; tol: [number, number]; tol_loose: [number, number] }
interface RefCase { id: string; category: string; inputs: Record<string, unknown>; expected: Record<string, Tol & { exact?: boolean }> & { accept_band?: [number, number]; accept_band_loose?: [number, number]; error_acceptable?: boolean } }
const ref = JSON.parse(readFileSync(new URL('../support/reference-cases.json', import.meta.url), 'utf8')) as { cases: RefCase[] };
const within = (got: number, e: Tol | undefined, which: 'tol' | 'tol_loose' = 'tol') => e !== undefined && Math.abs(got - e.value) <= e[which][0] + e[which][1] * Math.abs(e.value);

describe('analytics API', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('prices every European reference case to QuantLib precision through the endpoint', async () => {
    const cases = ref.cases.filter((c) => c.category === 'bsm_european');
    const options = cases.map((c) => ({ kind: c.inputs.type, style: 'european', spot: c.inputs.S, strike: c.inputs.K, timeToExpiryYears: c.inputs.T, volatility: c.inputs.vol, rate: c.inputs.r, dividendYield: c.inputs.q }));
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.units.vega).toMatch(/volatility point/);
    const misses: string[] = [];
    cases.forEach((c, i) => {
      const g = body.results[i];
      const pairs: Array<[string, number]> = [['price', g.price], ['delta', g.delta], ['gamma', g.gamma], ['vega_per_vol_point', g.vega], ['theta_per_day_365', g.theta], ['rho_per_pct', g.rho]];
      for (const [name, got] of pairs) if (c.expected[name] && !within(got, c.expected[name])) misses.push(`${c.id}.${name}`);
      expect(g.method).toBe('bsm');
    });
    expect(misses).toEqual([]);
  });

  it('prices American options with the named method and the accurate default', async () => {
    const base = { kind: 'put', style: 'american', spot: 100, strike: 100, timeToExpiryYears: 1, volatility: 0.3, rate: 0.05, dividendYield: 0 };
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options: [base, { ...base, method: 'baw' }, { ...base, method: 'bjerksund-stensland-2002' }] } });
    const [dflt, baw, bs] = r.json().results;
    expect(dflt.method).toBe('binomial');
    expect(baw.method).toBe('baw');
    expect(bs.method).toBe('bjerksund-stensland-2002');
    const cases = ref.cases.filter((c) => c.category === 'american');
    const options = cases.map((c) => ({ kind: c.inputs.type, style: 'american', spot: c.inputs.S, strike: c.inputs.K, timeToExpiryYears: c.inputs.T, volatility: c.inputs.vol, rate: c.inputs.r, dividendYield: c.inputs.q }));
    const all = (await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options } })).json().results;
    cases.forEach((c, i) => expect(within(all[i].price, c.expected.true_value as Tol, 'tol_loose'), c.id).toBe(true));
  });

  it('rejects invalid option input with 400 naming each bad field', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options: [
      { kind: 'call', style: 'european', spot: 100, strike: 100, timeToExpiryYears: 1, volatility: 0.2, rate: 0, dividendYield: 0 },
      { kind: 'straddle', style: 'european', spot: 100, strike: 100, timeToExpiryYears: -1, volatility: -0.2, rate: 0, dividendYield: 0 },
    ] } });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/options/1/kind', '/options/1/volatility', '/options/1/timeToExpiryYears']));
    expect(paths.every((p: string) => p.startsWith('/options/1'))).toBe(true);
  });

  it('solves implied volatility in the reference bands and returns coded errors outside the bounds', async () => {
    const cases = ref.cases.filter((c) => c.category === 'implied_vol');
    const options = cases.map((c) => ({ kind: c.inputs.type, style: 'european', spot: c.inputs.S, strike: c.inputs.K, timeToExpiryYears: c.inputs.T, rate: c.inputs.r, dividendYield: c.inputs.q, price: c.inputs.price }));
    const results = (await t.call({ method: 'POST', url: '/api/v1/analytics/options/implied-vol', as: 'viewer', payload: { options } })).json().results;
    const misses: string[] = [];
    cases.forEach((c, i) => {
      const res = results[i];
      const band = c.expected.accept_band_loose;
      if ('error' in res) { if (!c.expected.error_acceptable) misses.push(`${c.id}: ${res.error.code}`); return; }
      if (band && !(res.volatility >= band[0] && res.volatility <= band[1])) misses.push(`${c.id}: ${res.volatility}`);
    });
    expect(misses).toEqual([]);
    const bad = (await t.call({ method: 'POST', url: '/api/v1/analytics/options/implied-vol', as: 'viewer', payload: { options: [
      { kind: 'call', style: 'european', spot: 100, strike: 90, timeToExpiryYears: 0.5, rate: 0, dividendYield: 0, price: 5 },
      { kind: 'call', style: 'european', spot: 100, strike: 90, timeToExpiryYears: 0.5, rate: 0, dividendYield: 0, price: 150 },
    ] } })).json().results;
    expect(bad[0].error.code).toBe('PRICE_BELOW_INTRINSIC');
    expect(bad[1].error.code).toBe('PRICE_ABOVE_UPPER_BOUND');
  });

  it('computes return statistics on real data equal to the R reference values', async () => {
    const c = ref.cases.find((x) => x.id === 'risk.eu_DAX.simple') as RefCase;
    const rows = readFileSync(new URL('../../data/fixtures/eustockmarkets.csv', import.meta.url), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload: {
      dates: rows.map((x) => x[0]), prices: { DAX: rows.map((x) => Number(x[1])) }, rfAnnual: 0.02,
    } });
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.n).toBe(1859);
    expect(within(b.sd, c.expected.sd)).toBe(true);
    expect(within(b.var.historical['0.99'], c.expected.hist_var_99_type7)).toBe(true);
    expect(within(b.es.historical['0.95'], c.expected.hist_es_95_acerbi_tasche)).toBe(true);
    expect(within(b.var.cornishFisher['0.99'], c.expected.cf_var_99)).toBe(true);
    expect(within(b.sharpe, c.expected.sharpe_ann_rf)).toBe(true);
    expect(within(b.sortino, c.expected.sortino_ann)).toBe(true);
    expect(b.conventions).toBeTruthy();
  });

  it('rejects a returns request with an empty cell unless dropMissing', async () => {
    const payload = { dates: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-01-06'], prices: { A: [1, null, 1.1, 1.2] } };
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().error.details)).toContain('/prices/A/1');
    expect((await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload: { ...payload, dropMissing: true } })).json().n).toBe(2);
    const short = await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload: { dates: ['2020-01-01'], prices: { A: [1] } } });
    expect(short.statusCode).toBe(400);
    const mismatch = await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload: { dates: ['2020-01-01', '2020-01-02'], prices: { A: [1, 2, 3] } } });
    expect(mismatch.statusCode).toBe(400);
    // a value of the wrong type in a number-or-null cell: one detail naming both, not one per branch
    const text = await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: 'viewer', payload: { ...payload, prices: { A: [1, 'NaN', 1.1, 1.2] } } });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.details).toEqual([{ path: '/prices/A/1', message: 'must be number or null' }]);
  });

  it('bounds the American options one request may price or invert on the default lattice, not the fast methods', async () => {
    const american = (i: number, extra: Record<string, unknown> = {}) => ({ kind: 'put', style: 'american', spot: 100, strike: 90 + (i % 40), timeToExpiryYears: 0.5, volatility: 0.3, rate: 0.05, dividendYield: 0, ...extra });
    const tooMany = Array.from({ length: MAX_LATTICE_OPTIONS_PER_REQUEST + 1 }, (_, i) => american(i));
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options: tooMany } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: '/options' }] });
    expect(r.json().error.message).toContain(String(MAX_LATTICE_OPTIONS_PER_REQUEST));
    const iv = await t.call({ method: 'POST', url: '/api/v1/analytics/options/implied-vol', as: 'viewer', payload: { options: tooMany.map(({ volatility: _v, ...o }) => ({ ...o, price: 12 })) } });
    expect(iv.statusCode).toBe(400);
    // the same count with a closed-form method, or European, is priced (microseconds each)
    const fast = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options: tooMany.map((_, i) => american(i, { method: 'bjerksund-stensland-2002' })) } });
    expect(fast.statusCode).toBe(200);
    expect(fast.json().results).toHaveLength(MAX_LATTICE_OPTIONS_PER_REQUEST + 1);
    const european = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload: { options: tooMany.map((_, i) => american(i, { style: 'european' })) } });
    expect(european.statusCode).toBe(200);
  });

  it('needs a token', async () => {
    expect((await t.call({ method: 'POST', url: '/api/v1/analytics/returns', as: null, payload: {} })).statusCode).toBe(401);
  });
});
