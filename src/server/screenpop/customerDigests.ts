import { createHmac } from 'node:crypto';
import { BLIND_INDEX_HEX_LENGTH, blindIndexMessage, normalizeForBlindIndex, type BlindIndexKind } from '../../shared/screenpop/identifiers';
import type { CustomerDigests } from '../../shared/screenpop/popCustomer';
import type { Queryable } from '../db/database';

/**
 * Keyed hashes of a customer's exact-match identifiers (phone, e-mail, every account number) under
 * the desktop's digest key: the same HMAC-SHA256 over the same message (src/shared/screenpop/
 * identifiers.ts) main uses for what a caller keys in, so the two meet while the identifiers
 * themselves (masked for most roles, never sent for account numbers) stay here.
 */
export function identifierDigest(key: Buffer, kind: BlindIndexKind, value: string): string {
  const normalized = normalizeForBlindIndex(kind, value);
  if (normalized === null) throw new Error(`not a valid ${kind} for a digest`);
  return createHmac('sha256', key).update(blindIndexMessage(kind, normalized)).digest('hex').slice(0, BLIND_INDEX_HEX_LENGTH);
}

/** customer id → digests, for every given customer that exists. */
export async function loadCustomerDigests(db: Queryable, customerIds: readonly string[], key: Buffer): Promise<Map<string, CustomerDigests>> {
  const ids = [...new Set(customerIds)];
  const [customers, accounts] = await Promise.all([
    db.query<{ id: string; phone: string; email: string }>('SELECT id, phone, email FROM customers WHERE id = ANY($1::text[])', [ids]),
    db.query<{ id: string; customer_id: string; account_number: string }>('SELECT id, customer_id, account_number FROM accounts WHERE customer_id = ANY($1::text[])', [ids]),
  ]);
  const digests = new Map<string, CustomerDigests>();
  for (const row of customers.rows) {
    digests.set(row.id, { phone: identifierDigest(key, 'phone', row.phone), email: identifierDigest(key, 'email', row.email), accounts: {} });
  }
  for (const row of accounts.rows) {
    const forCustomer = digests.get(row.customer_id);
    if (forCustomer) forCustomer.accounts[row.id] = identifierDigest(key, 'account', row.account_number);
  }
  return digests;
}
