import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { DecisionJournal } from '../../app/pre-trade/write-ahead-journal.ts';
import { registerJournalMetrics } from './prometheus-journal-metrics.ts';

const value = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('pre-trade journal metrics', () => {
  it('reads the journal at each scrape: backlog, health and batch counters', async () => {
    type Mutable = { -readonly [K in keyof DecisionJournal<unknown>]: DecisionJournal<unknown>[K] };
    const journal: Mutable = { backlog: 42, healthy: true, backlogFull: false, stats: { batches: 3, entries: 120, failures: 1 }, record: async () => {}, close: async () => {} };
    const registry = new Registry();
    registerJournalMetrics(registry, journal);
    let text = await registry.metrics();
    expect(value(text, 'pretrade_journal_backlog_decisions')).toBe(42);
    expect(value(text, 'pretrade_journal_healthy')).toBe(1);
    expect(value(text, 'pretrade_journal_batches_total')).toBe(3);
    expect(value(text, 'pretrade_journal_decisions_total')).toBe(120);
    expect(value(text, 'pretrade_journal_failures_total')).toBe(1);
    // later scrapes see the journal as it is then
    journal.backlog = 100_000; journal.backlogFull = true; journal.stats = { batches: 5, entries: 200, failures: 1 };
    text = await registry.metrics();
    expect(value(text, 'pretrade_journal_backlog_decisions')).toBe(100_000);
    expect(value(text, 'pretrade_journal_healthy')).toBe(0);
    expect(value(text, 'pretrade_journal_decisions_total')).toBe(200);
    journal.backlogFull = false; journal.healthy = false;
    expect(value(await registry.metrics(), 'pretrade_journal_healthy')).toBe(0);
  });
});
