import { normalizeCaseId } from '../../shared/screenpop/identifiers';
import type { Customer } from '../../shared/domain/customer';
import type { Queryable } from '../db/database';
import { CUSTOMER_COLUMNS, customerFromRow } from './customerRows';

/** What a free-text query could be; several readings can hold at once ("5551234567" is a phone and an account number). */
export interface SearchPlan {
  exact: string;
  /** A case reference however it was read out (normalizeCaseId), or null. */
  caseId: string | null;
  phone: string | null;
  email: string | null;
  last4: string | null;
  accountNumber: string | null;
  name: string | null;
}

/** US numbers typed by hand become E.164; anything already E.164 passes through. */
export function normalizePhone(input: string): string | null {
  const compact = input.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^\d{10}$/.test(compact)) return `+1${compact}`;
  if (/^1\d{10}$/.test(compact)) return `+${compact}`;
  return null;
}

export function planSearch(query: string): SearchPlan {
  const text = query.trim();
  const digits = text.replace(/[\s-]/g, '');
  return {
    exact: text.toUpperCase(),
    caseId: normalizeCaseId(text),
    phone: normalizePhone(text),
    email: text.includes('@') ? text.toLowerCase() : null,
    last4: /^\d{4}$/.test(digits) ? digits : null,
    accountNumber: /^\d{8,20}$/.test(digits) ? digits : null,
    name: /\p{L}/u.test(text) ? text.toLowerCase().replace(/\s+/g, ' ') : null,
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * Finds customers by id, case id, phone, email, account number, account, card or phone last 4,
 * or name. Exact identifiers rank first, then last-4 matches, then names that start with the
 * text, then names that merely contain it.
 */
export async function searchCustomers(db: Queryable, query: string, limit: number): Promise<Customer[]> {
  const plan = planSearch(query);
  const params: unknown[] = [plan.exact];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const branches = [
    'SELECT id AS customer_id, 0 AS rank FROM customers WHERE upper(id) = $1',
    // Any case id exactly as typed, older formats too; an AC- reference however it was read out below.
    'SELECT customer_id, 0 AS rank FROM cases WHERE upper(case_id) = $1 AND customer_id IS NOT NULL',
  ];
  if (plan.caseId && plan.caseId !== plan.exact) branches.push(`SELECT customer_id, 0 FROM cases WHERE case_id = ${param(plan.caseId)} AND customer_id IS NOT NULL`);
  if (plan.phone) branches.push(`SELECT id, 0 FROM customers WHERE phone = ${param(plan.phone)}`);
  if (plan.email) branches.push(`SELECT id, 0 FROM customers WHERE lower(email) = ${param(plan.email)}`);
  if (plan.accountNumber) branches.push(`SELECT customer_id, 0 FROM accounts WHERE account_number = ${param(plan.accountNumber)}`);
  if (plan.last4) {
    const last4 = param(plan.last4);
    branches.push(`SELECT customer_id, 1 FROM accounts WHERE last4 = ${last4}`);
    branches.push(`SELECT DISTINCT customer_id, 1 FROM transactions WHERE card_last4 = ${last4}`);
    // The console shows a phone as "••• ••• 8801": an agent types the ending they can see.
    branches.push(`SELECT id, 1 FROM customers WHERE right(phone, 4) = ${last4}`);
  }
  if (plan.name) {
    const term = escapeLike(plan.name);
    const startsWith = param(`${term}%`);
    const wordStartsWith = param(`% ${term}%`);
    const contains = param(`%${term}%`);
    branches.push(
      `SELECT id, CASE WHEN lower(full_name) LIKE ${startsWith} ESCAPE '\\' OR lower(full_name) LIKE ${wordStartsWith} ESCAPE '\\' THEN 2 ELSE 3 END
         FROM customers WHERE lower(full_name) LIKE ${contains} ESCAPE '\\'`,
    );
  }
  const sql = `WITH matches AS (${branches.join(' UNION ALL ')})
    SELECT ${CUSTOMER_COLUMNS}, min(m.rank) AS best
      FROM matches m JOIN customers c ON c.id = m.customer_id
     GROUP BY c.id
     ORDER BY best, c.full_name, c.id
     LIMIT ${param(limit)}`;
  const { rows } = await db.query(sql, params);
  return rows.map(customerFromRow);
}
