import { CustomerTier, Role } from '../../shared/domain/enums';
import type { PolicyActor } from '../../shared/policy/actor';
import type { CustomerFacts } from '../../shared/policy/caseScope';
import type { Queryable } from '../db/database';

/**
 * The facts the case policy needs that only the service holds, read from its own tables (never
 * from the event or the desktop): who an agent is, a customer's tier, branch and staff flag,
 * whom an agent looked up lately, which cases QA drew, what a transaction moved.
 */

export async function loadAgents(q: Queryable, ids: Iterable<string>): Promise<Map<string, PolicyActor>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; display_name: string; role: string; team_id: string; branch_id: string | null; skills: unknown }>(
    'SELECT id, display_name, role, team_id, branch_id, skills FROM agents WHERE id = ANY($1::text[])',
    [wanted],
  );
  const agents = new Map<string, PolicyActor>();
  for (const row of rows) {
    const role = Role.safeParse(row.role);
    // An agent row with a role this build does not know gets no rights rather than a guessed set.
    if (!role.success) continue;
    agents.set(row.id, {
      id: row.id,
      displayName: row.display_name,
      role: role.data,
      teamId: row.team_id,
      branchId: row.branch_id ?? null,
      skills: Array.isArray(row.skills) ? row.skills.map(String) : [],
    });
  }
  return agents;
}

/** Agents of a team (a supervisor's team scope covers cases their team members own). */
export async function loadTeamMemberIds(q: Queryable, teamId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM agents WHERE team_id = $1', [teamId]);
  return rows.map((row) => row.id);
}

export async function loadCustomers(q: Queryable, ids: Iterable<string>): Promise<Map<string, CustomerFacts>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; tier: string; branch_id: string; staff: boolean }>('SELECT id, tier, branch_id, staff FROM customers WHERE id = ANY($1::text[])', [wanted]);
  const customers = new Map<string, CustomerFacts>();
  for (const row of rows) {
    const tier = CustomerTier.safeParse(row.tier);
    customers.set(row.id, { id: row.id, tier: tier.success ? tier.data : 'standard', branchId: row.branch_id, staff: row.staff === true });
  }
  return customers;
}

/** Customers this agent popped or searched since `since` (customer_lookups: written by the look-up routes, migration 010). */
export async function loadLookedUpCustomers(q: Queryable, agentId: string, since: Date): Promise<Set<string>> {
  const { rows } = await q.query<{ customer_id: string }>('SELECT customer_id FROM customer_lookups WHERE agent_id = $1 AND last_looked_up_at >= $2', [agentId, since]);
  return new Set(rows.map((row) => row.customer_id));
}

/** Of these cases (all when null), the ones drawn into a QA sample. */
export async function loadSampledCases(q: Queryable, caseIds: readonly string[] | null): Promise<Set<string>> {
  if (caseIds !== null && caseIds.length === 0) return new Set();
  const { rows } = await q.query<{ case_id: string }>(
    `SELECT DISTINCT item->>'caseId' AS case_id
       FROM supervision_events, jsonb_array_elements(body->'items') AS item
      WHERE type = 'qa.sample_drawn' ${caseIds === null ? '' : "AND item->>'caseId' = ANY($1::text[])"}`,
    caseIds === null ? [] : [caseIds],
  );
  return new Set(rows.map((row) => row.case_id));
}

export interface TransactionRow {
  id: string;
  customerId: string;
  /** Absolute amount in cents. */
  amountCents: number;
}

export async function loadTransactions(q: Queryable, ids: Iterable<string>): Promise<Map<string, TransactionRow>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; customer_id: string; amount_cents: unknown }>('SELECT id, customer_id, amount_cents FROM transactions WHERE id = ANY($1::text[])', [wanted]);
  return new Map(rows.map((row) => [row.id, { id: row.id, customerId: row.customer_id, amountCents: Math.abs(Number(row.amount_cents)) }]));
}
