-- Every answer that carried a customer's details, like sensitive_access_audit records every reveal:
-- who asked, whose details, through which route, for which contact or case, masked or in full.
CREATE TABLE customer_lookup_audit (
  audit_id uuid PRIMARY KEY,
  agent_id text NOT NULL REFERENCES agents (id),
  customer_id text NOT NULL,
  via text NOT NULL CHECK (via IN ('search', 'batch', 'pop_lookup', 'working_set')),
  case_id text,
  contact_id text,
  masked boolean NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX customer_lookup_audit_customer ON customer_lookup_audit (customer_id, at);
CREATE INDEX customer_lookup_audit_agent ON customer_lookup_audit (agent_id, at);

-- The customers each agent popped or searched, newest time only: scoped sync keeps their cases
-- on that agent's desktop for the roles file's poppedCustomerHours.
CREATE TABLE customer_lookups (
  agent_id text NOT NULL,
  customer_id text NOT NULL,
  last_looked_up_at timestamptz NOT NULL,
  PRIMARY KEY (agent_id, customer_id)
);
CREATE INDEX customer_lookups_recent ON customer_lookups (agent_id, last_looked_up_at);

-- The key a desktop's exact-match digests are made with: issued by the service per session, never
-- chosen by the client, replaced every digestKeyHours (resources/customer-lookups.json): one key per
-- session and period (epoch = service time / period), so concurrent requests agree on it.
CREATE TABLE screenpop_digest_keys (
  key_id uuid PRIMARY KEY,
  session_token_hash text NOT NULL,
  epoch bigint NOT NULL,
  agent_id text NOT NULL REFERENCES agents (id),
  device_id text NOT NULL,
  digest_key text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX screenpop_digest_keys_session ON screenpop_digest_keys (session_token_hash, epoch);
