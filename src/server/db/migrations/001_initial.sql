-- Agents sign in with a user name; passwords are stored only as salted scrypt hashes.
CREATE TABLE agents (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL,
  team_id text NOT NULL,
  branch_id text,
  time_zone text NOT NULL,
  password_hash text NOT NULL
);

-- Only a SHA-256 of each bearer token is kept, so a copy of this table cannot be replayed.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  agent_id text NOT NULL REFERENCES agents (id),
  device_id text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);

CREATE TABLE customers (
  id text PRIMARY KEY,
  full_name text NOT NULL,
  tier text NOT NULL,
  segment text NOT NULL,
  phone text NOT NULL,
  email text NOT NULL,
  branch_id text NOT NULL,
  customer_since date NOT NULL
);
CREATE INDEX customers_phone ON customers (phone);
CREATE INDEX customers_email ON customers (lower(email));
CREATE INDEX customers_name ON customers (lower(full_name) text_pattern_ops);

-- The full account number never leaves the service; the API answers with masked_number.
CREATE TABLE accounts (
  id text PRIMARY KEY,
  customer_id text NOT NULL REFERENCES customers (id),
  kind text NOT NULL,
  account_number text NOT NULL UNIQUE,
  masked_number text NOT NULL,
  last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  balance_cents bigint NOT NULL,
  pending_cents bigint NOT NULL,
  pending_count integer NOT NULL,
  currency text NOT NULL,
  opened_on date NOT NULL
);
CREATE INDEX accounts_customer ON accounts (customer_id);
CREATE INDEX accounts_last4 ON accounts (last4);

-- PCI DSS: card transactions keep the last 4 digits only; the check makes a full PAN unstorable.
CREATE TABLE transactions (
  id text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id),
  customer_id text NOT NULL REFERENCES customers (id),
  posted_at timestamptz NOT NULL,
  description text NOT NULL,
  amount_cents bigint NOT NULL,
  status text NOT NULL,
  card_last4 text CHECK (card_last4 ~ '^[0-9]{4}$')
);
CREATE INDEX transactions_customer_recent ON transactions (customer_id, posted_at DESC, id DESC);
CREATE INDEX transactions_card_last4 ON transactions (card_last4) WHERE card_last4 IS NOT NULL;

-- The event log is the source of truth for cases; seq is the order every replica folds in.
CREATE TABLE case_events (
  seq bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  case_id text NOT NULL,
  type text NOT NULL,
  actor_id text NOT NULL,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, seq);

-- Folded state of each case, rewritten in the same transaction as the events it folds.
CREATE TABLE cases (
  case_id text PRIMARY KEY,
  state jsonb NOT NULL,
  owner_id text NOT NULL,
  status text NOT NULL,
  customer_id text,
  last_seq bigint NOT NULL
);
CREATE INDEX cases_customer ON cases (customer_id);
CREATE INDEX cases_owner_status ON cases (owner_id, status);

-- The single row whose lock orders event writers (see sync/applyCaseEvents.ts).
CREATE TABLE sync_counter (
  id smallint PRIMARY KEY CHECK (id = 1),
  value bigint NOT NULL
);
INSERT INTO sync_counter (id, value) VALUES (1, 0);
