import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireOverrides } from '../../src/app/limits/expire-overrides.ts';
import { loadLimitSet } from '../../src/app/limits/limit-set.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const START = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
const base = '/api/v1/limits/alpha';

describe('limit overrides', () => {
  const clock = { ms: START, now: () => new Date(clock.ms) };
  let t: TestApp;
  /** A second risk manager: the two-person rule needs one. */
  let rm2: string;
  const asRm2 = (opts: { method: 'POST' | 'DELETE' | 'GET'; url: string; payload?: object }) =>
    t.app.inject({ ...opts, headers: { authorization: `Bearer ${rm2}` } });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'alpha', name: 'Alpha', cash: 1e6 } });
    await t.call({ method: 'POST', url: base, as: 'risk_manager', payload: { id: 'gross', type: 'gross-exposure', value: { mode: 'absolute', amount: 1e6 }, action: 'block-new' } });
    await t.call({ method: 'POST', url: base, as: 'risk_manager', payload: { id: 'vega', type: 'net-vega', value: { mode: 'absolute', amount: 5000 }, action: 'alert' } });
    rm2 = (await t.call({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'second risk manager', role: 'risk_manager' } })).json().token;
  });
  afterAll(async () => { await t?.close(); });

  const effective = async () => (await t.call({ method: 'GET', url: base, as: 'viewer' })).json().effective as Array<{ id: string; value: { amount: number }; override?: { id: string; baseAmount: number } }>;

  it('validates a request: a raise needs an amount above the limit, expiry in the future', async () => {
    const bad = [
      [{ kind: 'raise', reason: 'x', expiresAt: new Date(START + HOUR).toISOString() }, '/amount'],
      [{ kind: 'raise', amount: 900_000, reason: 'x', expiresAt: new Date(START + HOUR).toISOString() }, '/amount'],
      [{ kind: 'suspend', reason: 'x', expiresAt: new Date(START - HOUR).toISOString() }, '/expiresAt'],
      [{ kind: 'suspend', reason: 'x', expiresAt: new Date(START + 40 * 24 * HOUR).toISOString() }, '/expiresAt'],
    ] as const;
    for (const [payload, path] of bad) {
      const r = await t.call({ method: 'POST', url: `${base}/gross/overrides`, as: 'trader', payload });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.json().error.details[0].path).toBe(path);
    }
    expect((await t.call({ method: 'POST', url: `${base}/nope/overrides`, as: 'trader', payload: { kind: 'suspend', reason: 'x', expiresAt: new Date(START + HOUR).toISOString() } })).json().error.code).toBe('LIMIT_NOT_FOUND');
    expect((await t.call({ method: 'POST', url: `${base}/gross/overrides`, as: 'viewer', payload: { kind: 'suspend', reason: 'x', expiresAt: new Date(START + HOUR).toISOString() } })).statusCode).toBe(403);
  });

  it('applies a raise only after a different risk manager approves it', async () => {
    const req = await t.call({ method: 'POST', url: `${base}/gross/overrides`, as: 'risk_manager', payload: { kind: 'raise', amount: 1.5e6, reason: 'index rebalance', expiresAt: new Date(START + 2 * HOUR).toISOString() } });
    expect(req.statusCode).toBe(201);
    const o = req.json();
    expect(o).toMatchObject({ status: 'pending', kind: 'raise', amount: 1.5e6, approvedBy: null });
    expect((await effective()).find((l) => l.id === 'gross')?.value.amount).toBe(1e6);

    const self = await t.call({ method: 'POST', url: `${base}/gross/overrides/${o.id}/approve`, as: 'risk_manager', payload: {} });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('SAME_PERSON_APPROVAL');
    expect((await t.call({ method: 'POST', url: `${base}/gross/overrides/${o.id}/approve`, as: 'trader', payload: {} })).statusCode).toBe(403);

    const v = (await t.call({ method: 'GET', url: base })).json().limitsVersion;
    const ok = await asRm2({ method: 'POST', url: `${base}/gross/overrides/${o.id}/approve`, payload: { note: 'fine for today' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active', approvedBy: expect.stringMatching(/^key:/), decisionNote: 'fine for today' });
    expect(ok.json().approvedBy).not.toBe(o.requestedBy);
    expect((await t.call({ method: 'GET', url: base })).json().limitsVersion).toBe(v + 1);
    const gross = (await effective()).find((l) => l.id === 'gross');
    expect(gross).toMatchObject({ value: { amount: 1.5e6 }, override: { id: o.id, baseAmount: 1e6 } });

    const twice = await asRm2({ method: 'POST', url: `${base}/gross/overrides/${o.id}/approve`, payload: {} });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('OVERRIDE_NOT_PENDING');
    const audit = (await t.call({ method: 'GET', url: `/api/v1/audit?subject=limit-override:${o.id}`, as: 'risk_manager' })).json().events;
    expect(audit.map((e: { eventType: string }) => e.eventType)).toEqual(['limit-override.requested', 'limit-override.approved']);
    expect(audit[1].payload.before.status).toBe('pending');
    expect(audit[1].payload.after.status).toBe('active');
  });

  it('lets the overrides lapse by themselves at expiry, then marks them expired with an audit event', async () => {
    const suspend = (await t.call({ method: 'POST', url: `${base}/vega/overrides`, as: 'trader', payload: { kind: 'suspend', reason: 'vol event', expiresAt: new Date(START + 3 * HOUR).toISOString() } })).json();
    expect((await asRm2({ method: 'POST', url: `${base}/vega/overrides/${suspend.id}/approve` })).statusCode).toBe(200);
    expect((await effective()).map((l) => l.id)).not.toContain('vega');
    const set = await loadLimitSet(t.db.storage, 'alpha', clock.ms);
    expect(set.validUntilMs).toBe(START + 2 * HOUR);

    clock.ms = START + 2 * HOUR + 1;
    // The raise has lapsed although nothing has marked it yet; the suspension still holds.
    let eff = await effective();
    expect(eff.find((l) => l.id === 'gross')?.value.amount).toBe(1e6);
    expect(eff.find((l) => l.id === 'gross')?.override).toBeUndefined();
    expect(eff.map((l) => l.id)).not.toContain('vega');
    expect((await t.call({ method: 'GET', url: `${base}/overrides?status=active` })).json().overrides).toHaveLength(2);

    const first = await expireOverrides(t.deps);
    expect(first.ok && first.value.map((o) => o.limitId)).toEqual(['gross']);
    const again = await expireOverrides(t.deps);
    expect(again.ok && again.value).toEqual([]);

    clock.ms = START + 3 * HOUR;
    eff = await effective();
    expect(eff.map((l) => l.id)).toContain('vega');
    const second = await expireOverrides(t.deps);
    expect(second.ok && second.value.map((o) => o.id)).toEqual([suspend.id]);

    const list = (await t.call({ method: 'GET', url: `${base}/overrides`, as: 'viewer' })).json().overrides;
    expect(list.every((o: { status: string }) => o.status === 'expired')).toBe(true);
    expect(list.find((o: { id: string }) => o.id === suspend.id)).toMatchObject({ endedBy: 'system:limits', endedAt: new Date(START + 3 * HOUR).toISOString() });
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=limit-override.expired', as: 'risk_manager' })).json().events;
    expect(ev).toHaveLength(2);
    expect(ev[0].payload.before.status).toBe('active');
    expect(ev[0].payload.after.status).toBe('expired');
  });

  it('refuses to approve an override whose expiry has passed', async () => {
    const o = (await t.call({ method: 'POST', url: `${base}/gross/overrides`, as: 'trader', payload: { kind: 'suspend', reason: 'late', expiresAt: new Date(clock.ms + HOUR).toISOString() } })).json();
    clock.ms += 2 * HOUR;
    const r = await asRm2({ method: 'POST', url: `${base}/gross/overrides/${o.id}/approve`, payload: {} });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('OVERRIDE_EXPIRED');
    const ex = await expireOverrides(t.deps);
    expect(ex.ok && ex.value.map((x) => [x.id, x.status])).toEqual([[o.id, 'expired']]);
  });

  it('rejects (not by the requester) and revokes; a trader revokes only their own request', async () => {
    const exp = new Date(clock.ms + HOUR).toISOString();
    const a = (await t.call({ method: 'POST', url: `${base}/gross/overrides`, as: 'trader', payload: { kind: 'suspend', reason: 'a', expiresAt: exp } })).json();
    const self = await t.call({ method: 'POST', url: `${base}/gross/overrides/${a.id}/reject`, as: 'trader', payload: {} });
    expect(self.statusCode).toBe(403);
    const rej = await t.call({ method: 'POST', url: `${base}/gross/overrides/${a.id}/reject`, as: 'risk_manager', payload: { note: 'no' } });
    expect(rej.json()).toMatchObject({ status: 'rejected', approvedBy: null, decisionNote: 'no' });

    const b = (await asRm2({ method: 'POST', url: `${base}/gross/overrides`, payload: { kind: 'suspend', reason: 'b', expiresAt: exp } })).json();
    const notMine = await t.call({ method: 'DELETE', url: `${base}/gross/overrides/${b.id}`, as: 'trader' });
    expect(notMine.statusCode).toBe(403);
    await t.call({ method: 'POST', url: `${base}/gross/overrides/${b.id}/approve`, as: 'risk_manager', payload: {} });
    expect((await effective()).map((l) => l.id)).not.toContain('gross');
    const revoked = await t.call({ method: 'DELETE', url: `${base}/gross/overrides/${b.id}?reason=done`, as: 'risk_manager' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', endedBy: expect.stringMatching(/^key:/) });
    expect((await effective()).map((l) => l.id)).toContain('gross');
    expect((await t.call({ method: 'DELETE', url: `${base}/gross/overrides/${b.id}`, as: 'risk_manager' })).json().error.code).toBe('OVERRIDE_CLOSED');
    expect((await t.call({ method: 'POST', url: `/api/v1/limits/alpha/vega/overrides/${b.id}/approve`, as: 'risk_manager', payload: {} })).json().error.code).toBe('OVERRIDE_NOT_FOUND');
  });

  it('refuses a raise that would not be a valid limit, and one on an unknown portfolio', async () => {
    const expiresAt = new Date(clock.ms + HOUR).toISOString();
    expect((await t.call({ method: 'POST', url: base, as: 'risk_manager', payload: { id: 'conc', type: 'concentration', value: { mode: 'absolute', amount: 0.4 }, action: 'alert' } })).statusCode).toBe(201);
    const above = await t.call({ method: 'POST', url: `${base}/conc/overrides`, as: 'trader', payload: { kind: 'raise', amount: 5, reason: 'x', expiresAt } });
    expect(above.statusCode).toBe(400);
    expect(above.json().error.details).toEqual([expect.objectContaining({ path: '/amount' })]);
    expect((await t.call({ method: 'POST', url: `${base}/conc/overrides`, as: 'trader', payload: { kind: 'raise', amount: 0.6, reason: 'x', expiresAt } })).statusCode).toBe(201);
    const unknown = await t.call({ method: 'POST', url: '/api/v1/limits/nope/conc/overrides', as: 'trader', payload: { kind: 'suspend', reason: 'x', expiresAt } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('PORTFOLIO_NOT_FOUND');
  });

  it('refuses to change the mode of a limit with a raise pending or in force', async () => {
    expect((await t.call({ method: 'POST', url: base, as: 'risk_manager', payload: { id: 'gross2', type: 'gross-exposure', value: { mode: 'absolute', amount: 1e6 }, action: 'block-new' } })).statusCode).toBe(201);
    const raise = await t.call({ method: 'POST', url: `${base}/gross2/overrides`, as: 'risk_manager', payload: { kind: 'raise', amount: 2e6, reason: 'rebalance', expiresAt: new Date(clock.ms + HOUR).toISOString() } });
    expect(raise.statusCode).toBe(201);
    const toFraction = await t.call({ method: 'PUT', url: `${base}/gross2`, as: 'risk_manager', payload: { value: { mode: 'fraction-of-nav', amount: 0.6 } } });
    expect(toFraction.statusCode).toBe(409);
    expect(toFraction.json().error.code).toBe('LIMIT_HAS_OVERRIDES');
    expect((await t.call({ method: 'GET', url: `${base}/gross2`, as: 'viewer' })).json().value).toEqual({ mode: 'absolute', amount: 1e6 });
    // the same mode with another amount is fine
    expect((await t.call({ method: 'PUT', url: `${base}/gross2`, as: 'risk_manager', payload: { value: { mode: 'absolute', amount: 1.5e6 } } })).statusCode).toBe(200);
  });

  it('accepts an approval without a body', async () => {
    const o = (await t.call({ method: 'POST', url: `${base}/vega/overrides`, as: 'trader', payload: { kind: 'raise', amount: 6000, reason: 'c', expiresAt: new Date(clock.ms + HOUR).toISOString() } })).json();
    const r = await t.call({ method: 'POST', url: `${base}/vega/overrides/${o.id}/approve`, as: 'risk_manager' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('active');
  });
});
