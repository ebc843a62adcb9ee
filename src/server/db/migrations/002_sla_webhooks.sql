-- Outgoing webhooks (SLA breaches, warnings and automatic escalations), written in the same
-- transaction as the escalation event they announce, so neither exists without the other.
-- The id is deterministic per fact (see src/server/sla/slaNotifications.ts), which is also how
-- "notify once" survives restarts and several service instances: a second insert conflicts.
-- body is the exact JSON that is signed and sent; it never changes after insertion.
CREATE TABLE webhook_events (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  case_id text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX webhook_events_case ON webhook_events (case_id);

-- One row per event and endpoint. Endpoint secrets are configuration, never stored here.
-- next_attempt_at is also the lease of a claimed delivery: a sender that dies mid-request
-- leaves it due again once the lease passes.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES webhook_events (id),
  endpoint_url text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (event_id, endpoint_url)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (created_at DESC);

-- Every HTTP attempt, for the delivery log (GET /v1/webhooks/deliveries).
CREATE TABLE webhook_attempts (
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (id),
  attempt integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  status_code integer,
  error text,
  duration_ms integer NOT NULL,
  next_attempt_at timestamptz,
  PRIMARY KEY (delivery_id, attempt)
);
