-- Contact-centre facts from the telephony connector (POST /v1/telephony/facts): one row per
-- fact, only ever inserted. fact_id is the connector's idempotency key, so a retried batch
-- records each fact once. Every queue KPI (ASA, service level, abandonment, AHT, occupancy,
-- offered volume per interval) is computed from these rows, never kept as a counter.
CREATE TABLE telephony_facts (
  fact_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('contact.offered', 'contact.answered', 'contact.abandoned', 'contact.handled', 'agent.state')),
  at timestamptz NOT NULL,
  contact_id text,
  agent_id text,
  channel text,
  queue text,
  body jsonb NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX telephony_facts_at ON telephony_facts (at);
CREATE INDEX telephony_facts_contact ON telephony_facts (contact_id) WHERE contact_id IS NOT NULL;

-- Supervision records (QA samples drawn with their seed, evaluations, corrective-action plans,
-- calibration sessions): events too, appended in order, folded into the QA views and KPIs.
-- id is the client's idempotency key; subject_id groups a sample, an evaluation or a session.
CREATE TABLE supervision_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  subject_id text NOT NULL,
  actor_id text NOT NULL,
  body jsonb NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX supervision_events_subject ON supervision_events (subject_id, seq);
CREATE INDEX supervision_events_type ON supervision_events (type, recorded_at);
