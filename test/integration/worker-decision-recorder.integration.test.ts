import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerDecisionRecorder, type WorkerDecisionRecorder } from '../../src/adapters/postgres/worker-decision-recorder.ts';
import { decisionRecordText } from '../../src/app/pre-trade/decision-json.ts';
import type { DecisionRecord } from '../../src/app/pre-trade/pre-trade-gate.ts';
import { createTestDatabase, TEST_STORAGE_KIND, type TestDatabase } from '../support/test-storage.ts';

const now = '2026-03-02T10:00:00.000Z';
const decisionRecord = (clientOrderId: string, decision: 'approve' | 'reject'): DecisionRecord => ({
  actor: 'key:trader', requestHash: `h-${clientOrderId}`,
  response: {
    portfolioId: 'p1', clientOrderId, decision, reasons: decision === 'approve' ? [] : [{ code: 'LIMIT_LEVERAGE_EXCEEDED', limitId: 'lev', scope: { kind: 'portfolio' }, current: 1, projected: 4, limit: 3, utilisation: 1.33, legIndex: null }],
    warnings: [], projected: null, tradingState: 'ACTIVE', limitsVersion: 3, pricing: [], checkedAt: now, latencyMicros: 12,
  } as unknown as DecisionRecord['response'],
});/** A decision as the recorder takes it: its record's JSON text. */
const record = (clientOrderId: string, decision: 'approve' | 'reject'): string => decisionRecordText(decisionRecord(clientOrderId, decision));


/** Decisions written from a worker thread with its own PostgreSQL connection (main.ts on a server). */
describe.runIf(TEST_STORAGE_KIND === 'postgres')('worker-thread decision recorder on PostgreSQL', () => {
  let t: TestDatabase;
  let recorder: WorkerDecisionRecorder;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.storage.portfolios.insert({ id: 'p1', name: 'p1', baseCurrency: 'USD', cash: 0, benchmarkSymbol: null, status: 'active', createdAt: now, updatedAt: now });
    const pg = t.postgres as { url: string; schema: string };
    recorder = createWorkerDecisionRecorder({ database: { kind: 'postgres', url: pg.url, schema: pg.schema, maxConnections: 1 }, synchronousCommit: true, niceness: 0 });
    await recorder.warmUp();
  });
  afterAll(async () => { await recorder?.close(); await t?.cleanup(); });

  it('commits each decision with its audit event and violation, on a chain that verifies, and skips a repeated batch', async () => {
    const events = await t.storage.audit.count();
    const batch = [record('w1', 'approve'), record('w2', 'reject'), record('w3', 'approve')];
    await recorder.record(batch);
    expect(await t.storage.preTradeDecisions.get('p1', 'w2')).toMatchObject({ requestHash: 'h-w2', decision: { decision: 'reject' }, limitsVersion: 3 });
    // three decision events and one violation event
    expect(await t.storage.audit.count()).toBe(events + 4);
    expect((await t.storage.violations.list('p1', { limit: 10 })).map((v) => [v.limitId, v.source, v.context.clientOrderId])).toEqual([['lev', 'pre-trade', 'w2']]);
    const decisionEvents = await t.storage.audit.list({ eventType: 'pre-trade.decision', limit: 10 });
    expect(decisionEvents.map((e) => (e.payload as { clientOrderId: string }).clientOrderId)).toEqual(['w1', 'w2', 'w3']);
    expect(await t.storage.audit.verify()).toMatchObject({ ok: true });
    // a write-ahead log replayed after a crash repeats decisions: nothing is written twice
    await recorder.record(batch);
    expect(await t.storage.audit.count()).toBe(events + 4);
  });

  it('rejects a batch it cannot write (the gate then fails closed) and writes the next one once the database is back', async () => {
    const closedPort = await new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
    const nowhere = createWorkerDecisionRecorder({ database: { kind: 'postgres', url: `postgres://postgres@127.0.0.1:${closedPort}/postgres`, maxConnections: 1 }, synchronousCommit: true });
    try {
      await expect(nowhere.record([record('x1', 'approve')])).rejects.toThrow(/ECONNREFUSED|connect/);
      await expect(nowhere.warmUp()).rejects.toThrow();
    } finally { await nowhere.close(); }
    expect(await t.storage.preTradeDecisions.get('p1', 'x1')).toBeUndefined();
    await recorder.record([record('w4', 'approve')]);
    expect(await t.storage.preTradeDecisions.get('p1', 'w4')).toMatchObject({ clientOrderId: 'w4' });
  });
});
