-- Every attempt to see a masked value in full, granted or not: who, whose, what, why, on which case.
-- Rows are only ever inserted; the value itself is never written here.
CREATE TABLE sensitive_access_audit (
  audit_id uuid PRIMARY KEY,
  agent_id text NOT NULL REFERENCES agents (id),
  customer_id text NOT NULL,
  field text NOT NULL,
  target_id text NOT NULL,
  case_id text NOT NULL,
  reason text NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('revealed', 'denied', 'not_available')),
  at timestamptz NOT NULL
);
CREATE INDEX sensitive_access_audit_customer ON sensitive_access_audit (customer_id, at);
CREATE INDEX sensitive_access_audit_agent ON sensitive_access_audit (agent_id, at);
