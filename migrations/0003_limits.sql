-- Limits, overrides, trading states and the kill switch, violations, enforcement instructions,
-- execution webhooks and pre-trade decisions (issue 5).

CREATE TABLE limits (
  portfolio_id   text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  id             text NOT NULL,
  type           text NOT NULL,
  scope          jsonb NOT NULL,
  value          jsonb NOT NULL,
  warning_levels jsonb NOT NULL DEFAULT '[0.8, 0.95]',
  action         text NOT NULL CHECK (action IN ('alert', 'block-new', 'reduce', 'close', 'emergency-stop')),
  active         boolean NOT NULL,
  description    text NOT NULL DEFAULT '',
  params         jsonb NOT NULL DEFAULT '{}',
  version        integer NOT NULL CHECK (version >= 1),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, id)
);

-- One counter per portfolio, bumped in the same transaction as any change to its limits or their
-- overrides: the "limits version" recorded with each pre-trade decision. It never goes down, even
-- when a limit is deleted (a max over limits.version would).
CREATE TABLE limit_set_versions (
  portfolio_id text PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
  version      bigint NOT NULL CHECK (version >= 1)
);

CREATE TABLE limit_overrides (
  id           text PRIMARY KEY,
  portfolio_id text NOT NULL,
  limit_id     text NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('raise', 'suspend')),
  amount       double precision,
  reason       text NOT NULL,
  requested_by text NOT NULL,
  approved_by  text,
  status       text NOT NULL CHECK (status IN ('pending', 'active', 'rejected', 'expired', 'revoked')),
  expires_at   timestamptz NOT NULL,
  created_at   timestamptz NOT NULL,
  decided_by   text,
  decided_at   timestamptz,
  decision_note text,
  ended_by     text,
  ended_at     timestamptz,
  CHECK ((kind = 'raise') = (amount IS NOT NULL)),
  CHECK (approved_by IS NULL OR approved_by <> requested_by),
  FOREIGN KEY (portfolio_id, limit_id) REFERENCES limits(portfolio_id, id) ON DELETE CASCADE
);
CREATE INDEX limit_overrides_portfolio ON limit_overrides (portfolio_id, created_at);
CREATE INDEX limit_overrides_open ON limit_overrides (expires_at) WHERE status IN ('pending', 'active');

-- key: 'firm' or a portfolio id. The kill switch is a HALTED state that only a second person releases.
CREATE TABLE trading_states (
  key            text PRIMARY KEY,
  portfolio_id   text REFERENCES portfolios(id) ON DELETE CASCADE,
  state          text NOT NULL CHECK (state IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
  reason         text NOT NULL,
  changed_by     text NOT NULL,
  changed_at     timestamptz NOT NULL,
  engaged        boolean NOT NULL DEFAULT false,
  engaged_by     text,
  engaged_at     timestamptz,
  engaged_reason text,
  CHECK ((key = 'firm' AND portfolio_id IS NULL) OR (key <> 'firm' AND portfolio_id = key)),
  CHECK (NOT engaged OR (state = 'HALTED' AND engaged_by IS NOT NULL AND engaged_at IS NOT NULL))
);

CREATE TABLE limit_violations (
  id              text PRIMARY KEY,
  portfolio_id    text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  -- no foreign key: the history outlives a deleted limit
  limit_id        text NOT NULL,
  limit_type      text NOT NULL,
  scope           jsonb NOT NULL,
  source          text NOT NULL CHECK (source IN ('pre-trade', 'monitor')),
  detected_at     timestamptz NOT NULL,
  metric          jsonb NOT NULL,
  action_taken    text NOT NULL,
  instruction_ids jsonb NOT NULL DEFAULT '[]',
  context         jsonb NOT NULL DEFAULT '{}',
  resolved_at     timestamptz
);
CREATE INDEX limit_violations_portfolio ON limit_violations (portfolio_id, detected_at);

CREATE TABLE enforcement_instructions (
  id                text PRIMARY KEY,
  portfolio_id      text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  limit_id          text,
  violation_id      text REFERENCES limit_violations(id) ON DELETE SET NULL,
  instrument_key    text NOT NULL,
  side              text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity          double precision NOT NULL CHECK (quantity > 0),
  strategy_group_id text,
  reason            text NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'acknowledged', 'rejected', 'expired')),
  created_at        timestamptz NOT NULL,
  acknowledged_at   timestamptz,
  acknowledged_by   text,
  note              text
);
CREATE INDEX enforcement_instructions_portfolio ON enforcement_instructions (portfolio_id, created_at);
CREATE INDEX enforcement_instructions_violation ON enforcement_instructions (violation_id);
CREATE INDEX enforcement_instructions_pending ON enforcement_instructions (created_at) WHERE status = 'pending';

-- The secret signs each delivery (HMAC); it is kept in clear because signing needs it, and is
-- shown to the registering client once.
CREATE TABLE execution_webhooks (
  id         text PRIMARY KEY,
  url        text NOT NULL,
  secret     text NOT NULL,
  active     boolean NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  deactivated_by text,
  deactivated_at timestamptz
);

-- One row per (portfolio, clientOrderId): the idempotency record of the pre-trade gate. No foreign
-- key: a rejection for an unknown portfolio is recorded too.
CREATE TABLE pre_trade_decisions (
  portfolio_id    text NOT NULL,
  client_order_id text NOT NULL,
  request_hash    text NOT NULL,
  decision        jsonb NOT NULL,
  limits_version  bigint NOT NULL,
  decided_at      timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, client_order_id)
);
CREATE INDEX pre_trade_decisions_time ON pre_trade_decisions (decided_at);
