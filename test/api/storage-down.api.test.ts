import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('when the database goes away', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.app.close(); });

  it('answers 503 STORAGE_UNAVAILABLE, reports not ready, and keeps serving', async () => {
    const admin = t.tokens.admin;
    await t.call({ method: 'GET', url: '/api/v1/portfolios' });
    await t.db.cleanup();
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/portfolios', headers: { authorization: `Bearer ${admin}` }, payload: { name: 'x' } });
    expect(r.statusCode).toBe(503);
    expect(r.json().error.code).toBe('STORAGE_UNAVAILABLE');
    expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
