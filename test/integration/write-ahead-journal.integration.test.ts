import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileDecisionLog } from '../../src/adapters/files/file-decision-log.ts';
import type { DecisionRecord } from '../../src/app/pre-trade/pre-trade-gate.ts';
import { recordDecisions } from '../../src/app/pre-trade/record-decisions.ts';
import { wirePreTrade } from '../../src/app/pre-trade/wire-pre-trade.ts';
import { RiskStreamHub } from '../../src/api/ws/risk-stream-hub.ts';
import { createTestDatabase, systemClock, type TestDatabase } from '../support/test-storage.ts';

const sha256Hex = (t: string) => createHash('sha256').update(t).digest('hex');
const settings = { maxQuoteAgeMs: 60_000, maxStateAgeMs: 60_000, deadlineMs: 50, journalMaxBatch: 64, journalMaxDelayMs: 1, journalBackgroundDelayMs: 1, journalMaxBacklog: 100_000, journalSynchronousCommit: true, journalWriteAhead: 'write' as const };
const now = '2026-03-02T10:00:00.000Z';

const record = (clientOrderId: string, decision: 'approve' | 'reject'): DecisionRecord => ({
  actor: 'key:trader', requestHash: sha256Hex(clientOrderId),
  response: {
    portfolioId: 'p1', clientOrderId, decision, reasons: decision === 'approve' ? [] : [{ code: 'LIMIT_LEVERAGE_EXCEEDED', limitId: 'lev', scope: { kind: 'portfolio' }, current: 1, projected: 4, limit: 3, utilisation: 1.33, legIndex: null }],
    warnings: [], projected: null, tradingState: 'ACTIVE', limitsVersion: 3, pricing: [], checkedAt: new Date().toISOString(), latencyMicros: 12,
  } as unknown as DecisionRecord['response'],
});

/** The pre-trade write-ahead log: replayed into the database after a crash, exactly once. */
describe('pre-trade write-ahead journal on a real database', () => {
  let t: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'wal-it-'));
  const path = join(dir, 'pre-trade-journal.log');
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.storage.portfolios.insert({ id: 'p1', name: 'p1', baseCurrency: 'USD', cash: 0, benchmarkSymbol: null, status: 'active', createdAt: now, updatedAt: now });
  });
  afterAll(async () => { await t?.cleanup(); rmSync(dir, { recursive: true, force: true }); });

  const wire = () => wirePreTrade({
    storage: t.storage, clock: systemClock, ids: { newId: (p) => `${p}_${Math.random().toString(36).slice(2)}` }, sha256Hex, settings, lookbackDays: 252, minReturns: 20,
    delivery: { kick: () => {} }, publisher: new RiskStreamHub(), onError: () => {}, writeAheadLog: new FileDecisionLog(path, false),
  });

  it('rejects orders with JOURNAL_BACKLOG_FULL while too many decisions wait for the database, and accepts them again once it catches up', async () => {
    let open: () => void = () => {};
    const gateOpen = new Promise<void>((r) => { open = r; });
    const w = await wirePreTrade({
      storage: t.storage, clock: systemClock, ids: { newId: (p) => `${p}_${Math.random().toString(36).slice(2)}` }, sha256Hex, settings: { ...settings, journalMaxBacklog: 3 }, lookbackDays: 252, minReturns: 20,
      delivery: { kick: () => {} }, publisher: new RiskStreamHub(), onError: () => {}, writeAheadLog: new FileDecisionLog(join(dir, 'backlog.log'), false),
      // a database that stalls until the test lets it go
      recorder: async (lines) => { await gateOpen; await recordDecisions(t.storage, { newId: (p) => `${p}_${Math.random().toString(36).slice(2)}` })(lines); },
    });
    const actor = { id: 'key:trader', role: 'trader' as const, via: 'api-key' as const };
    await Promise.all(['b1', 'b2', 'b3'].map((id) => w.journal.record(record(id, 'approve'))));
    const full = await w.gate.check(actor, { portfolioId: 'p1', clientOrderId: 'b4', legs: [] });
    expect(full.decision).toBe('reject');
    expect(full.reasons[0]?.code).toBe('JOURNAL_BACKLOG_FULL');
    open();
    await w.journal.close();
    expect(await t.storage.preTradeDecisions.get('p1', 'b3')).toMatchObject({ clientOrderId: 'b3' });
    // caught up: the next order is judged on its merits again (this portfolio has no risk state yet)
    const w2 = await wire();
    const after = await w2.gate.check(actor, { portfolioId: 'p1', clientOrderId: 'b5', legs: [] });
    expect(after.reasons[0]?.code).not.toBe('JOURNAL_BACKLOG_FULL');
    await w2.journal.close();
  });

  it('writes what a crash left in the log to the database once, with its audit events and violations, and empties the log', async () => {
    // o1 reached the database before the crash; o2 and o3 only reached the log
    const first = await wire();
    await first.journal.record(record('o1', 'approve'));
    await first.journal.close();
    const eventsBefore = await t.storage.audit.count();
    writeFileSync(path, `${[record('o1', 'approve'), record('o2', 'approve'), record('o3', 'reject')].map((r) => JSON.stringify(r)).join('\n')}\n{"torn`);
    const second = await wire();
    expect(await t.storage.preTradeDecisions.get('p1', 'o2')).toMatchObject({ clientOrderId: 'o2', decision: { decision: 'approve' } });
    expect(await t.storage.preTradeDecisions.get('p1', 'o3')).toMatchObject({ decision: { decision: 'reject' } });
    // o2 and o3 get a decision event each, o3 also its violation event; o1 nothing more
    expect(await t.storage.audit.count()).toBe(eventsBefore + 3);
    expect((await t.storage.violations.list('p1', { limit: 10 })).map((v) => v.limitId)).toEqual(['lev']);
    expect(await t.storage.audit.verify()).toMatchObject({ ok: true });
    expect(new FileDecisionLog(path, false).readPending()).toEqual([]);
    // the replayed decisions are known to the new gate (idempotency survives the crash)
    const replay = await second.gate.check({ id: 'key:trader', role: 'trader', via: 'api-key' }, { portfolioId: 'p1', clientOrderId: 'o2', legs: [] });
    expect(replay.decision).toBe('reject'); // a different body under a used id
    expect(replay.reasons[0]?.code).toBe('CLIENT_ORDER_ID_REUSED');
    await second.journal.close();
  });
});
