import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstructions } from '../../src/app/limits/create-instructions.ts';
import { recordViolation, recordViolations, resolveViolation } from '../../src/app/limits/record-violation.ts';
import type { Principal } from '../../src/core/auth/role.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const SYSTEM: Principal = { id: 'system:monitor', role: 'admin', via: 'api-key' };
const metric = { current: 1.2e6, projected: null, limit: 1e6, utilisation: 1.2 };

describe('violations, enforcement instructions and webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'alpha', name: 'Alpha' } });
  });
  afterAll(async () => { await t?.close(); });

  it('records a violation with its instructions in one audited transaction and lists it with the enforcement taken', async () => {
    const r = await recordViolation(t.deps, SYSTEM, {
      portfolioId: 'alpha', limitId: 'gross', limitType: 'gross-exposure', scope: { kind: 'portfolio' }, source: 'monitor',
      detectedAt: '2026-03-02T10:00:00.000Z', metric, actionTaken: 'reduce',
      instructions: [
        { instrumentKey: 'IBM', side: 'sell', quantity: 500, reason: 'gross exposure 120 % of limit' },
        { instrumentKey: 'IBM 2026-06-19 C 100', side: 'sell', quantity: 5, strategyGroupId: 'cc1', reason: 'gross exposure 120 % of limit' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.violation.instructionIds).toEqual(r.value.instructions.map((i) => i.id));
    await recordViolation(t.deps, SYSTEM, { portfolioId: 'alpha', limitId: 'order-qty', limitType: 'order-quantity', scope: { kind: 'portfolio' }, source: 'pre-trade', detectedAt: '2026-03-03T10:00:00.000Z', metric: { current: null, projected: 20_000, limit: 10_000, utilisation: 2 }, actionTaken: 'block-new', context: { clientOrderId: 'c-1' } });

    const list = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations', as: 'viewer' })).json().violations;
    expect(list.map((v: { limitId: string }) => v.limitId)).toEqual(['order-qty', 'gross']);
    expect(list[1]).toMatchObject({ source: 'monitor', actionTaken: 'reduce', metric, resolvedAt: null });
    expect(list[1].instructions.map((i: { instrumentKey: string; status: string }) => [i.instrumentKey, i.status])).toEqual([['IBM', 'pending'], ['IBM 2026-06-19 C 100', 'pending']]);
    expect(list[0].context).toEqual({ clientOrderId: 'c-1' });

    const filtered = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations?limitId=gross' })).json().violations;
    expect(filtered).toHaveLength(1);
    const ranged = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations?from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z' })).json().violations;
    expect(ranged.map((v: { limitId: string }) => v.limitId)).toEqual(['order-qty']);
    const ev = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=limit.violation-recorded', as: 'risk_manager' })).json().events;
    expect(ev[0]).toMatchObject({ actor: 'system:monitor', subject: 'limit:alpha/gross' });
    expect(ev[0].payload.instructions).toHaveLength(2);
    expect((await t.call({ method: 'GET', url: '/api/v1/limits/nope/violations' })).statusCode).toBe(404);
  });

  it('writes nothing when one of several violations is invalid', async () => {
    const before = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations' })).json().violations.length;
    const good = { portfolioId: 'alpha', limitId: 'x', limitType: 'var', scope: { kind: 'portfolio' as const }, source: 'monitor' as const, metric, actionTaken: 'alert' };
    const r = await recordViolations(t.deps, SYSTEM, [good, { ...good, instructions: [{ instrumentKey: 'IBM', side: 'sell', quantity: 0, reason: 'x' }] }]);
    expect(r.ok).toBe(false);
    const r2 = await recordViolations(t.deps, SYSTEM, [good, { ...good, portfolioId: 'nope' }]);
    expect(!r2.ok && r2.error.code).toBe('PORTFOLIO_NOT_FOUND');
    expect((await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations' })).json().violations).toHaveLength(before);
  });

  it('lists instructions by portfolio and status; a trader acknowledges one once', async () => {
    const pending = (await t.call({ method: 'GET', url: '/api/v1/enforcement/instructions?portfolioId=alpha&status=pending', as: 'viewer' })).json().instructions;
    expect(pending).toHaveLength(2);
    const id = pending[0].id;
    expect((await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${id}/ack`, as: 'viewer', payload: { status: 'acknowledged' } })).statusCode).toBe(403);
    const ack = await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${id}/ack`, as: 'trader', payload: { status: 'acknowledged', note: 'order 991 sent' } });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', note: 'order 991 sent', acknowledgedBy: expect.stringMatching(/^key:/) });
    const twice = await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${id}/ack`, as: 'trader', payload: { status: 'rejected' } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('INSTRUCTION_NOT_PENDING');
    expect((await t.call({ method: 'POST', url: '/api/v1/enforcement/instructions/ins_none/ack', as: 'trader', payload: { status: 'rejected' } })).statusCode).toBe(404);
    expect((await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${id}/ack`, as: 'trader', payload: { status: 'expired' } })).statusCode).toBe(400);
    expect((await t.call({ method: 'GET', url: '/api/v1/enforcement/instructions?status=pending' })).json().instructions).toHaveLength(1);
    const ev = (await t.call({ method: 'GET', url: `/api/v1/audit?subject=instruction:${id}`, as: 'risk_manager' })).json().events;
    expect(ev[0].payload).toMatchObject({ before: { status: 'pending' }, after: { status: 'acknowledged' } });
  });

  it('creates instructions for an existing violation and resolves violations', async () => {
    const v = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations?limitId=order-qty' })).json().violations[0];
    const made = await createInstructions(t.deps, SYSTEM, { portfolioId: 'alpha', limitId: 'order-qty', violationId: v.id, instructions: [{ instrumentKey: 'SPY', side: 'buy', quantity: 10, reason: 'close short' }] });
    expect(made.ok).toBe(true);
    const wrong = await createInstructions(t.deps, SYSTEM, { portfolioId: 'alpha', violationId: 'vio_missing', instructions: [] });
    expect(!wrong.ok && wrong.error.code).toBe('VIOLATION_NOT_FOUND');
    const resolved = await resolveViolation(t.deps, SYSTEM, v.id);
    expect(resolved.ok && resolved.value.resolvedAt).toBeTruthy();
    const after = (await t.call({ method: 'GET', url: '/api/v1/limits/alpha/violations?limitId=order-qty' })).json().violations[0];
    expect(after.instructions.map((i: { instrumentKey: string }) => i.instrumentKey)).toEqual(['SPY']);
    expect(after.instructionIds).toHaveLength(1);
    expect(after.resolvedAt).not.toBeNull();
  });

  it('registers, lists and removes webhooks (admin only); the secret is shown once and never audited', async () => {
    expect((await t.call({ method: 'GET', url: '/api/v1/enforcement/webhooks', as: 'risk_manager' })).statusCode).toBe(403);
    for (const bad of ['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/x', 'http://0.0.0.0:8080/x', 'ftp://exec.example.com/x']) {
      const r = await t.call({ method: 'POST', url: '/api/v1/enforcement/webhooks', payload: { url: bad } });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().error.details[0].path).toBe('/url');
    }
    const created = await t.call({ method: 'POST', url: '/api/v1/enforcement/webhooks', payload: { url: 'https://exec.example.com/hooks/risk' } });
    expect(created.statusCode).toBe(201);
    const w = created.json();
    expect(w.secret.length).toBeGreaterThanOrEqual(32);
    expect(w.active).toBe(true);
    const listed = (await t.call({ method: 'GET', url: '/api/v1/enforcement/webhooks' })).json().webhooks;
    expect(listed).toEqual([expect.objectContaining({ id: w.id, url: 'https://exec.example.com/hooks/risk', active: true })]);
    expect(listed[0].secret).toBeUndefined();
    expect((await t.db.storage.webhooks.list({ activeOnly: true }))[0]?.secret).toBe(w.secret);
    const audit = (await t.call({ method: 'GET', url: `/api/v1/audit?subject=webhook:${w.id}`, as: 'risk_manager' })).json().events;
    expect(JSON.stringify(audit)).not.toContain(w.secret);
    for (const payload of [{ url: 'ftp://x.example.com' }, { url: 'https://u:p@x.example.com' }, { url: 'https://x.example.com', secret: 'short' }]) {
      expect((await t.call({ method: 'POST', url: '/api/v1/enforcement/webhooks', payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
    const del = await t.call({ method: 'DELETE', url: `/api/v1/enforcement/webhooks/${w.id}` });
    expect(del.json()).toMatchObject({ active: false, deactivatedBy: expect.stringMatching(/^key:/) });
    expect(await t.db.storage.webhooks.list({ activeOnly: true })).toEqual([]);
    expect((await t.call({ method: 'DELETE', url: `/api/v1/enforcement/webhooks/${w.id}` })).json().error.code).toBe('WEBHOOK_NOT_FOUND');
  });
});
