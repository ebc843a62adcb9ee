import { z } from 'zod';
import type { CaseType } from '../domain/enums';
import { IsoInstant } from '../domain/customer';

/**
 * Legal deadlines that run beside the service SLAs. They are law, not bank policy, so they
 * live in code: they never pause (waiting on the customer does not stop a statute), a reopen
 * does not restart them, and agents cannot edit them. Only the calendars they count on come
 * from configuration (`statutoryCalendars` in the policy file).
 */

/**
 * Facts about a dispute that set its statutory clocks. They come from the account and the
 * disputed transaction, which the case events do not carry, so the host passes them in.
 * Without them a card dispute is treated as a Regulation E dispute with the standard limits.
 */
export const DisputeFacts = z.object({
  /** reg_e: debit card or other electronic fund transfer; reg_z: credit card billing error. */
  regime: z.enum(['reg_e', 'reg_z']),
  /** Reg E: the account was opened within 30 days before the notice (12 CFR 1005.11(c)(3)). */
  newAccount: z.boolean().optional(),
  /** Reg E: a point-of-sale debit card transaction. */
  pointOfSale: z.boolean().optional(),
  /** Reg E: a transaction initiated outside a US state. */
  foreignTransaction: z.boolean().optional(),
  /** Reg Z: closing instant of the billing cycle in which the notice arrived. */
  statementClosingAt: IsoInstant.optional(),
  /** Reg Z: length of the billing cycle in days. */
  billingCycleDays: z.number().int().min(1).max(62).optional(),
});
export type DisputeFacts = z.infer<typeof DisputeFacts>;

/** What meets a statutory clock (see clocks.ts for the exact events). */
export type StatutoryMetBy = 'resolution' | 'customer_message' | 'provisional_credit';

export type StatutoryClockDefinition = {
  id: `statutory:${string}`;
  label: string;
  citation: string;
  calendar: 'calendarDays' | 'businessDays';
  /** In days of the calendar (a business day on businessDays, a calendar day on calendarDays). */
  days: number;
  /** An absolute limit that may come earlier than `days` (Reg Z's two billing cycles), epoch ms. */
  notLaterThanMs?: number;
  metBy: StatutoryMetBy;
};

const DAY_MS = 86_400_000;

/** The statutory clocks for a case received at `receivedAtMs`. */
export function statutoryClocksFor(caseType: CaseType, receivedAtMs: number, facts: DisputeFacts | null | undefined): StatutoryClockDefinition[] {
  const clocks: StatutoryClockDefinition[] = [];
  if (caseType === 'regulatory_complaint') {
    clocks.push({ id: 'statutory:regulatory_final_response', label: 'Regulatory final response (30 calendar days)', citation: 'Regulatory complaint handling: final response within 30 calendar days', calendar: 'calendarDays', days: 30, metBy: 'resolution' });
  }
  if (caseType === 'data_subject_request') {
    clocks.push({ id: 'statutory:data_subject_response', label: 'Data subject request response (30 days)', citation: 'GDPR Art. 12(3) / CCPA: respond within 30 days', calendar: 'calendarDays', days: 30, metBy: 'resolution' });
  }
  const regime = facts?.regime ?? (caseType === 'card_dispute' ? 'reg_e' : null);
  if (regime === 'reg_e') {
    const newAccount = facts?.newAccount === true;
    const extended = newAccount || facts?.pointOfSale === true || facts?.foreignTransaction === true;
    const creditDays = newAccount ? 20 : 10;
    const investigationDays = extended ? 90 : 45;
    clocks.push(
      {
        id: 'statutory:reg_e_provisional_credit',
        label: `Reg E provisional credit or resolution (${creditDays} business days)`,
        citation: newAccount ? '12 CFR 1005.11(c)(1)-(2), (c)(3)(i): new account, 20 business days' : '12 CFR 1005.11(c)(1)-(2): 10 business days',
        calendar: 'businessDays',
        days: creditDays,
        metBy: 'provisional_credit',
      },
      {
        id: 'statutory:reg_e_investigation',
        label: `Reg E investigation (${investigationDays} days)`,
        citation: extended ? '12 CFR 1005.11(c)(3)(ii): new account, point-of-sale or foreign transaction, 90 days' : '12 CFR 1005.11(c)(2): 45 days',
        calendar: 'calendarDays',
        days: investigationDays,
        metBy: 'resolution',
      },
    );
  }
  if (regime === 'reg_z') {
    clocks.push(
      { id: 'statutory:reg_z_acknowledgement', label: 'Reg Z written acknowledgement (30 days)', citation: '12 CFR 1026.13(c)(1): acknowledge within 30 days unless resolved', calendar: 'calendarDays', days: 30, metBy: 'customer_message' },
      {
        id: 'statutory:reg_z_resolution',
        label: 'Reg Z resolution (two billing cycles, at most 90 days)',
        citation: '12 CFR 1026.13(c)(2): within two complete billing cycles, never later than 90 days',
        calendar: 'calendarDays',
        days: 90,
        ...twoBillingCyclesLimit(receivedAtMs, facts),
        metBy: 'resolution',
      },
    );
  }
  return clocks;
}

/** The end of the second complete billing cycle after the notice, when the cycle is known. */
function twoBillingCyclesLimit(receivedAtMs: number, facts: DisputeFacts | null | undefined): { notLaterThanMs?: number } {
  if (!facts?.statementClosingAt || !facts.billingCycleDays) return {};
  const cycleMs = facts.billingCycleDays * DAY_MS;
  let closing = Date.parse(facts.statementClosingAt);
  while (closing < receivedAtMs) closing += cycleMs; // the cycle the notice arrived in ends here
  return { notLaterThanMs: closing + 2 * cycleMs };
}
