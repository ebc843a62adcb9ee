-- Short access tokens with a rotating refresh token, revocation, and the sign-in they came from.
-- A "family" is one sign-in and every rotation of it: a refresh token used twice means a copy
-- was stolen, and the whole family is revoked.
ALTER TABLE sessions ADD COLUMN family_id text;
ALTER TABLE sessions ADD COLUMN refresh_hash text;
ALTER TABLE sessions ADD COLUMN refresh_expires_at timestamptz;
ALTER TABLE sessions ADD COLUMN authenticated_at timestamptz;
ALTER TABLE sessions ADD COLUMN revoked_at timestamptz;
ALTER TABLE sessions ADD COLUMN revoked_reason text;
UPDATE sessions SET family_id = token_hash, authenticated_at = created_at, revoked_at = created_at, revoked_reason = 'upgraded';
CREATE UNIQUE INDEX sessions_refresh ON sessions (refresh_hash);
CREATE INDEX sessions_family ON sessions (family_id);

-- Failed sign-ins per user name (known or not) and per source address, for lockout.
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);

-- The second factor: a TOTP secret per agent (pending until a first code confirms it) and the
-- SHA-256 of each unused recovery code.
CREATE TABLE mfa_enrolments (
  agent_id text PRIMARY KEY REFERENCES agents (id),
  secret text NOT NULL,
  confirmed_at timestamptz,
  recovery_hashes text[] NOT NULL DEFAULT '{}'
);

-- Every sign-in decision, for the security team (lockouts, refusals, sign-outs, sessions ended).
CREATE TABLE auth_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  event text NOT NULL,
  username text,
  agent_id text,
  address text,
  detail text
);
CREATE INDEX auth_audit_at ON auth_audit (at);
