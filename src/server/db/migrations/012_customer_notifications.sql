-- How each customer wants to hear about their cases: e-mail, SMS, both, or not at all (no consent).
ALTER TABLE customers ADD COLUMN notify_via text NOT NULL DEFAULT 'email'
  CHECK (notify_via IN ('email', 'sms', 'email_and_sms', 'none'));

-- Customer notifications (src/server/notifications): written in the same transaction as the case
-- event that calls for them, one row per event and channel, so a re-pushed event (deduplicated
-- anyway) can never make a second message. The message is rendered when queued and never changes;
-- recipient is the address it goes to (answered masked, never in full).
-- next_attempt_at is also the lease of a claimed row: a sender that dies mid-send leaves it due
-- again once the lease passes. Rows are claimed FOR UPDATE SKIP LOCKED by any service instance.
CREATE TABLE customer_notifications (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL,
  case_id text NOT NULL,
  customer_id text NOT NULL,
  notice text NOT NULL,
  status_text text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  subject text,
  body text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'retrying', 'sent', 'failed', 'not_configured')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (event_id, channel)
);
CREATE INDEX customer_notifications_due ON customer_notifications (next_attempt_at) WHERE state IN ('queued', 'retrying');
CREATE INDEX customer_notifications_case ON customer_notifications (case_id, created_at);
