import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('answers liveness and readiness without credentials', async () => {
    expect((await t.call({ method: 'GET', url: '/health', as: null })).json()).toEqual({ status: 'ok' });
    const ready = await t.call({ method: 'GET', url: '/ready', as: null });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().storage).toBe(t.db.storage.kind);
  });

  it('reports version, uptime, storage and counts', async () => {
    const s = (await t.call({ method: 'GET', url: '/api/v1/system/status', as: 'viewer' })).json();
    expect(s).toMatchObject({ version: 'test', storage: { kind: t.db.storage.kind, ready: true }, counts: { portfolios: 0, apiKeysActive: 4 } });
    expect(s.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('serves Prometheus metrics with the HTTP latency histogram to an authenticated scraper', async () => {
    await t.call({ method: 'GET', url: '/api/v1/portfolios', as: 'viewer' });
    expect((await t.call({ method: 'GET', url: '/metrics', as: null })).statusCode).toBe(401);
    const m = await t.call({ method: 'GET', url: '/metrics', as: 'viewer' });
    expect(m.headers['content-type']).toMatch(/text\/plain/);
    expect(m.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/portfolios",status_code="200"\} [1-9]/);
    expect(m.body).toMatch(/process_cpu_seconds_total/);
  });

  it('serves interactive docs and an OpenAPI 3 document covering every API route with schemas', async () => {
    expect((await t.call({ method: 'GET', url: '/docs/', as: null })).statusCode).toBe(200);
    const doc = (await t.call({ method: 'GET', url: '/openapi.json', as: null })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const routes = t.app.printRoutes({ commonPrefix: false });
    const expected = ['/api/v1/portfolios', '/api/v1/portfolios/{portfolioId}', '/api/v1/portfolios/{portfolioId}/positions',
      '/api/v1/portfolios/{portfolioId}/positions/{positionId}', '/api/v1/portfolios/{portfolioId}/nav-history',
      '/api/v1/market-data/quotes', '/api/v1/market-data/reference', '/api/v1/market-data/rates', '/api/v1/market-data/history',
      '/api/v1/market-data/history/csv', '/api/v1/market-data/history/{symbol}', '/api/v1/api-keys', '/api/v1/api-keys/{keyId}',
      '/api/v1/audit', '/api/v1/audit/verify', '/api/v1/system/status'];
    for (const path of expected) {
      expect(doc.paths[path], path).toBeDefined();
      for (const [method, op] of Object.entries(doc.paths[path] as Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>)) {
        const ok = Object.entries(op.responses).find(([code]) => /^20[01]$/.test(code))?.[1] as { content?: Record<string, { schema?: unknown }> } | undefined;
        expect(ok?.content?.['application/json']?.schema, `${method} ${path} response schema`).toBeDefined();
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('401');
        if (method === 'post' || method === 'put' || method === 'patch') expect(op.requestBody, `${method} ${path} body`).toBeDefined();
      }
    }
    expect(routes).toContain('/api/v1/portfolios');
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
  });

  it('answers unknown routes with the error shape', async () => {
    const r = await t.call({ method: 'GET', url: '/api/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('NOT_FOUND');
  });
});
