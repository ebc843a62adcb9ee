-- Facts the case policy and scoped sync need that no earlier table held (#9).

-- A member of staff's own accounts: their cases are restricted work (resources/roles.json).
ALTER TABLE customers ADD COLUMN staff boolean NOT NULL DEFAULT false;

-- Customers an agent looked up live in customer_lookups (migration 010, written by the look-up routes).

-- Contacts recorded apart from any case (streams CT-…), folded like cases, in the same
-- transaction as their events.
CREATE TABLE contacts (
  contact_id text PRIMARY KEY,
  state jsonb NOT NULL,
  agent_id text NOT NULL,
  customer_id text,
  last_seq bigint NOT NULL
);
CREATE INDEX contacts_agent ON contacts (agent_id);

-- Which streams each desktop (agent + device) holds, so a pull can send a stream that entered
-- its scope from its first event and tell it to drop one that left. A change is resent until a
-- later pull proves the desktop stored the answer that carried it (see sync/scopedPull.ts).
CREATE TABLE desktop_scope (
  agent_id text NOT NULL,
  device_id text NOT NULL,
  stream_id text NOT NULL,
  state text NOT NULL CHECK (state IN ('entering', 'held', 'leaving')),
  issued_after bigint NOT NULL,
  issued_cursor bigint NOT NULL,
  PRIMARY KEY (agent_id, device_id, stream_id)
);
