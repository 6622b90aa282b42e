-- Stress testing (issue 6): custom scenarios per portfolio, and every stress test run with its results.

CREATE TABLE custom_scenarios (
  portfolio_id text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  id           text NOT NULL,
  definition   jsonb NOT NULL,
  version      integer NOT NULL CHECK (version >= 1),
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (portfolio_id, id)
);

-- summary: one row per scenario (id, name, type, severity, P&L amount and fraction, breach count), for
-- the history list; results: the full response as returned when the test ran.
CREATE TABLE stress_tests (
  id            text PRIMARY KEY,
  -- insertion order, to list tests run within the same millisecond in the order they ran
  seq           bigint GENERATED ALWAYS AS IDENTITY,
  portfolio_id  text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  run_at        timestamptz NOT NULL,
  run_by        text NOT NULL,
  valuation_date text,
  request       jsonb NOT NULL,
  summary       jsonb NOT NULL,
  results       jsonb NOT NULL
);
CREATE INDEX stress_tests_portfolio ON stress_tests (portfolio_id, run_at DESC, seq DESC);
