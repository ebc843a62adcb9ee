import type { CustomerDetail } from '../../shared/domain/customer';
import type { ConsoleBridge, IpcFailure } from '../../shared/ipc/contract';
import type { CustomerRecord, ReadModelDb } from './db';
import { queryMyQueue } from './queueQuery';

/** The contract's cap on ids per customers.get request. */
const IDS_PER_REQUEST = 500;

export type CustomerFetchOutcome = { ok: true; fetched: number } | { ok: false; error: IpcFailure };

export function toCustomerRecord(detail: CustomerDetail, fetchedAt: Date): CustomerRecord {
  const { phone, email: _email, ...rest } = detail.customer;
  return {
    id: detail.customer.id,
    customer: { ...rest, phoneLast4: phone.slice(-4) },
    accounts: detail.accounts,
    recentTransactions: detail.recentTransactions,
    fetchedAt: fetchedAt.toISOString(),
  };
}

/** Fetches and stores the given customers; `onlyMissing` skips ones already cached. */
export async function loadCustomers(
  bridge: ConsoleBridge,
  db: ReadModelDb,
  customerIds: Iterable<string>,
  options: { onlyMissing: boolean; now?: () => Date },
): Promise<CustomerFetchOutcome> {
  let ids = [...new Set(customerIds)];
  if (options.onlyMissing && ids.length > 0) {
    const cached = await db.customers.bulkGet(ids);
    ids = ids.filter((_, index) => !cached[index]);
  }
  let fetched = 0;
  for (let start = 0; start < ids.length; start += IDS_PER_REQUEST) {
    const result = await bridge.invoke('customers.get', { ids: ids.slice(start, start + IDS_PER_REQUEST) });
    if (!result.ok) return { ok: false, error: result.error };
    const now = options.now?.() ?? new Date();
    await db.customers.bulkPut(result.value.customers.map((detail) => toCustomerRecord(detail, now)));
    fetched += result.value.customers.length;
  }
  return { ok: true, fetched };
}

/** Customers behind the agent's open cases: the ones a screen pop will need first. */
export async function queueCustomerIds(db: ReadModelDb, agentId: string): Promise<string[]> {
  const entries = await queryMyQueue(db, agentId);
  return entries.flatMap((entry) => (entry.caseState.customerId ? [entry.caseState.customerId] : []));
}
