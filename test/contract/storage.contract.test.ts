import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Position } from '../../src/core/portfolio/position.ts';
import { instrumentKey, type OptionInstrument } from '../../src/core/portfolio/instrument.ts';
import { createTestDatabase, TEST_STORAGE_KIND, type TestDatabase } from '../support/test-storage.ts';

const now = '2026-01-05T10:00:00.000Z';
const option: OptionInstrument = { type: 'option', underlying: 'IBM', kind: 'put', strike: 95.5, expiry: '2026-03-20', exerciseStyle: 'american', multiplier: 100 };

const position = (over: Partial<Position> = {}): Position => ({
  portfolioId: 'p1', positionId: instrumentKey(option), instrument: option, instrumentKey: instrumentKey(option),
  quantity: -3, averageCost: 2.15, sector: 'Technology', strategy: 'hedge', tags: ['a', 'b'], strategyGroupId: 'g1',
  openedAt: now, updatedAt: now, ...over,
});

describe(`storage contract (${TEST_STORAGE_KIND})`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(); });
  afterAll(async () => { await t?.cleanup(); });

  it('is ready once migrated', async () => {
    expect(await t.storage.ready()).toBe(true);
    expect(t.storage.kind).toBe(TEST_STORAGE_KIND);
  });

  it('stores, updates and deletes portfolios', async () => {
    const p = { id: 'p1', name: 'One', baseCurrency: 'USD', cash: 1e6, benchmarkSymbol: 'SPY', status: 'active' as const, createdAt: now, updatedAt: now };
    await t.storage.portfolios.insert(p);
    expect(await t.storage.portfolios.get('p1')).toEqual(p);
    await t.storage.portfolios.update({ ...p, cash: 5.5, name: 'Renamed' });
    expect(await t.storage.portfolios.get('p1')).toMatchObject({ cash: 5.5, name: 'Renamed', createdAt: now });
    await t.storage.portfolios.insert({ ...p, id: 'p2' });
    expect((await t.storage.portfolios.list()).map((x) => x.id)).toEqual(['p1', 'p2']);
    expect(await t.storage.portfolios.delete('p2')).toBe(true);
    expect(await t.storage.portfolios.delete('p2')).toBe(false);
    expect(await t.storage.portfolios.count()).toBe(1);
  });

  it('round-trips positions with option instruments, tags and groups', async () => {
    await t.storage.positions.replaceAll('p1', [position(), position({ positionId: 'IBM', instrument: { type: 'stock', symbol: 'IBM' }, instrumentKey: 'IBM', quantity: 100, strategyGroupId: null, tags: [] })]);
    const got = await t.storage.positions.list('p1');
    expect(got).toHaveLength(2);
    expect(got.find((p) => p.positionId === 'IBM')?.quantity).toBe(100);
    expect(got.find((p) => p.instrumentKey === 'IBM 2026-03-20 P 95.5')).toEqual(position());
    await t.storage.positions.upsert(position({ quantity: -7 }));
    expect((await t.storage.positions.get('p1', 'IBM 2026-03-20 P 95.5'))?.quantity).toBe(-7);
    expect(await t.storage.positions.delete('p1', 'IBM')).toBe(true);
    expect(await t.storage.positions.list('p1')).toHaveLength(1);
  });

  it('keeps the latest quote per instrument with its source timestamp', async () => {
    const q = { instrumentKey: 'IBM', instrument: { type: 'stock' as const, symbol: 'IBM' }, last: 101.25, bid: 101.2, ask: 101.3, impliedVolatility: null, timestamp: '2026-01-05T09:59:58.123Z', receivedAt: now };
    await t.storage.marketData.upsertQuotes([q, { ...q, last: 99 }]);
    await t.storage.marketData.upsertQuotes([{ ...q, last: 102, timestamp: '2026-01-05T09:59:59.000Z' }]);
    expect(await t.storage.marketData.listQuotes(['IBM'])).toEqual([{ ...q, last: 102, timestamp: '2026-01-05T09:59:59.000Z' }]);
    expect(await t.storage.marketData.listQuotes([])).toEqual([]);
  });

  it('stores reference data, rates and daily history by date', async () => {
    await t.storage.marketData.upsertReference([{ symbol: 'IBM', type: 'stock', sector: 'Technology', averageDailyVolume: 4e6, dividendYield: 0.03, beta: 1.1, currency: 'USD', updatedAt: now }]);
    expect((await t.storage.marketData.listReference(['IBM']))[0]?.beta).toBe(1.1);
    await t.storage.marketData.upsertRates([{ currency: 'USD', rate: 0.0425, asOf: now, updatedAt: now }]);
    expect((await t.storage.marketData.listRates())[0]?.rate).toBe(0.0425);
    await t.storage.marketData.upsertBars([{ symbol: 'IBM', date: '2020-01-03', close: 2 }, { symbol: 'IBM', date: '2020-01-02', close: 1 }, { symbol: 'IBM', date: '2020-01-06', close: 3 }]);
    expect(await t.storage.marketData.history('IBM', { from: '2020-01-03' })).toEqual([{ symbol: 'IBM', date: '2020-01-03', close: 2 }, { symbol: 'IBM', date: '2020-01-06', close: 3 }]);
    expect(await t.storage.marketData.historySummary()).toEqual([{ symbol: 'IBM', bars: 3, firstDate: '2020-01-02', lastDate: '2020-01-06' }]);
  });

  it('appends NAV points and lists them in time order', async () => {
    await t.storage.navHistory.append([
      { portfolioId: 'p1', at: '2026-01-02T00:00:00.000Z', nav: 100, cash: 10, marketValue: 90, source: 'import' },
      { portfolioId: 'p1', at: '2026-01-01T00:00:00.000Z', nav: 99, cash: null, marketValue: null, source: 'import' },
    ]);
    const pts = await t.storage.navHistory.list('p1');
    expect(pts.map((p) => p.nav)).toEqual([99, 100]);
    expect((await t.storage.navHistory.list('p1', { from: '2026-01-02T00:00:00.000Z' })).map((p) => p.nav)).toEqual([100]);
  });

  it('reads the last NAV point of each UTC day, up to a time and for a number of days, and the first of a day', async () => {
    await t.storage.portfolios.insert({ ...(await t.storage.portfolios.get('p1'))!, id: 'pd' });
    const pt = (at: string, nav: number) => ({ portfolioId: 'pd', at, nav, cash: null, marketValue: null, source: 'valuation' });
    // 7,000 points a minute apart on 2026-03-02 (more than one statement's chunk), and a few on other days
    const start = Date.parse('2026-03-02T00:00:00.000Z');
    const minutes = Array.from({ length: 7000 }, (_, i) => pt(new Date(start + i * 10_000).toISOString(), 1000 + i));
    await t.storage.navHistory.append([
      pt('2026-02-27T23:59:59.999Z', 5), pt('2026-02-27T08:00:00.000Z', 4), pt('2026-02-28T00:00:00.000Z', 6), pt('2026-03-01T12:00:00.000Z', 7),
      ...minutes, pt('2026-03-03T09:00:00.000Z', 9),
    ]);
    const navs = (ps: ReadonlyArray<{ nav: number }>) => ps.map((p) => p.nav);
    expect(navs(await t.storage.navHistory.dailyLast('pd', { days: 100 }))).toEqual([5, 6, 7, 7999, 9]);
    expect(navs(await t.storage.navHistory.dailyLast('pd', { days: 2 }))).toEqual([7999, 9]);
    expect(navs(await t.storage.navHistory.dailyLast('pd', { days: 100, to: '2026-03-02T00:00:30.000Z' }))).toEqual([5, 6, 7, 1003]);
    expect(navs(await t.storage.navHistory.dailyLast('pd', { days: 100, to: '2026-02-27T12:00:00.000Z' }))).toEqual([4]);
    expect(await t.storage.navHistory.dailyLast('pd', { days: 100, to: '2026-02-01T00:00:00.000Z' })).toEqual([]);
    expect((await t.storage.navHistory.firstBetween('pd', { from: '2026-03-02T00:00:00.000Z', before: '2026-03-03T00:00:00.000Z' }))?.nav).toBe(1000);
    expect(await t.storage.navHistory.firstBetween('pd', { from: '2026-03-04T00:00:00.000Z', before: '2026-03-05T00:00:00.000Z' })).toBeUndefined();
  });

  it('rolls back every write of a transaction that fails', async () => {
    await expect(t.storage.transaction(async (tx) => {
      await tx.marketData.upsertRates([{ currency: 'EUR', rate: 0.02, asOf: now, updatedAt: now }]);
      await tx.audit.append({ actor: 'test', eventType: 'x', subject: 'y', payload: {} });
      throw new Error('boom');
    })).rejects.toThrow('boom');
    const r = await t.storage.transaction(async (tx) => {
      await tx.marketData.upsertRates([{ currency: 'CHF', rate: 0.01, asOf: now, updatedAt: now }]);
      return { ok: false as const, error: { code: 'X', message: 'no' } };
    });
    expect(r.ok).toBe(false);
    expect((await t.storage.marketData.listRates()).map((x) => x.currency)).toEqual(['USD']);
    expect(await t.storage.audit.count()).toBe(0);
  });

  it('chains audit events, refuses updates and deletes, and detects tampering', async () => {
    for (let i = 0; i < 3; i++) await t.storage.audit.append({ actor: 'key:a', eventType: 'demo.event', subject: `s${i}`, payload: { i, x: [1.5e-7, 'é'] } });
    const events = await t.storage.audit.list({ limit: 10 });
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(await t.storage.audit.verify()).toMatchObject({ ok: true, events: 3 });
    await expect(t.rawExec(`UPDATE audit_events SET actor = 'mallory' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(t.rawExec(`DELETE FROM audit_events WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await t.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update; UPDATE audit_events SET payload = '{"i": 42}' WHERE seq = 2; ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    expect(await t.storage.audit.verify()).toEqual({ ok: false, events: 3, firstBreak: { kind: 'hash-mismatch', seq: 2 } });
  });

  it('detects an audit time moved by less than a millisecond (the hash covers it to the millisecond)', async () => {
    await t.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update; DELETE FROM audit_events; ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    for (let i = 0; i < 3; i++) await t.storage.audit.append({ actor: 'key:a', eventType: 'demo.event', subject: `s${i}`, payload: { i } });
    expect(await t.storage.audit.verify()).toMatchObject({ ok: true, events: 3 });
    await t.rawExec(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update; UPDATE audit_events SET occurred_at = occurred_at + interval '400 microseconds' WHERE seq = 3; ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    expect(await t.storage.audit.verify()).toEqual({ ok: false, events: 3, firstBreak: { kind: 'hash-mismatch', seq: 3 } });
  });

  it.runIf(TEST_STORAGE_KIND === 'embedded')('refuses a statement with more bind parameters than the embedded store takes and keeps answering correctly', async () => {
    const n = 40_000;
    const params = Array.from({ length: n }, (_, i) => i);
    const text = `SELECT ${params.map((_, i) => `$${i + 1}::int`).join(' + ')} AS total`;
    await expect(t.database.withRawConnection((c) => c.query(text, params))).rejects.toThrow(/bind parameters/);
    await expect(t.database.db.selectFrom('portfolios').select('id').where('id', 'in', params.map(String)).execute()).rejects.toThrow(/bind parameters/);
    // the connection is intact: the next queries see the rows that are there
    expect((await t.storage.portfolios.get('p1'))?.id).toBe('p1');
    expect(await t.database.withRawConnection((c) => c.query('SELECT 1 + 1 AS two', []))).toEqual([{ two: 2 }]);
  });

  it('reads every close of several symbols between two dates', async () => {
    await t.storage.marketData.upsertBars([
      { symbol: 'HB1', date: '2021-03-01', close: 1 }, { symbol: 'HB1', date: '2021-03-03', close: 3 }, { symbol: 'HB1', date: '2021-03-05', close: 5 },
      { symbol: 'HB2', date: '2021-03-02', close: 20 }, { symbol: 'HB2', date: '2021-03-06', close: 60 },
    ]);
    const got = await t.storage.marketData.historyBetween(['HB1', 'HB2', 'HBX'], { from: '2021-03-02', to: '2021-03-05' });
    expect([...got.keys()].sort()).toEqual(['HB1', 'HB2']);
    expect(got.get('HB1')).toEqual([{ symbol: 'HB1', date: '2021-03-03', close: 3 }, { symbol: 'HB1', date: '2021-03-05', close: 5 }]);
    expect(got.get('HB2')).toEqual([{ symbol: 'HB2', date: '2021-03-02', close: 20 }]);
    expect((await t.storage.marketData.historyBetween([], { from: '2021-03-01', to: '2021-03-09' })).size).toBe(0);
  });

  it('looks up quotes and reference data for lists longer than one statement could bind one by one', async () => {
    const base = { bid: null, ask: null, impliedVolatility: null, timestamp: now, receivedAt: now };
    await t.storage.marketData.upsertQuotes([{ ...base, instrumentKey: 'BIGLIST', instrument: { type: 'stock', symbol: 'BIGLIST' }, last: 7 }]);
    const keys = [...Array.from({ length: 40_000 }, (_, i) => `NOPE${i}`), 'BIGLIST'];
    expect((await t.storage.marketData.listQuotes(keys)).map((q) => q.instrumentKey)).toEqual(['BIGLIST']);
    expect((await t.storage.marketData.listQuotesForUnderlyings(keys)).map((q) => q.instrumentKey)).toEqual(['BIGLIST']);
    expect(await t.storage.marketData.listReference(keys)).toEqual([]);
    expect(await t.storage.marketData.listQuotes(["it's", 'a,b', '{x}', '"q"'])).toEqual([]); // array-literal characters pass as data
  });

  it('stores API keys and revokes them once', async () => {
    await t.storage.apiKeys.insert({ id: 'k1', name: 'ops', role: 'trader', secretHash: 'h', createdAt: now, createdBy: 'bootstrap', revokedAt: null, revokedBy: null });
    expect(await t.storage.apiKeys.countActive()).toBe(1);
    expect(await t.storage.apiKeys.revoke('k1', 'key:admin', new Date(now))).toBe(true);
    expect(await t.storage.apiKeys.revoke('k1', 'key:admin', new Date(now))).toBe(false);
    expect((await t.storage.apiKeys.get('k1'))?.revokedBy).toBe('key:admin');
    expect(await t.storage.apiKeys.countActive()).toBe(0);
  });

  it('finds quotes of underlyings with their options, and the most recent closes per symbol', async () => {
    const opt = { type: 'option' as const, underlying: 'KO', kind: 'call' as const, strike: 60, expiry: '2026-06-19', exerciseStyle: 'american' as const, multiplier: 100 };
    const base = { bid: null, ask: null, impliedVolatility: 0.2, timestamp: now, receivedAt: now };
    await t.storage.marketData.upsertQuotes([
      { ...base, instrumentKey: 'KO', instrument: { type: 'stock', symbol: 'KO' }, last: 60 },
      { ...base, instrumentKey: instrumentKey(opt), instrument: opt, last: 2 },
      { ...base, instrumentKey: 'PEP', instrument: { type: 'stock', symbol: 'PEP' }, last: 150 },
    ]);
    expect((await t.storage.marketData.listQuotesForUnderlyings(['KO'])).map((q) => q.instrumentKey)).toEqual(['KO', instrumentKey(opt)]);
    const underlyingQuotes = await t.storage.marketData.listUnderlyingQuotes();
    expect(underlyingQuotes.map((q) => q.instrumentKey)).toEqual(expect.arrayContaining(['KO', 'PEP']));
    expect(underlyingQuotes.every((q) => q.instrument.type !== 'option')).toBe(true); // the option on KO is left out
    await t.storage.marketData.upsertBars([1, 2, 3, 4, 5].map((d) => ({ symbol: 'KO', date: `2020-02-0${d}`, close: d })));
    const recent = await t.storage.marketData.recentHistory(['KO', 'NONE'], 3, '2020-02-04');
    expect(recent.get('KO')?.map((b) => b.date)).toEqual(['2020-02-02', '2020-02-03', '2020-02-04']);
    expect(recent.get('NONE')).toEqual([]);
    // a repeated read may come from the cache: a write of closes, in or out of a transaction, is seen at once
    expect((await t.storage.marketData.recentHistory(['KO'], 2))?.get('KO')?.map((b) => b.close)).toEqual([4, 5]);
    await t.storage.transaction(async (tx) => { await tx.marketData.upsertBars([{ symbol: 'KO', date: '2020-02-06', close: 6 }]); });
    expect((await t.storage.marketData.recentHistory(['KO'], 2))?.get('KO')?.map((b) => b.close)).toEqual([5, 6]);
    await t.storage.marketData.upsertBars([{ symbol: 'KO', date: '2020-02-06', close: 6.5 }]);
    expect((await t.storage.marketData.recentHistory(['KO'], 2))?.get('KO')?.map((b) => b.close)).toEqual([5, 6.5]);
  });

  it('reads the last N closes of each symbol up to a date, oldest first, whatever each symbol holds', async () => {
    const day = (d: number) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    // AAA: 30 days, BBB: every other day, CCC: only 2 days; closes encode symbol and day
    const bars = [
      ...Array.from({ length: 30 }, (_, d) => ({ symbol: 'AAA', date: day(d), close: 100 + d })),
      ...Array.from({ length: 15 }, (_, k) => ({ symbol: 'BBB', date: day(2 * k), close: 200 + 2 * k })),
      { symbol: 'CCC', date: day(3), close: 303 }, { symbol: 'CCC', date: day(25), close: 325 },
    ];
    await t.storage.marketData.upsertBars(bars);
    const naive = (symbol: string, n: number, to: string) => bars.filter((b) => b.symbol === symbol && b.date <= to).sort((a, b) => a.date.localeCompare(b.date)).slice(-n);
    const to = day(20);
    const got = await t.storage.marketData.recentHistory(['CCC', 'AAA', 'BBB', 'AAA'], 4, to);
    for (const symbol of ['AAA', 'BBB', 'CCC']) {
      expect(got.get(symbol)?.map((b) => [b.date, b.close]), symbol).toEqual(naive(symbol, 4, to).map((b) => [b.date, b.close]));
    }
    expect(got.get('CCC')).toHaveLength(1); // only one close on or before the date
    expect([...got.keys()].sort()).toEqual(['AAA', 'BBB', 'CCC']);
    // without an end date: the latest closes
    expect((await t.storage.marketData.recentHistory(['BBB'], 3)).get('BBB')?.map((b) => b.close)).toEqual([224, 226, 228]);
  });

  it('keeps the latest risk report and a downsampled history', async () => {
    await t.storage.riskReports.saveLatest('p1', now, { nav: 1 });
    await t.storage.riskReports.saveLatest('p1', now, { nav: 2 });
    expect(await t.storage.riskReports.latest('p1')).toEqual({ at: now, report: { nav: 2 } });
    // rewritten every cycle and never queried inside: json (no jsonb conversion), lz4 where the server has it
    const [column] = await t.database.withRawConnection((c) => c.query<{ type: string; compression: string }>(
      `SELECT format_type(atttypid, atttypmod) AS type, attcompression::text AS compression FROM pg_attribute WHERE attrelid = 'risk_reports_latest'::regclass AND attname = 'report'`));
    expect(column?.type).toBe('json');
    if (TEST_STORAGE_KIND === 'postgres') expect(column?.compression).toBe('l');
    for (let i = 0; i < 10; i++) await t.storage.riskReports.appendHistory({ portfolioId: 'p1', at: new Date(Date.parse(now) + i * 5000).toISOString(), summary: { i } });
    expect((await t.storage.riskReports.history('p1', { maxPoints: 100 })).map((p) => p.summary.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const down = await t.storage.riskReports.history('p1', { maxPoints: 3 });
    expect(down.length).toBeLessThanOrEqual(3);
    expect(down.at(-1)?.summary.i).toBe(9);
  });
});
