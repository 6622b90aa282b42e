import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstructionRecord, LimitOverrideRecord, LimitViolation, PreTradeDecisionRecord, StoredLimit, TradingStateRecord } from '../../src/app/ports.ts';
import { createTestDatabase, TEST_STORAGE_KIND, type TestDatabase } from '../support/test-storage.ts';

const now = '2026-03-02T10:00:00.000Z';
const later = '2026-03-02T12:00:00.000Z';

const limit = (over: Partial<StoredLimit> = {}): StoredLimit => ({
  id: 'var99', portfolioId: 'p1', type: 'var', scope: { kind: 'portfolio' }, value: { mode: 'fraction-of-nav', amount: 0.035 },
  warningLevels: [0.8, 0.95], action: 'block-new', active: true, description: 'VaR 99', params: { confidence: 0.99 },
  version: 1, createdAt: now, updatedAt: now, ...over,
});

const override = (over: Partial<LimitOverrideRecord> = {}): LimitOverrideRecord => ({
  id: 'o1', portfolioId: 'p1', limitId: 'var99', kind: 'raise', amount: 0.05, reason: 'rebalance', requestedBy: 'key:a', approvedBy: null,
  status: 'pending', expiresAt: later, createdAt: now, decidedBy: null, decidedAt: null, decisionNote: null, endedBy: null, endedAt: null, ...over,
});

describe(`limits storage contract (${TEST_STORAGE_KIND})`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const id of ['p1', 'p2']) await t.storage.portfolios.insert({ id, name: id, baseCurrency: 'USD', cash: 0, benchmarkSymbol: null, status: 'active', createdAt: now, updatedAt: now });
  });
  afterAll(async () => { await t?.cleanup(); });

  it('round-trips limits with their JSON fields and updates them in place', async () => {
    const rc = limit({ id: 'restricted', type: 'restricted-symbols', scope: { kind: 'portfolio' }, value: { mode: 'absolute', amount: 0 }, params: { symbols: ['GME', 'AMC'] }, warningLevels: [] });
    const sym = limit({ id: 'collar', type: 'price-collar', scope: { kind: 'symbol', value: 'IBM 2026-06-19 C 100' }, value: { mode: 'absolute', amount: 0.05 }, params: { reference: 'mid' } });
    for (const l of [limit(), rc, sym]) await t.storage.limits.insert(l);
    expect(await t.storage.limits.get('p1', 'var99')).toEqual(limit());
    expect(await t.storage.limits.get('p1', 'collar')).toEqual(sym);
    expect((await t.storage.limits.list('p1')).map((l) => l.id)).toEqual(['collar', 'restricted', 'var99']);
    await t.storage.limits.update(limit({ value: { mode: 'fraction-of-nav', amount: 0.04 }, version: 2, updatedAt: later, createdAt: '1999-01-01T00:00:00.000Z' }));
    expect(await t.storage.limits.get('p1', 'var99')).toMatchObject({ value: { amount: 0.04 }, version: 2, createdAt: now, updatedAt: later });
    expect(await t.storage.limits.get('p2', 'var99')).toBeUndefined();
    await t.storage.limits.insert(limit({ portfolioId: 'p2' }));
    expect((await t.storage.limits.listAll()).map((l) => `${l.portfolioId}/${l.id}`)).toEqual(['p1/collar', 'p1/restricted', 'p1/var99', 'p2/var99']);
    await expect(t.storage.limits.insert(limit())).rejects.toThrow();
    await expect(t.storage.limits.insert(limit({ portfolioId: 'ghost' }))).rejects.toThrow();
  });

  it('counts a limits version per portfolio that only goes up', async () => {
    expect(await t.storage.limits.version('p2')).toBe(0);
    expect(await t.storage.limits.bumpVersion('p2')).toBe(1);
    expect(await t.storage.limits.bumpVersion('p2')).toBe(2);
    expect(await t.storage.limits.version('p2')).toBe(2);
    expect(await t.storage.limits.version('p1')).toBe(0);
    expect(await t.storage.limits.delete('p2', 'var99')).toBe(true);
    expect(await t.storage.limits.delete('p2', 'var99')).toBe(false);
    expect(await t.storage.limits.version('p2')).toBe(2);
  });

  it('stores overrides, finds lapsed ones, refuses self-approval in the database, and cascades with the limit', async () => {
    await t.storage.limitOverrides.insert(override());
    await t.storage.limitOverrides.insert(override({ id: 'o2', kind: 'suspend', amount: null, status: 'active', approvedBy: 'key:b', expiresAt: '2026-03-02T11:00:00.000Z', createdAt: later }));
    await t.storage.limitOverrides.insert(override({ id: 'o3', limitId: 'collar', status: 'rejected', expiresAt: now }));
    expect(await t.storage.limitOverrides.get('o1')).toEqual(override());
    expect((await t.storage.limitOverrides.list('p1')).map((o) => o.id)).toEqual(['o2', 'o3', 'o1']);
    expect((await t.storage.limitOverrides.list('p1', { limitId: 'var99', status: 'active' })).map((o) => o.id)).toEqual(['o2']);
    expect((await t.storage.limitOverrides.listLapsed('2026-03-02T11:00:00.000Z')).map((o) => o.id)).toEqual(['o2']);
    expect((await t.storage.limitOverrides.listLapsed(later)).map((o) => o.id)).toEqual(['o2', 'o1']);
    await t.storage.limitOverrides.update(override({ status: 'expired', endedBy: 'system:limits', endedAt: later }));
    expect(await t.storage.limitOverrides.get('o1')).toMatchObject({ status: 'expired', endedBy: 'system:limits', endedAt: later });
    await expect(t.storage.limitOverrides.insert(override({ id: 'o4', approvedBy: 'key:a' }))).rejects.toThrow();
    await expect(t.storage.limitOverrides.insert(override({ id: 'o5', kind: 'raise', amount: null }))).rejects.toThrow();
    await expect(t.storage.limitOverrides.insert(override({ id: 'o6', limitId: 'missing' }))).rejects.toThrow();
    await t.storage.limits.delete('p1', 'collar');
    expect(await t.storage.limitOverrides.get('o3')).toBeUndefined();
  });

  it('keeps trading states for the firm and portfolios, with the kill switch, and refuses inconsistent rows', async () => {
    const firm: TradingStateRecord = { key: 'firm', state: 'HALTED', reason: 'r', changedBy: 'key:a', changedAt: now, engaged: true, engagedBy: 'key:a', engagedAt: now, engagedReason: 'r', stateBeforeEngaged: 'REDUCE_ONLY' };
    await t.storage.tradingStates.upsert(firm);
    await t.storage.tradingStates.upsert({ ...firm, key: 'p1', state: 'REDUCE_ONLY', engaged: false, engagedBy: null, engagedAt: null, engagedReason: null, stateBeforeEngaged: null });
    expect(await t.storage.tradingStates.get('firm')).toEqual(firm);
    expect(await t.storage.tradingStates.get('firm', { lock: true })).toEqual(firm);
    const released = { ...firm, state: 'ACTIVE' as const, changedBy: 'key:b', changedAt: later, engaged: false, engagedBy: null, engagedAt: null, engagedReason: null, stateBeforeEngaged: null };
    await t.storage.tradingStates.upsert(released);
    expect(await t.storage.tradingStates.get('firm')).toEqual(released);
    expect((await t.storage.tradingStates.list()).map((s) => [s.key, s.state])).toEqual([['firm', 'ACTIVE'], ['p1', 'REDUCE_ONLY']]);
    await expect(t.storage.tradingStates.upsert({ ...firm, key: 'ghost' })).rejects.toThrow();
    await expect(t.storage.tradingStates.upsert({ ...firm, state: 'ACTIVE' })).rejects.toThrow();
    expect(await t.storage.tradingStates.get('missing')).toBeUndefined();
  });

  it('stores violations with their instructions, filters by time and limit, and resolves once', async () => {
    const v = (over: Partial<LimitViolation> = {}): LimitViolation => ({
      id: 'v1', portfolioId: 'p1', limitId: 'var99', limitType: 'var', scope: { kind: 'portfolio' }, source: 'monitor', detectedAt: now,
      metric: { current: 0.05, projected: null, limit: 0.035, utilisation: 1.43 }, actionTaken: 'reduce', instructionIds: [], context: { cycle: 7 }, resolvedAt: null, ...over,
    });
    await t.storage.violations.insert(v());
    // the batch path (pre-trade journal): nulls, nested JSON and timestamps survive the array parameters
    await t.storage.violations.insertMany([v({ id: 'v2', limitId: 'lev', limitType: 'leverage', source: 'pre-trade', detectedAt: later, actionTaken: 'block-new' })]);
    const batch = [v({ id: 'b1', portfolioId: 'p2', scope: { kind: 'symbol', value: 'IBM 2026-06-19 C 100' }, metric: { current: -1, projected: 2, limit: 1, utilisation: 2 }, context: { code: 'LIMIT_X "q"', list: [1, null] }, resolvedAt: later }),
      v({ id: 'b2', portfolioId: 'p2', detectedAt: later })];
    await t.storage.violations.insertMany(batch);
    expect(await t.storage.violations.get('b1')).toEqual(batch[0]);
    expect(await t.storage.violations.get('b2')).toEqual(batch[1]);
    await t.storage.violations.insertMany([]);
    const ins = (id: string, over: Partial<InstructionRecord> = {}): InstructionRecord => ({
      id, portfolioId: 'p1', limitId: 'var99', violationId: 'v1', instrumentKey: 'IBM', side: 'sell', quantity: 100, strategyGroupId: null,
      reason: 'reduce VaR', status: 'pending', createdAt: now, acknowledgedAt: null, acknowledgedBy: null, note: null,
      deliveryAttempts: 0, deliveredAt: null, nextDeliveryAt: now, lastDeliveryError: null, ...over,
    });
    await t.storage.instructions.insertMany([ins('i1'), ins('i2', { instrumentKey: 'SPY', side: 'buy', strategyGroupId: 'g1', createdAt: later })]);
    await t.storage.violations.addInstructions('v1', ['i1']);
    await t.storage.violations.addInstructions('v1', ['i2']);
    expect(await t.storage.violations.get('v1')).toEqual(v({ instructionIds: ['i1', 'i2'] }));
    expect((await t.storage.violations.list('p1', { limit: 10 })).map((x) => x.id)).toEqual(['v2', 'v1']);
    expect((await t.storage.violations.list('p1', { limit: 10, to: now })).map((x) => x.id)).toEqual(['v1']);
    expect((await t.storage.violations.list('p1', { limit: 10, limitId: 'lev' })).map((x) => x.id)).toEqual(['v2']);
    expect((await t.storage.violations.list('p1', { limit: 1 })).map((x) => x.id)).toEqual(['v2']);
    expect((await t.storage.violations.listOpen('p1')).map((x) => x.id)).toEqual(['v1', 'v2']);
    expect(await t.storage.violations.resolve('v1', later)).toBe(true);
    expect(await t.storage.violations.resolve('v1', later)).toBe(false);
    expect((await t.storage.violations.listOpen('p1')).map((x) => x.id)).toEqual(['v2']);

    expect(await t.storage.instructions.get('i2')).toEqual(ins('i2', { instrumentKey: 'SPY', side: 'buy', strategyGroupId: 'g1', createdAt: later }));
    expect((await t.storage.instructions.list({ violationIds: ['v1'], limit: 10 })).map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(await t.storage.instructions.list({ violationIds: [], limit: 10 })).toEqual([]);
    await t.storage.instructions.update(ins('i1', { status: 'acknowledged', acknowledgedAt: later, acknowledgedBy: 'key:t', note: 'done' }));
    expect((await t.storage.instructions.list({ portfolioId: 'p1', status: 'pending', limit: 10 })).map((i) => i.id)).toEqual(['i2']);
    expect(await t.storage.instructions.get('i1')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'key:t', note: 'done' });
    // 2,500 at once: more bind parameters than one statement takes (18 columns), so written in chunks
    await t.storage.instructions.insertMany(Array.from({ length: 2500 }, (_, k) => ins(`bulk-${k}`, { violationId: 'v2' })));
    expect(await t.storage.instructions.list({ violationIds: ['v2'], limit: 5000 })).toHaveLength(2500);
    await expect(t.storage.instructions.insertMany([ins('i3'), ins('i4', { quantity: -1 })])).rejects.toThrow();
    expect(await t.storage.instructions.get('i3')).toBeUndefined();
  });

  it('stores webhooks and deactivates them once', async () => {
    await t.storage.webhooks.insert({ id: 'w1', url: 'https://x.example.com/h', secret: 's'.repeat(40), active: true, createdBy: 'key:admin', createdAt: now, deactivatedBy: null, deactivatedAt: null });
    expect((await t.storage.webhooks.list({ activeOnly: true })).map((w) => w.secret)).toEqual(['s'.repeat(40)]);
    expect(await t.storage.webhooks.deactivate('w1', 'key:admin', later)).toBe(true);
    expect(await t.storage.webhooks.deactivate('w1', 'key:admin', later)).toBe(false);
    expect(await t.storage.webhooks.list({ activeOnly: true })).toEqual([]);
    expect(await t.storage.webhooks.get('w1')).toMatchObject({ active: false, deactivatedBy: 'key:admin', deactivatedAt: later });
  });

  it('keeps the first pre-trade decision per (portfolio, clientOrderId)', async () => {
    const d = (over: Partial<PreTradeDecisionRecord> = {}): PreTradeDecisionRecord => ({
      portfolioId: 'p1', clientOrderId: 'c1', requestHash: 'h1', decision: { decision: 'approve', reasons: [] }, limitsVersion: 7, decidedAt: now, ...over,
    });
    expect((await t.storage.preTradeDecisions.insertMany([d(), d({ clientOrderId: 'c2', decidedAt: later }), d({ requestHash: 'dup-in-batch' })])).map((k) => k.clientOrderId).sort()).toEqual([d().clientOrderId, 'c2'].sort());
    expect(await t.storage.preTradeDecisions.insertMany([d({ requestHash: 'h-other', decision: { decision: 'reject' } }), d({ portfolioId: 'unknown' })])).toEqual([{ portfolioId: 'unknown', clientOrderId: d().clientOrderId }]);
    expect(await t.storage.preTradeDecisions.get('p1', 'c1')).toEqual(d());
    expect(await t.storage.preTradeDecisions.get('unknown', 'c1')).toMatchObject({ limitsVersion: 7 });
    expect((await t.storage.preTradeDecisions.list('p1', { limit: 10 })).map((x) => x.clientOrderId)).toEqual(['c2', 'c1']);
    expect((await t.storage.preTradeDecisions.list('p1', { limit: 10, from: later })).map((x) => x.clientOrderId)).toEqual(['c2']);
    expect(await t.storage.preTradeDecisions.insertMany([])).toEqual([]);
  });

  it('removes a portfolio\'s limits, states and history with the portfolio', async () => {
    expect(await t.storage.limits.bumpVersion('p1')).toBe(1);
    expect(await t.storage.limits.list('p1')).not.toEqual([]);
    await t.storage.portfolios.delete('p1');
    expect(await t.storage.limits.list('p1')).toEqual([]);
    expect(await t.storage.limits.version('p1')).toBe(0);
    expect(await t.storage.tradingStates.get('p1')).toBeUndefined();
    expect(await t.storage.violations.list('p1', { limit: 10 })).toEqual([]);
    expect(await t.storage.instructions.list({ portfolioId: 'p1', limit: 10 })).toEqual([]);
    expect(await t.storage.tradingStates.get('firm')).toBeDefined();
  });
});
