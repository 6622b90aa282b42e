import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('audit API', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('pages through events with filters', async () => {
    for (let i = 0; i < 5; i++) await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: `p${i}`, name: `P${i}`, applyDefaultLimits: false } });
    const page1 = (await t.call({ method: 'GET', url: '/api/v1/audit?eventType=portfolio.created&limit=3', as: 'risk_manager' })).json();
    expect(page1.events.map((e: { subject: string }) => e.subject)).toEqual(['portfolio:p0', 'portfolio:p1', 'portfolio:p2']);
    const page2 = (await t.call({ method: 'GET', url: `/api/v1/audit?eventType=portfolio.created&limit=3&afterSeq=${page1.nextAfterSeq}`, as: 'risk_manager' })).json();
    expect(page2.events.map((e: { subject: string }) => e.subject)).toEqual(['portfolio:p3', 'portfolio:p4']);
    expect(page2.nextAfterSeq).toBeNull();
  });

  it('verifies an intact chain', async () => {
    const v = (await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json();
    expect(v.ok).toBe(true);
    expect(v.events).toBe(4 + 5);
    expect(v.headHash).toMatch(/^[a-f0-9]{64}$/);
  });

  it('reports a row altered directly in the database', async () => {
    await t.db.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET actor = 'key:mallory' WHERE seq = 6;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const v = (await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json();
    expect(v).toMatchObject({ ok: false, firstBreak: { kind: 'hash-mismatch', seq: 6 } });
  });

  it('reports a deleted row as a missing link', async () => {
    await t.db.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET actor = (SELECT actor FROM audit_events WHERE seq = 5) WHERE seq = 6;
      DELETE FROM audit_events WHERE seq = 3;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const v = (await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json();
    expect(v).toMatchObject({ ok: false, firstBreak: { kind: 'missing', expectedSeq: 3, foundSeq: 4 } });
  });
});

describe('audit verification against an anchor', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('detects deleted newest events when given an earlier head, which the chain alone cannot', async () => {
    for (let i = 0; i < 3; i++) await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: `a${i}`, name: `A${i}`, applyDefaultLimits: false } });
    const head = (await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json();
    expect(head.ok).toBe(true);
    const anchored = (q: string) => t.call({ method: 'GET', url: `/api/v1/audit/verify?${q}`, as: 'risk_manager' });
    expect((await anchored(`anchorSeq=${head.events}&anchorHash=${head.headHash}`)).json()).toMatchObject({ ok: true, events: head.events });
    expect((await anchored(`anchorSeq=${head.events - 1}&anchorHash=${'0'.repeat(64)}`)).json()).toMatchObject({ ok: false, firstBreak: { kind: 'anchor-mismatch', seq: head.events - 1 } });
    await t.db.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      DELETE FROM audit_events WHERE seq = ${head.events};
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    // the shortened chain is intact in itself
    expect((await t.call({ method: 'GET', url: '/api/v1/audit/verify', as: 'risk_manager' })).json()).toMatchObject({ ok: true, events: head.events - 1 });
    expect((await anchored(`anchorSeq=${head.events}&anchorHash=${head.headHash}`)).json()).toMatchObject({ ok: false, firstBreak: { kind: 'truncated', expectedSeq: head.events, foundSeq: head.events - 1 } });
    const half = await anchored(`anchorSeq=${head.events}`);
    expect(half.statusCode).toBe(400);
    expect(half.json().error.code).toBe('INVALID_INPUT');
  });
});
