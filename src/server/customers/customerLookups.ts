import type { Queryable } from '../db/database';
import { notifyAgentChanged } from '../live/liveChannel';

/**
 * Which customers each agent popped or searched, and when last: scoped sync keeps those customers'
 * cases on the agent's desktop for the roles file's poppedCustomerHours (notes: /work/plan/NOTES-policy.md).
 */
export async function recordCustomerLookups(db: Queryable, agentId: string, customerIds: readonly string[], at: Date): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  await db.query(
    `INSERT INTO customer_lookups (agent_id, customer_id, last_looked_up_at)
     SELECT $1, id, $3 FROM unnest($2::text[]) AS id
     ON CONFLICT (agent_id, customer_id) DO UPDATE SET last_looked_up_at = GREATEST(customer_lookups.last_looked_up_at, EXCLUDED.last_looked_up_at)`,
    [agentId, ids, at],
  );
  // The looked-up customers' cases enter this agent's scope: their desktop pulls them now, not at its next poll.
  await notifyAgentChanged(db, agentId);
}

/** The customers an agent looked up since the given instant. */
export async function customersLookedUpSince(db: Queryable, agentId: string, since: Date): Promise<string[]> {
  const { rows } = await db.query<{ customer_id: string }>(
    'SELECT customer_id FROM customer_lookups WHERE agent_id = $1 AND last_looked_up_at > $2 ORDER BY customer_id',
    [agentId, since],
  );
  return rows.map((row) => row.customer_id);
}
