-- What each person is trained for (fraud, disputes, aml, senior, …): queues and restricted case
-- types name the skills they need (resources/queues.json, resources/roles.json).
ALTER TABLE agents ADD COLUMN skills text[] NOT NULL DEFAULT '{}';

-- Cases live in queues; an unassigned case (owner_id NULL) waits in its queue for someone to take it.
ALTER TABLE cases ALTER COLUMN owner_id DROP NOT NULL;
ALTER TABLE cases ADD COLUMN queue_id text;
CREATE INDEX cases_queue_status ON cases (queue_id, status);
