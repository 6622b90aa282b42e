-- Delivery of enforcement instructions to the execution webhooks is tracked per instruction and
-- retried with backoff until it succeeds or the instruction is no longer pending (acknowledged,
-- rejected, or expired after its time to live). Deliveries are at least once: receivers
-- deduplicate by instruction id.
ALTER TABLE enforcement_instructions ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE enforcement_instructions ADD COLUMN delivered_at timestamptz;
ALTER TABLE enforcement_instructions ADD COLUMN next_delivery_at timestamptz;
ALTER TABLE enforcement_instructions ADD COLUMN last_delivery_error text;
UPDATE enforcement_instructions SET next_delivery_at = created_at WHERE status = 'pending';
CREATE INDEX enforcement_instructions_delivery_due ON enforcement_instructions (next_delivery_at) WHERE next_delivery_at IS NOT NULL;
