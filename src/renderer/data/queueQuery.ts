import { OPEN_STATUSES } from '../../shared/domain/enums';
import type { CaseState } from '../../shared/domain/caseState';
import type { CustomerRecord, ReadModelDb } from './db';

export interface QueueEntry {
  caseState: CaseState;
  customer: CustomerRecord | null;
}

/** The agent's open cases with their customers, straight off the [ownerId+status] index. */
export async function queryMyQueue(db: ReadModelDb, agentId: string): Promise<QueueEntry[]> {
  const cases = await db.cases
    .where('[ownerId+status]')
    .anyOf(OPEN_STATUSES.map((status) => [agentId, status]))
    .toArray();
  const customerIds = cases.flatMap((state) => (state.customerId ? [state.customerId] : []));
  const customers = new Map((await db.customers.bulkGet(customerIds)).flatMap((record) => (record ? [[record.id, record] as const] : [])));
  return cases.map((caseState) => ({ caseState, customer: caseState.customerId ? (customers.get(caseState.customerId) ?? null) : null }));
}
