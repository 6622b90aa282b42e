import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitProblems } from '../../src/app/limits/limit-rules.ts';
import { defaultLimitFields } from '../../src/app/limits/seed-default-limits.ts';
import { createTestApp, TEST_CONFIG, type TestApp } from '../support/test-app.ts';

const url = '/api/v1/limits/alpha';
const delta = { id: 'delta-ibm', type: 'net-delta', scope: { kind: 'underlying', value: 'IBM' }, value: { mode: 'absolute', amount: 250_000 }, action: 'block-new', description: 'IBM dollar delta' };

describe('limits API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'alpha', name: 'Alpha', cash: 1e6, applyDefaultLimits: false } });
  });
  afterAll(async () => { await t?.close(); });

  it('creates a limit with defaults filled in, version 1, and lists it with the limits version', async () => {
    const before = (await t.call({ method: 'GET', url, as: 'viewer' })).json();
    const r = await t.call({ method: 'POST', url, as: 'risk_manager', payload: delta });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ ...delta, portfolioId: 'alpha', warningLevels: [0.8, 0.95], active: true, params: {}, version: 1 });
    const list = (await t.call({ method: 'GET', url, as: 'viewer' })).json();
    expect(list.limits.map((l: { id: string }) => l.id)).toContain('delta-ibm');
    expect(list.limitsVersion).toBe(before.limitsVersion + 1);
    expect(list.effective.map((l: { id: string }) => l.id)).toContain('delta-ibm');
    expect((await t.call({ method: 'GET', url: `${url}/delta-ibm`, as: 'viewer' })).json().value).toEqual({ mode: 'absolute', amount: 250_000 });
  });

  it('refuses a duplicate id with 409 and an unknown portfolio with 404', async () => {
    const dup = await t.call({ method: 'POST', url, as: 'risk_manager', payload: delta });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('LIMIT_EXISTS');
    const missing = await t.call({ method: 'POST', url: '/api/v1/limits/nope', as: 'risk_manager', payload: { ...delta, id: undefined } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('PORTFOLIO_NOT_FOUND');
  });

  it('rejects semantically bad limits with 400, naming each problem, and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string[]]> = [
      [{ type: 'leverage', value: { mode: 'fraction-of-nav', amount: 2 }, action: 'alert' }, ['/value/mode']],
      [{ type: 'var', value: { mode: 'fraction-of-nav', amount: 0.02 }, action: 'alert', params: { confidence: 0.9 } }, ['/params/confidence']],
      [{ type: 'var', value: { mode: 'fraction-of-nav', amount: 0.02 }, action: 'alert' }, ['/params/confidence']],
      [{ type: 'gross-exposure', value: { mode: 'absolute', amount: 1e6 }, action: 'alert', warningLevels: [0.9, 0.8] }, ['/warningLevels/1']],
      [{ type: 'gross-exposure', value: { mode: 'absolute', amount: 1e6 }, action: 'alert', warningLevels: [0, 1.2] }, ['/warningLevels/0', '/warningLevels/1']],
      [{ type: 'restricted-symbols', action: 'block-new', params: { symbols: [] } }, ['/params/symbols']],
      [{ type: 'price-collar', value: { mode: 'absolute', amount: 0.05 }, action: 'block-new', params: { reference: 'close' } }, ['/params/reference']],
      [{ type: 'price-collar', value: { mode: 'absolute', amount: 0.05 }, action: 'reduce', params: { reference: 'mid' } }, ['/action']],
      [{ type: 'order-quantity', value: { mode: 'absolute', amount: -5 }, action: 'block-new' }, ['/value/amount']],
      [{ type: 'order-rate', value: { mode: 'absolute', amount: 0.5 }, action: 'block-new' }, ['/value/amount']],
      [{ type: 'sector-exposure', scope: { kind: 'symbol', value: 'IBM' }, value: { mode: 'fraction-of-nav', amount: 0.3 }, action: 'alert' }, ['/scope/kind']],
      [{ type: 'net-vega', scope: { kind: 'underlying' }, value: { mode: 'absolute', amount: 5000 }, action: 'alert' }, ['/scope/value']],
      [{ type: 'position-size', scope: { kind: 'symbol', value: '*' }, value: { mode: 'fraction-of-nav', amount: 0.1 }, action: 'alert', params: { basis: 'quantity' } }, ['/value/mode']],
      [{ type: 'position-size', value: { mode: 'absolute', amount: 1e5 }, action: 'alert' }, ['/scope/kind']],
      [{ type: 'gross-exposure', scope: { kind: 'portfolio', value: 'x' }, value: { mode: 'absolute', amount: 1e6 }, action: 'alert' }, ['/scope/value']],
      [{ type: 'liquidity', value: { mode: 'absolute', amount: 3 }, action: 'alert', params: { participationRate: 2 } }, ['/params/participationRate']],
      [{ type: 'daily-loss', value: { mode: 'absolute', amount: 5e4 }, action: 'close', params: { window: 3 } }, ['/params/window']],
      [{ type: 'daily-loss', action: 'alert' }, ['/value']],
    ];
    const versionBefore = (await t.call({ method: 'GET', url })).json().limitsVersion;
    for (const [payload, paths] of cases) {
      const r = await t.call({ method: 'POST', url, as: 'risk_manager', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.code).toBe('INVALID_INPUT');
      expect(r.json().error.details.map((d: { path: string }) => d.path), JSON.stringify(payload)).toEqual(paths);
    }
    const shape = await t.call({ method: 'POST', url, as: 'risk_manager', payload: { type: 'gamma-wobble', action: 'nuke', value: { mode: 'absolute', amount: 'x' } } });
    expect(shape.statusCode).toBe(400);
    const paths = shape.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/type', '/action', '/value/amount']));
    // one detail per path: an unknown type is "must be one of" the types, not a line per type
    expect(paths.filter((p: string) => p === '/type')).toHaveLength(1);
    const typeDetail = shape.json().error.details.find((d: { path: string }) => d.path === '/type');
    expect(typeDetail.message).toMatch(/^must be one of .*"position-size".*"restricted-symbols"/);
    const after = (await t.call({ method: 'GET', url })).json();
    expect(after.limitsVersion).toBe(versionBefore);
    expect(after.limits).toHaveLength(1);
  });

  it('accepts each type-specific parameter set that is valid', async () => {
    const ok = [
      { type: 'var', value: { mode: 'fraction-of-nav', amount: 0.03 }, action: 'block-new', params: { confidence: 0.99 } },
      { type: 'restricted-symbols', action: 'block-new', params: { symbols: ['GME', 'AMC'] } },
      { type: 'price-collar', scope: { kind: 'symbol', value: 'IBM' }, value: { mode: 'absolute', amount: 0.05 }, action: 'block-new', params: { reference: 'last' } },
      { type: 'order-rate', value: { mode: 'absolute', amount: 50 }, action: 'block-new' },
      { type: 'sector-exposure', scope: { kind: 'sector', value: '*' }, value: { mode: 'fraction-of-nav', amount: 0.3 }, action: 'reduce', params: { basis: 'gross' } },
      { type: 'net-delta', scope: { kind: 'portfolio' }, value: { mode: 'fraction-of-nav', amount: 0.5 }, action: 'alert', params: { weighting: 'beta' }, warningLevels: [] },
    ];
    for (const payload of ok) {
      const r = await t.call({ method: 'POST', url, as: 'risk_manager', payload });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().id).toMatch(/^lim_/);
      expect(r.json().warningLevels).toEqual(payload.warningLevels ?? [0.8, 0.95]);
    }
  });

  it('updates a limit: version + 1, audit event with before and after', async () => {
    const r = await t.call({ method: 'PUT', url: `${url}/delta-ibm`, as: 'risk_manager', payload: { value: { mode: 'absolute', amount: 300_000 }, warningLevels: [0.5, 0.9] } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ version: 2, value: { amount: 300_000 }, warningLevels: [0.5, 0.9], active: true, action: 'block-new' });
    const events = (await t.call({ method: 'GET', url: '/api/v1/audit?subject=limit:alpha/delta-ibm', as: 'risk_manager' })).json().events;
    expect(events.map((e: { eventType: string }) => e.eventType)).toEqual(['limit.created', 'limit.updated']);
    const upd = events[1];
    expect(upd.actor).toMatch(/^key:/);
    expect(upd.payload.before).toMatchObject({ version: 1, value: { amount: 250_000 }, warningLevels: [0.8, 0.95] });
    expect(upd.payload.after).toMatchObject({ version: 2, value: { amount: 300_000 }, warningLevels: [0.5, 0.9] });
  });

  it('gives concurrent updates of one limit distinct versions (no lost update)', async () => {
    const start = (await t.call({ method: 'GET', url: `${url}/delta-ibm` })).json().version;
    const amounts = [310_000, 320_000, 330_000, 340_000, 350_000];
    const rs = await Promise.all(amounts.map((amount) => t.call({ method: 'PUT', url: `${url}/delta-ibm`, as: 'risk_manager', payload: { value: { mode: 'absolute', amount } } })));
    expect(rs.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(rs.map((r) => r.json().version).sort()).toEqual(amounts.map((_, i) => start + i + 1));
    const last = rs.find((r) => r.json().version === start + amounts.length)?.json();
    expect((await t.call({ method: 'GET', url: `${url}/delta-ibm` })).json()).toMatchObject({ version: start + amounts.length, value: last.value });
    await t.call({ method: 'PUT', url: `${url}/delta-ibm`, as: 'risk_manager', payload: { value: { mode: 'absolute', amount: 300_000 } } });
  });

  it('refuses an update that makes the limit invalid and leaves it unchanged', async () => {
    const r = await t.call({ method: 'PUT', url: `${url}/delta-ibm`, as: 'risk_manager', payload: { type: 'leverage' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.map((d: { path: string }) => d.path)).toEqual(['/scope/kind']);
    expect((await t.call({ method: 'GET', url: `${url}/delta-ibm` })).json()).toMatchObject({ type: 'net-delta', version: 8, value: { amount: 300_000 } });
    expect((await t.call({ method: 'PUT', url: `${url}/nope`, as: 'risk_manager', payload: { active: false } })).json().error.code).toBe('LIMIT_NOT_FOUND');
  });

  it('lets a viewer read but not write (403)', async () => {
    expect((await t.call({ method: 'GET', url, as: 'viewer' })).statusCode).toBe(200);
    for (const req of [
      { method: 'POST' as const, url, payload: { ...delta, id: 'v1' } },
      { method: 'PUT' as const, url: `${url}/delta-ibm`, payload: { active: false } },
      { method: 'DELETE' as const, url: `${url}/delta-ibm` },
      { method: 'POST' as const, url: `${url}/defaults` },
    ]) {
      const r = await t.call({ ...req, as: 'viewer' });
      expect(r.statusCode, req.method).toBe(403);
      expect(r.json().error.code).toBe('FORBIDDEN');
    }
    expect((await t.call({ method: 'PUT', url: `${url}/delta-ibm`, as: 'trader', payload: { active: false } })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: `${url}/delta-ibm` })).json().active).toBe(true);
  });

  it('makes default limits that pass every check, the pre-trade engine\'s included', () => {
    const defaults = defaultLimitFields(TEST_CONFIG.risk.limits);
    expect(defaults.map((d) => d.id)).toEqual(['default-var-95', 'default-var-99', 'default-position-size', 'default-sector-exposure', 'default-leverage', 'default-volatility']);
    for (const d of defaults) expect(limitProblems(d), d.id).toEqual([]);
    const { volatilityLimitAnnualized: _vol, ...withoutVolatility } = TEST_CONFIG.risk.limits;
    expect(defaultLimitFields(withoutVolatility).map((d) => d.id)).not.toContain('default-volatility');
  });

  it('applies the config defaults, and re-applying restores a changed default', async () => {
    const first = await t.call({ method: 'POST', url: `${url}/defaults`, as: 'risk_manager' });
    expect(first.statusCode).toBe(200);
    const limits = TEST_CONFIG.risk.limits;
    const byId = Object.fromEntries(first.json().limits.map((l: { id: string }) => [l.id, l]));
    expect(byId['default-var-99']).toMatchObject({ type: 'var', value: { mode: 'fraction-of-nav', amount: limits.var99FractionOfNav }, params: { confidence: 0.99 } });
    expect(byId['default-leverage']).toMatchObject({ type: 'leverage', value: { mode: 'absolute', amount: limits.maxLeverage } });
    expect(byId['default-volatility']).toMatchObject({ type: 'volatility', value: { amount: limits.volatilityLimitAnnualized } });
    expect(first.json().changed).toBe(6);
    await t.call({ method: 'PUT', url: `${url}/default-leverage`, as: 'risk_manager', payload: { value: { mode: 'absolute', amount: 10 } } });
    const again = (await t.call({ method: 'POST', url: `${url}/defaults`, as: 'risk_manager' })).json();
    expect(again.changed).toBe(1);
    const lev = again.limits.find((l: { id: string }) => l.id === 'default-leverage');
    expect(lev).toMatchObject({ value: { amount: limits.maxLeverage }, version: 3 });
    const third = (await t.call({ method: 'POST', url: `${url}/defaults`, as: 'risk_manager' })).json();
    expect(third.changed).toBe(0);
  });

  it('deletes a limit, bumping the limits version', async () => {
    const v = (await t.call({ method: 'GET', url })).json().limitsVersion;
    const r = await t.call({ method: 'DELETE', url: `${url}/delta-ibm`, as: 'risk_manager' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: 'delta-ibm', limitsVersion: v + 1 });
    expect((await t.call({ method: 'GET', url: `${url}/delta-ibm` })).statusCode).toBe(404);
    expect((await t.call({ method: 'DELETE', url: `${url}/delta-ibm`, as: 'risk_manager' })).json().error.code).toBe('LIMIT_NOT_FOUND');
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=limit.deleted', as: 'risk_manager' })).json().events;
    expect(ev[0].payload.before.id).toBe('delta-ibm');
    expect(ev[0].payload.after).toBeNull();
  });

  it('reserves the sub-resource names as limit ids', async () => {
    const r = await t.call({ method: 'POST', url, as: 'risk_manager', payload: { ...delta, id: 'overrides' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details[0].path).toBe('/id');
  });
});
