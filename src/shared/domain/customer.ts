import { z } from 'zod';
import { MASKED_EMAIL_PATTERN, MASKED_PHONE_PATTERN } from '../privacy/masking';
import { CustomerTier } from './enums';

export const IsoInstant = z.iso.datetime({ offset: false });

/** Money is integer cents: no floating-point drift in balances or limits. */
export const Cents = z.number().int().safe();

export const Customer = z.object({
  id: z.string().min(1),
  fullName: z.string().min(1),
  tier: CustomerTier,
  segment: z.enum(['consumer', 'small_business', 'commercial']),
  /** In full only for a role with the reveal permission; otherwise masked ("••• ••• 8801", src/shared/privacy). */
  phone: z.union([z.string().regex(/^\+[1-9]\d{6,14}$/, 'phone must be E.164, e.g. +15551234567'), z.string().regex(MASKED_PHONE_PATTERN)]),
  email: z.union([z.email(), z.string().regex(MASKED_EMAIL_PATTERN)]),
  branchId: z.string().min(1),
  customerSince: z.iso.date(),
});
export type Customer = z.infer<typeof Customer>;

export const AccountKind = z.enum(['checking', 'savings', 'credit_card', 'loan', 'business_checking']);
export type AccountKind = z.infer<typeof AccountKind>;

export const Account = z.object({
  id: z.string().min(1),
  customerId: z.string().min(1),
  kind: AccountKind,
  /** Full account number stays on the service; desktops get the masked form (PCI DSS / masking rules). */
  maskedNumber: z.string().regex(/^[•*]+\d{4}$/, 'account numbers cross boundaries masked, last 4 only'),
  balanceCents: Cents,
  pendingCents: Cents,
  pendingCount: z.number().int().nonnegative(),
  currency: z.literal('USD'),
  openedOn: z.iso.date(),
});
export type Account = z.infer<typeof Account>;

export const Transaction = z.object({
  id: z.string().min(1),
  accountId: z.string().min(1),
  postedAt: IsoInstant,
  description: z.string(),
  amountCents: Cents,
  status: z.enum(['posted', 'pending']),
  /** Card transactions carry only the last 4 digits; a full PAN is never stored. */
  cardLast4: z.string().regex(/^\d{4}$/).nullable(),
});
export type Transaction = z.infer<typeof Transaction>;

export const CustomerDetail = z.object({
  customer: Customer,
  accounts: z.array(Account),
  recentTransactions: z.array(Transaction),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;
