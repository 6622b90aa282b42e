import { Counter, Gauge, type Registry } from 'prom-client';
import type { DecisionJournal } from '../../app/pre-trade/write-ahead-journal.ts';

/**
 * The pre-trade decision journal for Prometheus, read at each scrape: how many decisions wait for
 * the database (the audit trail's lag; the gate rejects orders past `journalMaxBacklog`), whether
 * it can write (0: the gate is failing closed with STORAGE_UNAVAILABLE), and its batches.
 */
export function registerJournalMetrics(registry: Registry, journal: DecisionJournal<unknown>): void {
  new Gauge({
    name: 'pretrade_journal_backlog_decisions', help: 'Pre-trade decisions accepted and not yet committed to the database', registers: [registry],
    collect() { this.set(journal.backlog); },
  });
  new Gauge({
    name: 'pretrade_journal_healthy', help: '1 while pre-trade decisions can be recorded, 0 while the gate fails closed for storage or backlog', registers: [registry],
    collect() { this.set(journal.healthy && !journal.backlogFull ? 1 : 0); },
  });
  const counter = (name: string, help: string, read: () => number) => new Counter({
    name, help, registers: [registry],
    collect() { this.reset(); this.inc(read()); },
  });
  counter('pretrade_journal_batches_total', 'Decision batches committed to the database', () => journal.stats.batches);
  counter('pretrade_journal_decisions_total', 'Decisions committed to the database', () => journal.stats.entries);
  counter('pretrade_journal_failures_total', 'Decision batches the database refused', () => journal.stats.failures);
}
