import type { CaseStatus, CaseType } from '../../shared/domain/enums';
import type { PolicyActor } from '../../shared/policy/actor';
import type { PolicyConfig } from '../../shared/policy/casePolicy';
import { canSeeCase, canSeeContact } from '../../shared/policy/caseScope';
import { queuesWorkedBy } from '../../shared/policy/queuesConfig';
import { retiredCases } from '../../shared/sync/desktopRetention';
import type { Queryable } from '../db/database';
import { queryJsonRows } from '../db/jsonRows';
import { loadAgents, loadCustomers, loadLookedUpCustomers, loadSampledCases, loadTeamMemberIds } from './serviceFacts';

/**
 * Every case and contact stream this person may hold on their desktop now, decided by the shared
 * canSeeCase / canSeeContact with the service's facts. The SQL only narrows the candidates to
 * those some sight term of the role could cover (a superset); the shared functions decide.
 *
 * A desktop's storage is bounded: finished cases the shared desktop retention lets go (idle past
 * it, or beyond the most recent it keeps) leave the desktop's scope, unless the person looked the
 * customer up or the case is in their QA sample — which is how an old case is fetched on demand;
 * reopened (or looked up), a retired case comes back whole like any case entering the scope.
 */
export async function visibleStreams(q: Queryable, actor: PolicyActor, now: Date, config: PolicyConfig): Promise<Set<string>> {
  const sees = new Set(config.roles.roles[actor.role].sees);
  if (sees.size === 0) return new Set();
  const lookedUp = sees.has('popped_customers') ? await loadLookedUpCustomers(q, actor.id, new Date(now.getTime() - config.roles.poppedCustomerHours * 3_600_000)) : new Set<string>();
  const sampled = sees.has('qa_sample') ? await loadSampledCases(q, null) : new Set<string>();
  const teamMembers = sees.has('team') || sees.has('all') ? await loadTeamMemberIds(q, actor.teamId) : [];
  const teamQueues = config.queues.queues.filter((queue) => queue.teams.includes(actor.teamId)).map((queue) => queue.id);
  const workedQueues = queuesWorkedBy(config.queues, actor).map((queue) => queue.id);

  const everything = sees.has('all');
  // queryJsonRows: thousands of rows for a supervisor, decoded as one JSON value.
  const caseRows = await queryJsonRows<{ case_id: string; owner_id: string | null; queue_id: string | null; customer_id: string | null; case_type: CaseType; status: CaseStatus; updated_at: string }>(
    q,
    `SELECT c.case_id, c.owner_id, c.queue_id, c.customer_id, c.state->>'caseType' AS case_type, c.status, c.state->>'updatedAt' AS updated_at
       FROM cases c
      WHERE $1::boolean
         OR c.owner_id = $2
         OR ($3::boolean AND c.owner_id IS NULL AND c.queue_id = ANY($4::text[]))
         OR ($5::boolean AND (c.queue_id = ANY($6::text[]) OR c.owner_id = ANY($7::text[])))
         OR ($8::boolean AND (c.queue_id = $9::text OR c.customer_id IN (SELECT id FROM customers WHERE branch_id = $9::text)))
         OR c.customer_id = ANY($10::text[])
         OR c.case_id = ANY($11::text[])`,
    [everything, actor.id, sees.has('team_queue'), workedQueues, sees.has('team'), teamQueues, teamMembers, sees.has('branch') && actor.branchId !== null, actor.branchId, [...lookedUp], [...sampled]],
  );
  const contactRows = await queryJsonRows<{ contact_id: string; agent_id: string; customer_id: string | null }>(
    q,
    `SELECT contact_id, agent_id, customer_id FROM contacts
      WHERE $1::boolean OR agent_id = $2 OR ($3::boolean AND agent_id = ANY($4::text[])) OR customer_id = ANY($5::text[])`,
    [everything, actor.id, sees.has('team'), teamMembers, [...lookedUp]],
  );

  const owners = await loadAgents(q, [...caseRows.flatMap((row) => (row.owner_id ? [row.owner_id] : [])), ...contactRows.map((row) => row.agent_id)]);
  const customers = await loadCustomers(q, [...caseRows, ...contactRows].flatMap((row) => (row.customer_id ? [row.customer_id] : [])));
  const customerOf = (id: string | null) => (id ? (customers.get(id) ?? null) : null);
  const visible = new Set<string>();
  const retirable: { caseId: string; status: CaseStatus; at: string }[] = [];
  for (const row of caseRows) {
    const facts = {
      customer: customerOf(row.customer_id),
      ownerTeamId: row.owner_id ? (owners.get(row.owner_id)?.teamId ?? null) : null,
      customerPoppedByActor: row.customer_id !== null && lookedUp.has(row.customer_id),
      inQaSample: sampled.has(row.case_id),
    };
    if (!canSeeCase({ ownerId: row.owner_id, queueId: row.queue_id, caseType: row.case_type, customerId: row.customer_id }, actor, facts, config)) continue;
    visible.add(row.case_id);
    if (!facts.customerPoppedByActor && !facts.inQaSample) retirable.push({ caseId: row.case_id, status: row.status, at: row.updated_at });
  }
  for (const caseId of retiredCases(retirable, now.getTime())) visible.delete(caseId);
  for (const row of contactRows) {
    const facts = {
      customer: customerOf(row.customer_id),
      ownerTeamId: owners.get(row.agent_id)?.teamId ?? null,
      customerPoppedByActor: row.customer_id !== null && lookedUp.has(row.customer_id),
    };
    if (canSeeContact({ agentId: row.agent_id, customerId: row.customer_id }, actor, facts, config)) visible.add(row.contact_id);
  }
  return visible;
}
