import type { PopCustomer } from '../../shared/screenpop/popCustomer';
import { toCustomerRecord } from '../data/customers';
import type { PopIndexRecord, ReadModelDb, TransactionRecord } from '../data/db';

/** The lookup keys of one customer: digests from main, last 4s (account, card, phone) and keyed name-prefix hashes. */
export function toPopIndexRecord(db: Pick<ReadModelDb, 'namePrefixesOf'>, customer: PopCustomer): PopIndexRecord {
  const { detail, digests } = customer;
  const last4s = new Set<string>();
  for (const account of detail.accounts) last4s.add(account.maskedNumber.slice(-4));
  for (const transaction of detail.recentTransactions) if (transaction.cardLast4) last4s.add(transaction.cardLast4);
  // The phone ending the console shows ("••• ••• 8801") is something an agent types too.
  last4s.add(detail.customer.phone.slice(-4));
  return {
    customerId: detail.customer.id,
    phoneDigest: digests.phone,
    emailDigest: digests.email,
    accountDigests: [...new Set(Object.values(digests.accounts))],
    last4s: [...last4s],
    namePrefixes: db.namePrefixesOf(detail.customer.fullName),
  };
}

export function toTransactionRecords(customer: PopCustomer): TransactionRecord[] {
  const customerId = customer.detail.customer.id;
  return customer.detail.recentTransactions.map((transaction) => ({ ...transaction, customerId }));
}

/**
 * Stores customers for screen pops in one transaction: the customer record the rest of the
 * console reads (phone cut to its last 4, no e-mail), their lookup keys, and their transactions.
 */
export async function storePopCustomers(db: ReadModelDb, customers: readonly PopCustomer[], fetchedAt = new Date()): Promise<void> {
  if (customers.length === 0) return;
  await db.transaction('rw', [db.customers, db.popIndex, db.transactions], async () => {
    await db.customers.bulkPut(customers.map((customer) => toCustomerRecord(customer.detail, fetchedAt)));
    await db.popIndex.bulkPut(customers.map((customer) => toPopIndexRecord(db, customer)));
    await db.transactions.bulkPut(customers.flatMap(toTransactionRecords));
  });
}
