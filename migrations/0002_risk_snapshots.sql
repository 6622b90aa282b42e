-- Risk monitoring: the latest full report per portfolio, and a compact history of each cycle.
CREATE TABLE risk_reports_latest (
  portfolio_id text PRIMARY KEY REFERENCES portfolios(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  report       jsonb NOT NULL
);

CREATE TABLE risk_history (
  portfolio_id text NOT NULL REFERENCES portfolios(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL,
  summary      jsonb NOT NULL,
  PRIMARY KEY (portfolio_id, at)
);
