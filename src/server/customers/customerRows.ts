import { Account, Customer, Transaction } from '../../shared/domain/customer';
import type { Row } from '../db/database';

/** Column lists shared by every customer read so the row mappers always get what they expect. */
export const CUSTOMER_COLUMNS = 'c.id, c.full_name, c.tier, c.segment, c.phone, c.email, c.branch_id, c.customer_since::text AS customer_since';
/** account_number is deliberately absent: it must never be selected for an API response. */
export const ACCOUNT_COLUMNS =
  'a.id, a.customer_id, a.kind, a.masked_number, a.balance_cents, a.pending_cents, a.pending_count, a.currency, a.opened_on::text AS opened_on';
export const TRANSACTION_COLUMNS = 't.id, t.account_id, t.customer_id, t.posted_at, t.description, t.amount_cents, t.status, t.card_last4';

export function customerFromRow(row: Row): Customer {
  return Customer.parse({
    id: row.id,
    fullName: row.full_name,
    tier: row.tier,
    segment: row.segment,
    phone: row.phone,
    email: row.email,
    branchId: row.branch_id,
    customerSince: row.customer_since,
  });
}

export function accountFromRow(row: Row): Account {
  return Account.parse({
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    maskedNumber: row.masked_number,
    balanceCents: Number(row.balance_cents),
    pendingCents: Number(row.pending_cents),
    pendingCount: Number(row.pending_count),
    currency: row.currency,
    openedOn: row.opened_on,
  });
}

export function transactionFromRow(row: Row): Transaction {
  return Transaction.parse({
    id: row.id,
    accountId: row.account_id,
    postedAt: new Date(row.posted_at as string | Date).toISOString(),
    description: row.description,
    amountCents: Number(row.amount_cents),
    status: row.status,
    cardLast4: row.card_last4 ?? null,
  });
}

export { maskAccountNumber } from '../../shared/privacy/masking';
