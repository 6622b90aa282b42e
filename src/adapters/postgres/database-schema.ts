import type { ColumnType, Generated } from 'kysely';

/** Row types of the tables in migrations/*.sql, as Kysely sees them. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** int8 arrives as string (pg) or bigint (PGlite); adapters convert with Number(). */
type Int8 = ColumnType<string | bigint | number, number, number>;

export interface PortfoliosTable {
  id: string; name: string; base_currency: string; cash: number; benchmark_symbol: string | null;
  status: string; created_at: Timestamp; updated_at: Timestamp;
}
export interface PositionsTable {
  portfolio_id: string; position_id: string; instrument_key: string; instrument: Json<unknown>;
  quantity: number; average_cost: number; sector: string | null; strategy: string | null;
  tags: Json<string[]>; strategy_group_id: string | null; opened_at: Timestamp; updated_at: Timestamp;
}
export interface QuotesTable {
  instrument_key: string; instrument: Json<unknown>; last: number; bid: number | null; ask: number | null;
  implied_volatility: number | null; quote_time: Timestamp; received_at: Timestamp;
}
export interface ReferenceDataTable {
  symbol: string; instrument_type: string; sector: string | null; average_daily_volume: number | null;
  dividend_yield: number | null; beta: number | null; currency: string | null; updated_at: Timestamp;
}
export interface RatesTable { currency: string; rate: number; as_of: Timestamp; updated_at: Timestamp }
export interface PriceHistoryTable { symbol: string; date: ColumnType<string, string, string>; close: number }
export interface NavHistoryTable {
  portfolio_id: string; at: Timestamp; nav: number; cash: number | null; market_value: number | null; source: string;
}
export interface ApiKeysTable {
  id: string; name: string; role: string; secret_hash: string; created_at: Timestamp; created_by: string;
  revoked_at: Timestamp | null; revoked_by: string | null;
}
export interface AuditEventsTable {
  seq: Int8; occurred_at: Timestamp; actor: string; event_type: string; subject: string;
  payload: Json<unknown>; prev_hash: string; hash: string;
}
export interface RiskReportsLatestTable { portfolio_id: string; at: Timestamp; report: Json<unknown> }
export interface RiskHistoryTable { portfolio_id: string; at: Timestamp; summary: Json<unknown> }
export interface LimitsTable {
  portfolio_id: string; id: string; type: string; scope: Json<unknown>; value: Json<unknown>; warning_levels: Json<number[]>;
  action: string; active: boolean; description: string; params: Json<Record<string, unknown>>; version: number;
  created_at: Timestamp; updated_at: Timestamp;
}
export interface LimitSetVersionsTable { portfolio_id: string; version: Int8 }
export interface LimitOverridesTable {
  id: string; portfolio_id: string; limit_id: string; kind: string; amount: number | null; reason: string;
  requested_by: string; approved_by: string | null; status: string; expires_at: Timestamp; created_at: Timestamp;
  decided_by: string | null; decided_at: Timestamp | null; decision_note: string | null; ended_by: string | null; ended_at: Timestamp | null;
}
export interface TradingStatesTable {
  key: string; portfolio_id: string | null; state: string; reason: string; changed_by: string; changed_at: Timestamp;
  engaged: boolean; engaged_by: string | null; engaged_at: Timestamp | null; engaged_reason: string | null;
  state_before_engaged: string | null;
}
export interface LimitViolationsTable {
  id: string; portfolio_id: string; limit_id: string; limit_type: string; scope: Json<unknown>; source: string;
  detected_at: Timestamp; metric: Json<unknown>; action_taken: string; instruction_ids: Json<string[]>;
  context: Json<Record<string, unknown>>; resolved_at: Timestamp | null;
}
export interface EnforcementInstructionsTable {
  id: string; portfolio_id: string; limit_id: string | null; violation_id: string | null; instrument_key: string;
  side: string; quantity: number; strategy_group_id: string | null; reason: string; status: string; created_at: Timestamp;
  acknowledged_at: Timestamp | null; acknowledged_by: string | null; note: string | null;
  delivery_attempts: Generated<number>; delivered_at: Timestamp | null; next_delivery_at: Timestamp | null; last_delivery_error: string | null;
}
export interface ExecutionWebhooksTable {
  id: string; url: string; secret: string; active: boolean; created_by: string; created_at: Timestamp;
  deactivated_by: string | null; deactivated_at: Timestamp | null;
}
export interface PreTradeDecisionsTable {
  portfolio_id: string; client_order_id: string; request_hash: string; decision: Json<unknown>; limits_version: Int8; decided_at: Timestamp;
}
export interface CustomScenariosTable {
  portfolio_id: string; id: string; definition: Json<unknown>; version: number; created_by: string; created_at: Timestamp; updated_at: Timestamp;
}
export interface StressTestsTable {
  id: string; seq: Generated<Int8>; portfolio_id: string; run_at: Timestamp; run_by: string; valuation_date: string | null;
  request: Json<unknown>; summary: Json<unknown>; results: Json<unknown>;
}
export interface SchemaMigrationsTable { name: string; applied_at: Timestamp }

export interface DatabaseSchema {
  portfolios: PortfoliosTable;
  positions: PositionsTable;
  quotes: QuotesTable;
  reference_data: ReferenceDataTable;
  rates: RatesTable;
  price_history: PriceHistoryTable;
  nav_history: NavHistoryTable;
  api_keys: ApiKeysTable;
  audit_events: AuditEventsTable;
  schema_migrations: SchemaMigrationsTable;
  risk_reports_latest: RiskReportsLatestTable;
  risk_history: RiskHistoryTable;
  limits: LimitsTable;
  limit_set_versions: LimitSetVersionsTable;
  limit_overrides: LimitOverridesTable;
  trading_states: TradingStatesTable;
  limit_violations: LimitViolationsTable;
  enforcement_instructions: EnforcementInstructionsTable;
  execution_webhooks: ExecutionWebhooksTable;
  pre_trade_decisions: PreTradeDecisionsTable;
  custom_scenarios: CustomScenariosTable;
  stress_tests: StressTestsTable;
}
