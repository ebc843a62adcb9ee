import type { CustomerDetail } from '../../shared/domain/customer';
import type { Queryable } from '../db/database';
import { ACCOUNT_COLUMNS, CUSTOMER_COLUMNS, TRANSACTION_COLUMNS, accountFromRow, customerFromRow, transactionFromRow } from './customerRows';

export const RECENT_TRANSACTIONS = 10;

/** Screen-pop data for many customers in three queries; unknown ids are left out, order follows the request. */
export async function loadCustomerDetails(db: Queryable, ids: readonly string[]): Promise<CustomerDetail[]> {
  const unique = [...new Set(ids)];
  const [customers, accounts, transactions] = await Promise.all([
    db.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ANY($1::text[])`, [unique]),
    db.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.customer_id = ANY($1::text[]) ORDER BY a.customer_id, a.opened_on, a.id`, [unique]),
    db.query(
      `SELECT * FROM (
         SELECT ${TRANSACTION_COLUMNS}, row_number() OVER (PARTITION BY t.customer_id ORDER BY t.posted_at DESC, t.id DESC) AS recency
           FROM transactions t WHERE t.customer_id = ANY($1::text[])
       ) recent
       WHERE recency <= ${RECENT_TRANSACTIONS}
       ORDER BY customer_id, posted_at DESC, id DESC`,
      [unique],
    ),
  ]);
  const accountsByCustomer = groupBy(accounts.rows.map((row) => ({ key: String(row.customer_id), value: accountFromRow(row) })));
  const transactionsByCustomer = groupBy(transactions.rows.map((row) => ({ key: String(row.customer_id), value: transactionFromRow(row) })));
  const byId = new Map(customers.rows.map((row) => [String(row.id), customerFromRow(row)]));
  return unique.flatMap((id) => {
    const customer = byId.get(id);
    if (!customer) return [];
    const detail: CustomerDetail = {
      customer,
      accounts: accountsByCustomer.get(id) ?? [],
      recentTransactions: transactionsByCustomer.get(id) ?? [],
    };
    return [detail];
  });
}

function groupBy<T>(entries: readonly { key: string; value: T }[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const { key, value } of entries) {
    const group = groups.get(key);
    if (group) group.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}
