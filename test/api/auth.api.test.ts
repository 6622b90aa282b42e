import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, JWT_SECRET, type TestApp } from '../support/test-app.ts';

const key = new TextEncoder().encode(JWT_SECRET);
const jwt = (claims: Record<string, unknown>, opts: { alg?: string; iss?: string; aud?: string; exp?: string | number } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'HS256' }).setSubject('alice').setIssuedAt()
    .setIssuer(opts.iss ?? 'options-risk-service').setAudience(opts.aud ?? 'options-risk-api').setExpirationTime(opts.exp ?? '5m').sign(key);

describe('authentication and roles', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('rejects a request without a token with 401 and the error shape', async () => {
    const r = await t.call({ method: 'GET', url: '/api/v1/portfolios', as: null });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('Bearer') } });
  });

  it('rejects a wrong API key secret', async () => {
    const forged = `${t.tokens.admin.slice(0, -4)}AAAA`;
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${forged}` } });
    expect(r.statusCode).toBe(401);
  });

  it('forbids a viewer from writing with 403 and writes nothing', async () => {
    const r = await t.call({ method: 'POST', url: '/api/v1/portfolios', as: 'viewer', payload: { id: 'v', name: 'v' } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('FORBIDDEN');
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios/v' })).statusCode).toBe(404);
    expect((await t.call({ method: 'PUT', url: '/api/v1/portfolios/v/positions', as: 'viewer', payload: { positions: [] } })).statusCode).toBe(403);
    expect((await t.call({ method: 'POST', url: '/api/v1/market-data/rates', as: 'viewer', payload: { rates: [{ currency: 'USD', rate: 0.05 }] } })).statusCode).toBe(403);
  });

  it('keeps admin actions for admins and audit reading for risk managers', async () => {
    expect((await t.call({ method: 'GET', url: '/api/v1/api-keys', as: 'risk_manager' })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: '/api/v1/audit', as: 'trader' })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: '/api/v1/audit', as: 'risk_manager' })).statusCode).toBe(200);
  });

  it('accepts a valid JWT and maps its role claim', async () => {
    const token = await jwt({ role: 'trader' });
    const ok = await t.app.inject({ method: 'GET', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    const denied = await t.app.inject({ method: 'POST', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x' } });
    expect(denied.statusCode).toBe(403);
  });

  it.each([
    ['expired', () => jwt({ role: 'admin' }, { exp: Math.floor(Date.now() / 1000) - 60 })],
    ['wrong issuer', () => jwt({ role: 'admin' }, { iss: 'evil' })],
    ['wrong audience', () => jwt({ role: 'admin' }, { aud: 'other' })],
    ['disallowed algorithm', () => jwt({ role: 'admin' }, { alg: 'HS512' })],
    ['unknown role', () => jwt({ role: 'superuser' })],
  ])('rejects a JWT with %s', async (_name, make) => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${await make()}` } });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lets an admin create a key that works once and is shown once, then revoke it', async () => {
    const created = await t.call({ method: 'POST', url: '/api/v1/api-keys', payload: { name: 'feed', role: 'trader' } });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^rk_[a-f0-9]{16}_/);
    const listed = (await t.call({ method: 'GET', url: '/api/v1/api-keys' })).json().keys;
    expect(JSON.stringify(listed)).not.toContain(token.slice(token.indexOf('_', 3) + 1));
    expect(listed.find((k: { id: string }) => k.id === id)).toMatchObject({ role: 'trader', revokedAt: null });
    const use = () => t.app.inject({ method: 'GET', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${token}` } });
    expect((await use()).statusCode).toBe(200);
    expect((await t.call({ method: 'DELETE', url: `/api/v1/api-keys/${id}` })).statusCode).toBe(200);
    expect((await use()).statusCode).toBe(401);
    expect((await t.call({ method: 'DELETE', url: `/api/v1/api-keys/${id}` })).json().error.code).toBe('API_KEY_ALREADY_REVOKED');
  });
});

describe('rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ rateLimitMax: 3 }); });
  afterAll(async () => { await t?.close(); });

  it('limits each key separately and answers 429 with the error shape', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'viewer' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const r = await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'viewer' });
    expect(r.json().error.code).toBe('RATE_LIMITED');
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'trader' })).statusCode).toBe(200);
  });

  it('counts requests that fail validation too', async () => {
    const bad = () => t.call({ method: 'POST', url: '/api/v1/portfolios', as: 'risk_manager', payload: { name: 123 } });
    expect([(await bad()).statusCode, (await bad()).statusCode, (await bad()).statusCode]).toEqual([400, 400, 400]);
    expect((await bad()).statusCode).toBe(429);
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'risk_manager' })).statusCode).toBe(429);
  });
});

describe('a huge invalid body', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('gets a short answer: its first problem, not one entry per bad value', async () => {
    const payload = { options: Array.from({ length: 50_000 }, () => ({ kind: 'x' })) };
    const r = await t.call({ method: 'POST', url: '/api/v1/analytics/options/price', as: 'viewer', payload });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('INVALID_INPUT');
    expect(r.json().error.details.length).toBeLessThanOrEqual(5);
    expect(r.body.length).toBeLessThan(10_000);
  });

  it('lists every problem of a normal bad body, at most 100 of them and a count of the rest', async () => {
    const few = await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { name: 5, cash: 'x' } });
    expect(few.json().error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/cash', '/name']);
    const csv = `date,AA,BB\n${Array.from({ length: 300 }, (_, i) => `${new Date(Date.UTC(2001, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},x,x`).join('\n')}\n`;
    const many = await t.call({ method: 'POST', url: '/api/v1/market-data/history/csv', as: 'trader', headers: { 'content-type': 'text/csv' }, payload: csv });
    expect(many.statusCode).toBe(400);
    const details = many.json().error.details as Array<{ message: string }>;
    expect(details).toHaveLength(101);
    expect(details.at(-1)?.message).toBe('and 500 more problem(s) not listed');
  });
});
