import { z } from 'zod';
import { safeString } from '../validation/safeSchemas';

/**
 * A walk-in customer who is not (or cannot be) matched to a customer record is described in
 * the walk-in contact's summary, so the case says who came in and the acknowledgement can be
 * addressed to them. The format is fixed so it can be read back.
 */
export const ManualCustomer = z.object({
  fullName: safeString().trim().min(1, 'Enter the customer’s name').max(120),
  contact: safeString().trim().max(200).default(''),
});
export type ManualCustomer = z.infer<typeof ManualCustomer>;

const PREFIX = 'Walk-in customer (no record matched): ';

export function walkInContactSummary(branchId: string | null, manual: ManualCustomer | null): string {
  const where = `Walk-in at branch ${branchId ?? '(no branch)'}`;
  if (!manual) return where;
  return `${where}. ${PREFIX}${manual.fullName}${manual.contact ? ` — ${manual.contact}` : ''}`.slice(0, 500);
}

/** The manually entered name from a summary written by walkInContactSummary, or null. */
export function manualCustomerName(summary: string): string | null {
  const start = summary.indexOf(PREFIX);
  if (start < 0) return null;
  const rest = summary.slice(start + PREFIX.length);
  const end = rest.indexOf(' — ');
  const name = (end < 0 ? rest : rest.slice(0, end)).trim();
  return name || null;
}
