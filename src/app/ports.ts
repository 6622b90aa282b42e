import type { AuditAnchor, AuditEvent, ChainBreak, NewAuditEvent } from '../core/audit/audit-chain.ts';
import type { Role } from '../core/auth/role.ts';
import type { LimitDefinition, LimitOverride, LimitScope, TradingState } from '../core/limits/limit-definition.ts';
import type { PriceBar, Quote, ReferenceData, RiskFreeRate } from '../core/market/market-data.ts';
import type { NavPoint, Portfolio } from '../core/portfolio/portfolio.ts';
import type { Position } from '../core/portfolio/position.ts';
import type { PriceHistory, ReplaySource, ScenarioDefinition } from '../core/stress/index.ts';

/** Time comes from here, never from `new Date()` inside use cases. */
export interface Clock { now(): Date }

export interface PortfolioStore {
  list(): Promise<Portfolio[]>;
  get(id: string): Promise<Portfolio | undefined>;
  insert(p: Portfolio): Promise<void>;
  update(p: Portfolio): Promise<void>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface PositionStore {
  list(portfolioId: string): Promise<Position[]>;
  get(portfolioId: string, positionId: string): Promise<Position | undefined>;
  replaceAll(portfolioId: string, positions: readonly Position[]): Promise<void>;
  upsert(p: Position): Promise<void>;
  delete(portfolioId: string, positionId: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface MarketDataStore {
  upsertQuotes(quotes: readonly Quote[]): Promise<void>;
  /** All quotes, or those for the given instrument keys. */
  listQuotes(keys?: readonly string[]): Promise<Quote[]>;
  upsertReference(rows: readonly ReferenceData[]): Promise<void>;
  listReference(symbols?: readonly string[]): Promise<ReferenceData[]>;
  upsertRates(rows: readonly RiskFreeRate[]): Promise<void>;
  listRates(): Promise<RiskFreeRate[]>;
  upsertBars(bars: readonly PriceBar[]): Promise<void>;
  /** Bars in date order, inclusive range. */
  history(symbol: string, range?: { from?: string; to?: string }): Promise<PriceBar[]>;
  /** Quotes of every instrument that is not an option (the names orders may be placed on or under). */
  listUnderlyingQuotes(): Promise<Quote[]>;
  /** Quotes of the given symbols and of every option on them (for volatility surfaces). */
  listQuotesForUnderlyings(symbols: readonly string[]): Promise<Quote[]>;
  /** The last `bars` closes per symbol up to `to` (inclusive), in date order. */
  recentHistory(symbols: readonly string[], bars: number, to?: string): Promise<Map<string, PriceBar[]>>;
  /** Every close of the symbols from `from` to `to` (inclusive), in date order per symbol. */
  historyBetween(symbols: readonly string[], range: { from: string; to: string }): Promise<Map<string, PriceBar[]>>;
  /** Symbols with history, their bar count and date span. */
  historySummary(): Promise<Array<{ symbol: string; bars: number; firstDate: string; lastDate: string }>>;
}

export interface NavHistoryStore {
  append(points: readonly NavPoint[]): Promise<void>;
  list(portfolioId: string, range?: { from?: string; to?: string; limit?: number }): Promise<NavPoint[]>;
  /**
   * The last point of each UTC day, oldest first: the `days` most recent days with a point at or
   * before `to` (all time when unset). What daily NAV measures read, however often points arrive.
   */
  dailyLast(portfolioId: string, range: { to?: string; days: number }): Promise<NavPoint[]>;
  /** The earliest point at or after `from` and before `before`, if any. */
  firstBetween(portfolioId: string, range: { from: string; before: string }): Promise<NavPoint | undefined>;
}

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly secretHash: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
}

export interface ApiKeyStore {
  insert(k: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  revoke(id: string, by: string, at: Date): Promise<boolean>;
  countActive(): Promise<number>;
}

export interface AuditFilter {
  readonly eventType?: string;
  readonly subject?: string;
  readonly actor?: string;
  readonly from?: string;
  readonly to?: string;
  readonly afterSeq?: number;
  readonly limit: number;
}

export interface AuditLog {
  /** Appends one event, chained to the previous one, inside the caller's transaction. */
  append(e: NewAuditEvent): Promise<AuditEvent>;
  /** Appends several events in order with one statement (group commit), inside the caller's transaction. */
  appendMany(events: readonly NewAuditEvent[]): Promise<AuditEvent[]>;
  list(filter: AuditFilter): Promise<AuditEvent[]>;
  /** Walks the whole chain; returns the first broken or missing link. */
  /**
   * Walks the whole chain. With an anchor (an earlier head, kept elsewhere), also fails when the
   * chain ends before the anchor (newest events deleted) or holds another hash there.
   */
  verify(anchor?: AuditAnchor): Promise<{ ok: true; events: number; headHash: string } | { ok: false; events: number; firstBreak: ChainBreak }>;
  count(): Promise<number>;
}

/** Compact per-cycle risk summary kept as history (the full report is kept only for the latest cycle). */
export interface RiskHistoryPoint { readonly portfolioId: string; readonly at: string; readonly summary: Record<string, unknown> }

export interface RiskReportStore {
  /** The report as a value, or as JSON text already serialised (JsonText). */
  saveLatest(portfolioId: string, at: string, report: unknown): Promise<void>;
  latest(portfolioId: string): Promise<{ at: string; report: unknown } | undefined>;
  appendHistory(point: RiskHistoryPoint): Promise<void>;
  /** Points in [from, to], at most `maxPoints` (evenly downsampled, keeping the last point of each bucket). */
  history(portfolioId: string, range: { from?: string; to?: string; maxPoints: number }): Promise<RiskHistoryPoint[]>;
}

export interface Stores {
  readonly portfolios: PortfolioStore;
  readonly positions: PositionStore;
  readonly marketData: MarketDataStore;
  readonly navHistory: NavHistoryStore;
  readonly apiKeys: ApiKeyStore;
  readonly audit: AuditLog;
  readonly riskReports: RiskReportStore;
  readonly limits: LimitStore;
  readonly limitOverrides: LimitOverrideStore;
  readonly tradingStates: TradingStateStore;
  readonly violations: ViolationStore;
  readonly instructions: InstructionStore;
  readonly webhooks: WebhookStore;
  readonly preTradeDecisions: PreTradeDecisionStore;
  readonly customScenarios: CustomScenarioStore;
  readonly stressTests: StressTestStore;
}

/** The system of record. `transaction` gives all-or-nothing writes: the change and its audit event. */
export interface Storage extends Stores {
  readonly kind: 'embedded' | 'postgres';
  /**
   * `synchronousCommit: false` commits without waiting for the WAL flush (PostgreSQL
   * synchronous_commit = off for this transaction): durable against a crash of this service, not
   * against a crash of the database server within its WAL writer delay.
   */
  transaction<T>(work: (tx: Stores) => Promise<T>, options?: { synchronousCommit?: boolean }): Promise<T>;
  /** Reachable and migrated. */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Turns a bearer credential into a principal, or a coded failure (UNAUTHENTICATED). */
export interface Authenticator {
  authenticate(bearer: string): Promise<import('../core/shared/result.ts').Result<import('../core/auth/role.ts').Principal>>;
  /**
   * The principal of a bearer verified moments ago (an API key in the cache), at once; undefined
   * when `authenticate` must decide. Lets the request path skip a promise for the common case.
   */
  recent?(bearer: string): import('../core/auth/role.ts').Principal | undefined;
  /** Forget cached verifications of a key (after revocation). */
  forgetKey(keyId: string): void;
}

/** Makes and checks API key secrets; keys are stored only as hashes. */
export interface ApiKeyCodec {
  generate(): { id: string; token: string; secretHash: string };
  /** Splits `rk_<id>_<secret>`; undefined when the text is not shaped like a key. */
  parse(token: string): { id: string; secret: string } | undefined;
  /** Hash of a client-chosen token (bootstrap key), or undefined if it is not a valid key token. */
  hashToken(token: string): { id: string; secretHash: string } | undefined;
  matches(secret: string, secretHash: string): boolean;
}

/** Pushes fresh risk reports to live subscribers (WebSocket clients, other instances). */
export interface RiskPublisher {
  /** `message` may carry pre-serialised parts (JsonText) at its top level. */
  publish(portfolioId: string, message: unknown): void;
  /** Whether anyone receives this portfolio's messages now (a cycle skips making what nobody reads). */
  wants(portfolioId: string): boolean;
}

/** Exports each cycle's headline numbers (Prometheus gauges in production). */
export interface RiskMetricsSink {
  record(report: Omit<import('../core/risk/risk-report.ts').RiskReport, 'positions'>, cycleSeconds: number): void;
  forget(portfolioId: string): void;
}

// ---- Limits, overrides, trading states, enforcement (issue 5) ----

/** A limit as stored: the core definition plus when it was first written. */
export interface StoredLimit extends LimitDefinition {
  readonly createdAt: string;
}

export interface LimitStore {
  /** Limits of a portfolio, by id. */
  list(portfolioId: string): Promise<StoredLimit[]>;
  /** Every portfolio's limits (to warm an in-memory gate). */
  listAll(): Promise<StoredLimit[]>;
  get(portfolioId: string, limitId: string): Promise<StoredLimit | undefined>;
  insert(l: StoredLimit): Promise<void>;
  update(l: StoredLimit): Promise<void>;
  delete(portfolioId: string, limitId: string): Promise<boolean>;
  /**
   * Increments the portfolio's limit-set version and returns it. Call it first in the transaction of
   * every change to the portfolio's limits or overrides: its row lock serialises those changes.
   */
  bumpVersion(portfolioId: string): Promise<number>;
  /** The portfolio's limit-set version; 0 when its limits were never written. */
  version(portfolioId: string): Promise<number>;
}

export type OverrideStatus = LimitOverride['status'];

/** An override with its decision and end (who approved or rejected it; who or what ended it). */
export interface LimitOverrideRecord extends LimitOverride {
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
  readonly endedBy: string | null;
  readonly endedAt: string | null;
}

export interface LimitOverrideStore {
  insert(o: LimitOverrideRecord): Promise<void>;
  get(id: string): Promise<LimitOverrideRecord | undefined>;
  /** Newest first. */
  list(portfolioId: string, filter?: { limitId?: string; status?: OverrideStatus }): Promise<LimitOverrideRecord[]>;
  update(o: LimitOverrideRecord): Promise<void>;
  /** Pending or active overrides expiring at or before `at`, across portfolios, soonest first. */
  listLapsed(at: string): Promise<LimitOverrideRecord[]>;
}

export type TradingStateKey = 'firm' | (string & {});

/** Trading state of the firm or of one portfolio; `engaged` marks a kill switch (state HALTED). */
export interface TradingStateRecord {
  readonly key: TradingStateKey;
  readonly state: TradingState;
  readonly reason: string;
  readonly changedBy: string;
  readonly changedAt: string;
  readonly engaged: boolean;
  readonly engagedBy: string | null;
  readonly engagedAt: string | null;
  readonly engagedReason: string | null;
  /** While engaged: the state before the kill switch, which releasing it returns to (null: ACTIVE). */
  readonly stateBeforeEngaged: TradingState | null;
}

export interface TradingStateStore {
  /** `lock` takes a row lock for the rest of the transaction (engage/release races). */
  get(key: TradingStateKey, opts?: { lock?: boolean }): Promise<TradingStateRecord | undefined>;
  list(): Promise<TradingStateRecord[]>;
  upsert(r: TradingStateRecord): Promise<void>;
}

export type ViolationSource = 'pre-trade' | 'monitor';

/** The numbers of a breach: metric values in the limit's unit; utilisation = projected (or current) / limit. */
export interface ViolationMetric {
  readonly current: number | null;
  readonly projected: number | null;
  readonly limit: number;
  readonly utilisation: number | null;
}

export interface LimitViolation {
  readonly id: string;
  readonly portfolioId: string;
  readonly limitId: string;
  readonly limitType: string;
  readonly scope: LimitScope;
  readonly source: ViolationSource;
  readonly detectedAt: string;
  readonly metric: ViolationMetric;
  /** The enforcement applied: an EnforcementAction, or e.g. 'order-rejected'. */
  readonly actionTaken: string;
  readonly instructionIds: readonly string[];
  /** Free-form facts (clientOrderId, snapshot time, ...). */
  readonly context: Readonly<Record<string, unknown>>;
  readonly resolvedAt: string | null;
}

export interface ViolationFilter {
  readonly from?: string;
  readonly to?: string;
  readonly limitId?: string;
  readonly limit: number;
}

export interface ViolationStore {
  insert(v: LimitViolation): Promise<void>;
  /** All in one statement per chunk (the pre-trade journal's batches). */
  insertMany(vs: readonly LimitViolation[]): Promise<void>;
  get(id: string): Promise<LimitViolation | undefined>;
  /** Newest first. */
  list(portfolioId: string, filter: ViolationFilter): Promise<LimitViolation[]>;
  /** Not yet resolved, oldest first. */
  listOpen(portfolioId: string): Promise<LimitViolation[]>;
  addInstructions(id: string, instructionIds: readonly string[]): Promise<void>;
  resolve(id: string, at: string): Promise<boolean>;
}

export type InstructionStatus = 'pending' | 'acknowledged' | 'rejected' | 'expired';

/** An order the execution system is asked to place to bring a scope back under its limit. */
export interface InstructionRecord {
  readonly id: string;
  readonly portfolioId: string;
  readonly limitId: string | null;
  readonly violationId: string | null;
  readonly instrumentKey: string;
  readonly side: 'buy' | 'sell';
  /** Positive: shares or contracts. */
  readonly quantity: number;
  readonly strategyGroupId: string | null;
  readonly reason: string;
  readonly status: InstructionStatus;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly note: string | null;
  /** Deliveries to the execution webhooks tried so far (each tries every active webhook). */
  readonly deliveryAttempts: number;
  /** When a delivery reached every active webhook; null until then. */
  readonly deliveredAt: string | null;
  /** When the next delivery is due (null: delivered, or no longer pending). */
  readonly nextDeliveryAt: string | null;
  readonly lastDeliveryError: string | null;
}

/** The outcome of one delivery attempt, for recordDelivery. */
export interface DeliveryRecord {
  readonly at: string;
  readonly delivered: boolean;
  readonly error: string | null;
  /** When to try again (null when delivered). */
  readonly nextAt: string | null;
}

export interface InstructionStore {
  insertMany(rows: readonly InstructionRecord[]): Promise<void>;
  get(id: string): Promise<InstructionRecord | undefined>;
  /** Newest first. */
  list(filter: { portfolioId?: string; status?: InstructionStatus; violationIds?: readonly string[]; limit: number }): Promise<InstructionRecord[]>;
  update(i: InstructionRecord): Promise<void>;
  /** Pending instructions whose next delivery is due at `at`, soonest first. */
  listDueForDelivery(at: string, limit: number): Promise<InstructionRecord[]>;
  /** Pending instructions created before `at` (past their time to live), oldest first. */
  listPendingCreatedBefore(at: string, limit: number): Promise<InstructionRecord[]>;
  /** Counts one delivery attempt of each instruction still pending (and only of those): its outcome and next due time. */
  recordDelivery(ids: readonly string[], d: DeliveryRecord): Promise<void>;
}

export interface ExecutionWebhook {
  readonly id: string;
  readonly url: string;
  /** HMAC signing key of deliveries; never returned by the API after creation. */
  readonly secret: string;
  readonly active: boolean;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly deactivatedBy: string | null;
  readonly deactivatedAt: string | null;
}

export interface WebhookStore {
  insert(w: ExecutionWebhook): Promise<void>;
  get(id: string): Promise<ExecutionWebhook | undefined>;
  list(opts?: { activeOnly?: boolean }): Promise<ExecutionWebhook[]>;
  deactivate(id: string, by: string, at: string): Promise<boolean>;
}

/** The idempotency and audit record of one pre-trade decision. */
export interface PreTradeDecisionRecord {
  readonly portfolioId: string;
  readonly clientOrderId: string;
  /** Hash of the canonical request: a repeated clientOrderId with a different body is detectable. */
  readonly requestHash: string;
  readonly decision: unknown;
  readonly limitsVersion: number;
  readonly decidedAt: string;
}

export interface PreTradeDecisionStore {
  /** Inserts in one statement per chunk; an existing (portfolioId, clientOrderId) is kept. Returns the keys inserted. */
  insertMany(rows: readonly PreTradeDecisionRecord[]): Promise<Array<{ portfolioId: string; clientOrderId: string }>>;
  get(portfolioId: string, clientOrderId: string): Promise<PreTradeDecisionRecord | undefined>;
  /** Newest first. */
  list(portfolioId: string, range: { from?: string; to?: string; limit: number }): Promise<PreTradeDecisionRecord[]>;
}

/** A portfolio's own scenario definition (core/stress ScenarioDefinition, stored as data). */
export interface StoredScenario {
  readonly portfolioId: string;
  readonly id: string;
  readonly definition: ScenarioDefinition;
  readonly version: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CustomScenarioStore {
  list(portfolioId: string): Promise<StoredScenario[]>;
  get(portfolioId: string, id: string): Promise<StoredScenario | undefined>;
  insert(s: StoredScenario): Promise<void>;
  /** Replaces the definition when the stored version is `expectedVersion`; false when it is not (or gone). */
  update(s: StoredScenario, expectedVersion: number): Promise<boolean>;
  delete(portfolioId: string, id: string): Promise<boolean>;
}

/** One row per scenario of a stored test, for the history list. */
export interface StressTestSummaryRow {
  readonly scenarioId: string;
  readonly name: string;
  readonly type: string;
  readonly severity: string;
  /** null when the scenario failed (its error is in the full results). */
  readonly pnlAmount: number | null;
  readonly pnlFraction: number | null;
  readonly breachCount: number | null;
}

export interface StressTestRecord {
  readonly id: string;
  readonly portfolioId: string;
  readonly runAt: string;
  readonly runBy: string;
  readonly valuationDate: string | null;
  readonly request: unknown;
  readonly summary: readonly StressTestSummaryRow[];
  /** The full response as returned when the test ran. */
  readonly results: unknown;
}

export interface StressTestStore {
  insert(r: StressTestRecord): Promise<void>;
  get(portfolioId: string, id: string): Promise<StressTestRecord | undefined>;
  /** Newest first, without `results`. */
  list(portfolioId: string, range: { from?: string; to?: string; limit: number }): Promise<Omit<StressTestRecord, 'results'>[]>;
}

/** A data set of daily closes shipped with the service, for day-by-day historical replays. */
export type ReplayDataset = NonNullable<ReplaySource['ownHistory']>['dataset'];

export interface ReplayDataSource {
  /** The data set's closes (one column per symbol), or null when it is not available. */
  load(dataset: ReplayDataset): Promise<PriceHistory | null>;
}

/**
 * A local append-only log of pre-trade decision records, written before approvals are returned
 * when the write-ahead journal is on (ADR 0005). Lines are JSON texts.
 */
export interface DecisionWriteAheadLog {
  /**
   * Appends the lines in one write (and an fdatasync in fsync mode); throws when it cannot.
   * Returns the segment the lines went to (see release).
   */
  append(lines: readonly string[]): number;
  /** `count` lines appended to `segment` are in the database; the log drops what is all there. */
  release(segment: number, count: number): void;
  /** Everything in the log is in the database (after a replay): the log may be emptied. */
  clear(): void;
  /** Lines left by an earlier run, not known to be in the database. */
  readPending(): string[];
  close(): void;
}

/** Sends enforcement instructions to the execution system (webhooks it registered). */
/**
 * Sends enforcement instructions to every active execution webhook (one attempt each). Resolves
 * with the outcome and never rejects; deliverInstructions records it and schedules retries.
 */
export interface InstructionDispatcher {
  dispatch(portfolioId: string, instructions: readonly InstructionRecord[], violation: LimitViolation | null): Promise<{ delivered: boolean; error: string | null }>;
}
