import { normalizeEmail } from '../../shared/screenpop/identifiers';
import type { ScreenPopIdentifiers } from '../../shared/screenpop/intake';
import type { IdentifierName } from '../../shared/screenpop/matching';
import type { Queryable } from '../db/database';

/** Most customers one identifier may name before the answer is cut short (a shared line has two or three). */
export const MAX_HITS_PER_IDENTIFIER = 20;

/**
 * The customer ids each of a contact's identifiers matches, in one round trip. The desktop
 * applies the shared matching rule (src/shared/screenpop/matching.ts) to these.
 */
export async function lookupContactHits(db: Queryable, identifiers: ScreenPopIdentifiers): Promise<Partial<Record<IdentifierName, string[]>>> {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const branches: string[] = [];
  if (identifiers.caseId) branches.push(`SELECT 'caseId' AS identifier, customer_id FROM cases WHERE upper(case_id) = upper(${param(identifiers.caseId)}) AND customer_id IS NOT NULL`);
  if (identifiers.accountNumber) branches.push(`SELECT 'accountNumber' AS identifier, customer_id FROM accounts WHERE account_number = ${param(identifiers.accountNumber)}`);
  if (identifiers.ani) branches.push(`SELECT 'ani' AS identifier, id AS customer_id FROM customers WHERE phone = ${param(identifiers.ani)}`);
  if (identifiers.email) branches.push(`SELECT 'email' AS identifier, id AS customer_id FROM customers WHERE lower(email) = ${param(normalizeEmail(identifiers.email) ?? identifiers.email.toLowerCase())}`);
  const hits: Partial<Record<IdentifierName, string[]>> = {};
  for (const name of ['caseId', 'accountNumber', 'ani', 'email'] as const) if (identifiers[name] !== undefined) hits[name] = [];
  if (branches.length === 0) return hits;
  const { rows } = await db.query<{ identifier: IdentifierName; customer_id: string }>(`${branches.join(' UNION ALL ')} ORDER BY customer_id LIMIT ${MAX_HITS_PER_IDENTIFIER * 4}`, params);
  for (const row of rows) {
    const list = hits[row.identifier];
    if (list && list.length < MAX_HITS_PER_IDENTIFIER && !list.includes(row.customer_id)) list.push(row.customer_id);
  }
  return hits;
}
