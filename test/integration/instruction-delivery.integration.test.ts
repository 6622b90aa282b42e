import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/app/limits/instruction-delivery.ts';
import { recordViolation } from '../../src/app/limits/record-violation.ts';
import type { InstructionRecord } from '../../src/app/ports.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const START = Date.parse('2026-05-04T14:00:00.000Z');
const SYSTEM = { id: 'system:test', role: 'admin' as const, via: 'api-key' as const };

/** At-least-once delivery of enforcement instructions: retries with backoff, then expiry. */
describe('instruction delivery', () => {
  const clock = { ms: START, now: () => new Date(clock.ms) };
  /** The execution system: fails while `down`, and records what it received. */
  const endpoint = { down: true, received: [] as string[][] };
  let t: TestApp;

  const instruction = async (id: string): Promise<InstructionRecord> => {
    const r = await t.deps.storage.instructions.get(id);
    if (r === undefined) throw new Error(`no instruction ${id}`);
    return r;
  };
  const violation = async (instrumentKey: string) => {
    const r = await recordViolation(t.deps, SYSTEM, {
      portfolioId: 'book', limitId: 'size', limitType: 'position-size', scope: { kind: 'underlying', value: instrumentKey }, source: 'monitor',
      metric: { current: 2, projected: null, limit: 1, utilisation: 2 }, actionTaken: 'reduce', context: {},
      instructions: [{ instrumentKey, side: 'sell', quantity: 10, strategyGroupId: null, reason: 'reduce' }],
    });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.instructions[0] as InstructionRecord;
  };

  beforeAll(async () => {
    t = await createTestApp({
      clock,
      dispatcher: {
        dispatch: async (_p, instructions) => {
          if (endpoint.down) return { delivered: false, error: 'hook: HTTP 503' };
          endpoint.received.push(instructions.map((i) => i.id));
          return { delivered: true, error: null };
        },
      },
    });
    await t.call({ method: 'POST', url: '/api/v1/portfolios', payload: { id: 'book', name: 'Book', cash: 1e6, applyDefaultLimits: false } });
  });
  afterAll(async () => { await t?.close(); });

  it('retries a failed delivery with doubling delays, records each attempt, and stops once delivered', async () => {
    const ins = await violation('IBM');
    expect(ins).toMatchObject({ deliveryAttempts: 0, deliveredAt: null, nextDeliveryAt: new Date(START).toISOString() });
    expect(await t.delivery.runOnce()).toEqual({ delivered: 0, failed: 1, expired: 0 });
    expect(await instruction(ins.id)).toMatchObject({ deliveryAttempts: 1, deliveredAt: null, lastDeliveryError: 'hook: HTTP 503', nextDeliveryAt: new Date(START + 5_000).toISOString() });
    // not due yet: nothing is sent
    clock.ms = START + 4_000;
    expect(await t.delivery.runOnce()).toEqual({ delivered: 0, failed: 0, expired: 0 });
    clock.ms = START + 5_000;
    expect((await t.delivery.runOnce()).failed).toBe(1);
    expect(await instruction(ins.id)).toMatchObject({ deliveryAttempts: 2, nextDeliveryAt: new Date(START + 5_000 + 10_000).toISOString() });
    endpoint.down = false;
    clock.ms = START + 15_000;
    expect((await t.delivery.runOnce()).delivered).toBe(1);
    expect(endpoint.received).toEqual([[ins.id]]);
    expect(await instruction(ins.id)).toMatchObject({ deliveryAttempts: 3, deliveredAt: new Date(START + 15_000).toISOString(), nextDeliveryAt: null, lastDeliveryError: null });
    clock.ms = START + 3_600_000 - 1;
    expect(await t.delivery.runOnce()).toEqual({ delivered: 0, failed: 0, expired: 0 });
  });

  it('caps the retry delay', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 300_000))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(30, 300_000)).toBe(300_000);
  });

  it('does not deliver an acknowledged instruction again', async () => {
    endpoint.down = true;
    const ins = await violation('KO');
    expect((await t.delivery.runOnce()).failed).toBe(1);
    const ack = await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${ins.id}/ack`, as: 'trader', payload: { status: 'acknowledged', note: 'seen on the screen' } });
    expect(ack.statusCode).toBe(200);
    endpoint.down = false;
    clock.ms += 600_000;
    const sent = endpoint.received.length;
    await t.delivery.runOnce();
    expect(endpoint.received.length).toBe(sent);
    expect((await instruction(ins.id)).status).toBe('acknowledged');
  });

  it('expires an instruction nobody acknowledged within its time to live, with an audit event', async () => {
    const ins = await violation('MSFT');
    await t.delivery.runOnce();
    expect((await instruction(ins.id)).deliveredAt).not.toBeNull();
    clock.ms += 60 * 60_000 + 1;
    expect((await t.delivery.runOnce()).expired).toBe(1);
    expect(await instruction(ins.id)).toMatchObject({ status: 'expired', nextDeliveryAt: null });
    const audit = (await t.call({ method: 'GET', url: `/api/v1/audit?eventType=enforcement.instruction-expired&subject=instruction:${ins.id}` })).json();
    expect(audit.events).toHaveLength(1);
    const late = await t.call({ method: 'POST', url: `/api/v1/enforcement/instructions/${ins.id}/ack`, as: 'trader', payload: { status: 'acknowledged' } });
    expect(late.json().error.code).toBe('INSTRUCTION_NOT_PENDING');
  });
});
