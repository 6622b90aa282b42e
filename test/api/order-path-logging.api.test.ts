import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** At the shipped log level (info), the order path writes no per-request access lines; other routes do. */
describe('order path logging', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => { t = await createTestApp({ logLines: lines }); });
  afterAll(async () => { await t?.close(); });

  it('logs requests to other routes but not each pre-trade check or signal', async () => {
    const check = await t.call({ method: 'POST', url: '/api/v1/risk/pre-trade-check', as: 'trader', payload: { portfolioId: 'none', clientOrderId: 'log-1', legs: [{ instrument: { type: 'stock', symbol: 'IBM' }, side: 'buy', quantity: 1 }] } });
    expect(check.json()).toMatchObject({ decision: 'reject', reasons: [{ code: 'PORTFOLIO_UNKNOWN' }] });
    const signal = await t.call({ method: 'POST', url: '/api/v1/risk/validate-signal', as: 'trader', payload: { portfolioId: 'none', symbol: 'IBM', direction: 'long', strategy: 's', confidence: 0.5, suggestedQuantity: 10 } });
    expect(signal.statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/v1/portfolios' })).statusCode).toBe(200);
    const logged = lines.map((l) => JSON.parse(l) as { msg?: string; req?: { url?: string } });
    expect(logged.some((l) => l.req?.url === '/api/v1/portfolios')).toBe(true);
    expect(lines.filter((l) => l.includes('/risk/pre-trade-check') || l.includes('/risk/validate-signal'))).toEqual([]);
  });

  it('never writes a token given in the URL to the log', async () => {
    const token = t.tokens.viewer;
    await t.app.inject({ method: 'GET', url: `/api/v1/portfolios?access_token=${token}` });
    await t.app.inject({ method: 'GET', url: `/api/v1/stream?x=1&access_token=${encodeURIComponent(token)}` });
    // the secret is everything after rk_<16 hex>_ (it may itself hold underscores)
    const secret = token.slice(token.indexOf('_', 3) + 1);
    expect(lines.some((l) => l.includes('access_token=[redacted]'))).toBe(true);
    expect(lines.filter((l) => l.includes(secret))).toEqual([]);
  });
});
