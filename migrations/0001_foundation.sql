-- Foundation schema: portfolios, positions, market data, NAV history, API keys, audit trail.
-- One dialect (PostgreSQL 15 / PGlite); applied in order at start-up by src/adapters/postgres/migrate.ts.

CREATE TABLE portfolios (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  base_currency    text NOT NULL,
  cash             double precision NOT NULL,
  benchmark_symbol text,
  status           text NOT NULL CHECK (status IN ('active', 'inactive', 'closed')),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL
);

CREATE TABLE positions (
  portfolio_id      text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  position_id       text NOT NULL,
  instrument_key    text NOT NULL,
  instrument        jsonb NOT NULL,
  quantity          double precision NOT NULL,
  average_cost      double precision NOT NULL,
  sector            text,
  strategy          text,
  tags              jsonb NOT NULL DEFAULT '[]',
  strategy_group_id text,
  opened_at         timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, position_id)
);
CREATE INDEX positions_instrument_key ON positions (instrument_key);

CREATE TABLE quotes (
  instrument_key     text PRIMARY KEY,
  instrument         jsonb NOT NULL,
  last               double precision NOT NULL,
  bid                double precision,
  ask                double precision,
  implied_volatility double precision,
  quote_time         timestamptz NOT NULL,
  received_at        timestamptz NOT NULL
);

CREATE TABLE reference_data (
  symbol               text PRIMARY KEY,
  instrument_type      text NOT NULL,
  sector               text,
  average_daily_volume double precision,
  dividend_yield       double precision,
  beta                 double precision,
  currency             text,
  updated_at           timestamptz NOT NULL
);

CREATE TABLE rates (
  currency   text PRIMARY KEY,
  rate       double precision NOT NULL,
  as_of      timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE price_history (
  symbol text NOT NULL,
  date   date NOT NULL,
  close  double precision NOT NULL CHECK (close > 0),
  PRIMARY KEY (symbol, date)
);

CREATE TABLE nav_history (
  portfolio_id text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  nav          double precision NOT NULL,
  cash         double precision,
  market_value double precision,
  source       text NOT NULL,
  PRIMARY KEY (portfolio_id, at)
);

CREATE TABLE api_keys (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('viewer', 'trader', 'risk_manager', 'admin')),
  secret_hash  text NOT NULL,
  created_at   timestamptz NOT NULL,
  created_by   text NOT NULL,
  revoked_at   timestamptz,
  revoked_by   text
);

CREATE TABLE audit_events (
  seq         bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  actor       text NOT NULL,
  event_type  text NOT NULL,
  subject     text NOT NULL,
  payload     jsonb NOT NULL,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
CREATE INDEX audit_events_type ON audit_events (event_type, seq);

-- The audit trail is append-only: the database itself refuses UPDATE and DELETE.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
