import type { CaseType } from '../../shared/domain/enums';
import type { PolicyActor } from '../../shared/policy/actor';
import type { PolicyConfig } from '../../shared/policy/casePolicy';
import { canSeeCase } from '../../shared/policy/caseScope';
import type { Queryable } from '../db/database';
import { loadAgents, loadCustomers, loadLookedUpCustomers, loadSampledCases } from './serviceFacts';

export type CaseReadAccess = 'allowed' | 'forbidden' | 'not_found';

/**
 * Whether this person may read one case, by the same canSeeCase scoped sync uses, with the
 * service's facts about that case alone (what visibleStreams decides for all of them at once).
 */
export async function caseReadAccess(q: Queryable, actor: PolicyActor, caseId: string, now: Date, config: PolicyConfig): Promise<CaseReadAccess> {
  const { rows } = await q.query<{ owner_id: string | null; queue_id: string | null; customer_id: string | null; case_type: CaseType }>(
    `SELECT owner_id, queue_id, customer_id, state->>'caseType' AS case_type FROM cases WHERE case_id = $1`,
    [caseId],
  );
  const row = rows[0];
  if (!row) return 'not_found';
  const owner = row.owner_id ? (await loadAgents(q, [row.owner_id])).get(row.owner_id) : undefined;
  const customer = row.customer_id ? ((await loadCustomers(q, [row.customer_id])).get(row.customer_id) ?? null) : null;
  const lookedUp = row.customer_id ? await loadLookedUpCustomers(q, actor.id, new Date(now.getTime() - config.roles.poppedCustomerHours * 3_600_000)) : new Set<string>();
  const facts = {
    customer,
    ownerTeamId: owner?.teamId ?? null,
    customerPoppedByActor: row.customer_id !== null && lookedUp.has(row.customer_id),
    inQaSample: (await loadSampledCases(q, [caseId])).has(caseId),
  };
  return canSeeCase({ ownerId: row.owner_id, queueId: row.queue_id, caseType: row.case_type, customerId: row.customer_id }, actor, facts, config) ? 'allowed' : 'forbidden';
}
