import { createHmac } from 'node:crypto';
import { BLIND_INDEX_HEX_LENGTH, blindIndexMessage, normalizeAccountNumber } from '../../shared/screenpop/identifiers';
import type { Queryable } from '../db/database';

/**
 * Keyed hashes of account numbers for a desktop's blind index, with the key that desktop sent:
 * the same HMAC-SHA256 over the same message (src/shared/screenpop/identifiers.ts) main uses for
 * the number a caller keys in, so the two meet without the number ever leaving the service.
 * The key is used for this answer only and never stored.
 */
export function accountNumberDigest(key: Buffer, accountNumber: string): string {
  const normalized = normalizeAccountNumber(accountNumber);
  if (normalized === null) throw new Error('an account number is 8 to 20 digits');
  return createHmac('sha256', key).update(blindIndexMessage('account', normalized)).digest('hex').slice(0, BLIND_INDEX_HEX_LENGTH);
}

/** customer id → (account id → digest), for every account of the given customers. */
export async function loadAccountDigests(db: Queryable, customerIds: readonly string[], digestKey: string): Promise<Map<string, Record<string, string>>> {
  const key = Buffer.from(digestKey, 'base64url');
  const { rows } = await db.query<{ id: string; customer_id: string; account_number: string }>(
    'SELECT id, customer_id, account_number FROM accounts WHERE customer_id = ANY($1::text[])',
    [[...new Set(customerIds)]],
  );
  const digests = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const forCustomer = digests.get(row.customer_id) ?? {};
    forCustomer[row.id] = accountNumberDigest(key, row.account_number);
    digests.set(row.customer_id, forCustomer);
  }
  return digests;
}
