-- A kill switch halts whatever state the firm or portfolio was in; releasing it returns to that
-- state (REDUCE_ONLY stays REDUCE_ONLY, a HALTED set by a person stays HALTED), not to ACTIVE.
ALTER TABLE trading_states ADD COLUMN state_before_engaged text
  CHECK (state_before_engaged IS NULL OR state_before_engaged IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED'));
