import { useLiveQuery } from 'dexie-react-hooks';
import type { Transaction } from '../../shared/domain/customer';
import type { ReadModelDb } from '../data/db';

/** How many of the customer's latest transactions a transaction field offers. */
export const TRANSACTIONS_OFFERED = 20;

/**
 * The case customer's latest transactions this desktop holds, newest first: those of the customer
 * record and those a screen pop stored, once each. Undefined while reading, empty for a case
 * without a customer or one whose transactions never reached this desktop.
 */
export async function readCaseCustomerTransactions(db: ReadModelDb, customerId: string | null): Promise<Transaction[]> {
  if (!customerId) return [];
  const [record, stored] = await Promise.all([
    db.customers.get(customerId),
    db.transactions.where('[customerId+postedAt]').between([customerId, ''], [customerId, '\uffff']).toArray(),
  ]);
  const byId = new Map<string, Transaction>();
  for (const transaction of [...(record?.recentTransactions ?? []), ...stored]) {
    const { id, accountId, postedAt, description, amountCents, status, cardLast4 } = transaction;
    byId.set(id, { id, accountId, postedAt, description, amountCents, status, cardLast4 });
  }
  return [...byId.values()].sort((a, b) => b.postedAt.localeCompare(a.postedAt) || b.id.localeCompare(a.id)).slice(0, TRANSACTIONS_OFFERED);
}

export function useCaseCustomerTransactions(db: ReadModelDb, customerId: string | null): Transaction[] | undefined {
  return useLiveQuery(() => readCaseCustomerTransactions(db, customerId), [db, customerId]);
}
