-- When each sign-in was last used (touched at most once a minute by an authenticated request), so a
-- supervisor or administrator sees which sessions are live before ending them.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
CREATE INDEX sessions_live ON sessions (agent_id) WHERE revoked_at IS NULL;

-- RFC 6238 §5.2: a TOTP code is accepted once. The time step of the last code accepted for each
-- agent; a sign-in must present a later one (compare-and-set in one UPDATE).
ALTER TABLE mfa_enrolments ADD COLUMN last_totp_step bigint;
