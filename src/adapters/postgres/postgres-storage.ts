import { sql, type Kysely } from 'kysely';
import type { Clock, Storage, Stores } from '../../app/ports.ts';
import type { DatabaseSchema } from './database-schema.ts';
import { isMigrated } from './migrate.ts';
import { PostgresApiKeyStore } from './postgres-api-key-store.ts';
import { PostgresAuditLog } from './postgres-audit-log.ts';
import { PostgresCustomScenarioStore } from './postgres-custom-scenario-store.ts';
import { PostgresInstructionStore } from './postgres-instruction-store.ts';
import { PostgresLimitOverrideStore } from './postgres-limit-override-store.ts';
import { PostgresLimitStore } from './postgres-limit-store.ts';
import { PostgresMarketDataStore } from './postgres-market-data-store.ts';
import { PostgresNavHistoryStore } from './postgres-nav-history-store.ts';
import { PostgresPortfolioStore } from './postgres-portfolio-store.ts';
import { PostgresPositionStore } from './postgres-position-store.ts';
import { PostgresPreTradeDecisionStore } from './postgres-pre-trade-decision-store.ts';
import { PostgresRiskReportStore } from './postgres-risk-report-store.ts';
import { PostgresStressTestStore } from './postgres-stress-test-store.ts';
import { PostgresTradingStateStore } from './postgres-trading-state-store.ts';
import { PostgresViolationStore } from './postgres-violation-store.ts';
import { PostgresWebhookStore } from './postgres-webhook-store.ts';
import type { SqlDatabase } from './sql-database.ts';
import { RecentHistoryCache } from './recent-history-cache.ts';

function storesOn(db: Kysely<DatabaseSchema>, clock: Clock, history: RecentHistoryCache, cacheHistoryReads: boolean): Stores {
  return {
    portfolios: new PostgresPortfolioStore(db),
    positions: new PostgresPositionStore(db),
    marketData: new PostgresMarketDataStore(db, history, cacheHistoryReads),
    navHistory: new PostgresNavHistoryStore(db),
    apiKeys: new PostgresApiKeyStore(db),
    audit: new PostgresAuditLog(db, clock),
    riskReports: new PostgresRiskReportStore(db),
    limits: new PostgresLimitStore(db),
    limitOverrides: new PostgresLimitOverrideStore(db),
    tradingStates: new PostgresTradingStateStore(db),
    violations: new PostgresViolationStore(db),
    instructions: new PostgresInstructionStore(db),
    webhooks: new PostgresWebhookStore(db),
    preTradeDecisions: new PostgresPreTradeDecisionStore(db),
    customScenarios: new PostgresCustomScenarioStore(db),
    stressTests: new PostgresStressTestStore(db),
  };
}

/** Carries a failed Result out of a transaction so the transaction rolls back. */
class RollbackWith extends Error {
  constructor(readonly value: unknown) { super('rollback'); }
}

const isFailedResult = (v: unknown): boolean => typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

/** Storage on PostgreSQL or PGlite: same SQL, same code. */
export class PostgresStorage implements Storage {
  readonly kind: 'embedded' | 'postgres';
  readonly portfolios; readonly positions; readonly marketData; readonly navHistory; readonly apiKeys; readonly riskReports;
  readonly limits; readonly limitOverrides; readonly tradingStates; readonly violations; readonly instructions; readonly webhooks;
  readonly preTradeDecisions; readonly customScenarios; readonly stressTests;
  readonly audit: Stores['audit'];

  /** Recent closes, shared by this storage's stores (the risk loop reads the same ones every cycle). */
  private readonly history = new RecentHistoryCache();

  /**
   * `cacheRecentHistory: false` for a second storage in this process (a worker thread's): the
   * cache is cleared by writes through the same storage only, and that one writes no closes.
   */
  constructor(private readonly database: SqlDatabase, private readonly clock: Clock, options: { cacheRecentHistory?: boolean } = {}) {
    this.kind = database.kind;
    const s = storesOn(database.db, clock, this.history, options.cacheRecentHistory ?? true);
    this.portfolios = s.portfolios; this.positions = s.positions; this.marketData = s.marketData;
    this.navHistory = s.navHistory; this.apiKeys = s.apiKeys; this.riskReports = s.riskReports;
    this.limits = s.limits; this.limitOverrides = s.limitOverrides; this.tradingStates = s.tradingStates;
    this.violations = s.violations; this.instructions = s.instructions; this.webhooks = s.webhooks;
    this.preTradeDecisions = s.preTradeDecisions; this.customScenarios = s.customScenarios; this.stressTests = s.stressTests;
    // An audit append outside an explicit transaction still needs one for its lock.
    this.audit = { ...s.audit, list: (f) => s.audit.list(f), verify: (anchor) => s.audit.verify(anchor), count: () => s.audit.count(),
      append: (e) => this.transaction((tx) => tx.audit.append(e)), appendMany: (es) => this.transaction((tx) => tx.audit.appendMany(es)) };
  }

  /** Runs `work` in one transaction; a returned `{ ok: false }` Result or a throw rolls everything back. */
  async transaction<T>(work: (tx: Stores) => Promise<T>, options: { synchronousCommit?: boolean } = {}): Promise<T> {
    try {
      return await this.database.db.transaction().execute(async (trx) => {
        if (options.synchronousCommit === false) await sql`SET LOCAL synchronous_commit = off`.execute(trx);
        const value = await work(storesOn(trx, this.clock, this.history, false));
        if (isFailedResult(value)) throw new RollbackWith(value);
        return value;
      });
    } catch (e) {
      if (e instanceof RollbackWith) return e.value as T;
      throw e;
    }
  }

  async ready(): Promise<boolean> {
    try { return await isMigrated(this.database); } catch { return false; }
  }

  close(): Promise<void> { return this.database.close(); }
}
