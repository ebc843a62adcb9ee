import type { CaseState } from '../../shared/domain/caseState';
import type { TransactionFacts } from '../../shared/policy/remediationRules';
import { MONEY_MOVING_REMEDIATIONS, type RemediationKind } from '../../shared/workflow/definition';
import type { TransactionRow } from './serviceFacts';

/**
 * What was already asked for against one transaction on every case: the standing (not rejected)
 * money-moving requests, and one still waiting for a decision. `cases` must hold every case that
 * names the transaction, as they stand now (applyCaseEvents keeps them current within a batch).
 */
export function transactionFactsFrom(row: TransactionRow, cases: Iterable<CaseState>): TransactionFacts {
  let requestedCents = 0;
  let openRequestId: string | null = null;
  for (const state of cases) {
    for (const remediation of state.remediations) {
      if (remediation.transactionId !== row.id || remediation.status === 'rejected') continue;
      if (!MONEY_MOVING_REMEDIATIONS.includes(remediation.kind as RemediationKind)) continue;
      requestedCents += remediation.amountCents;
      if (remediation.status === 'pending_approval') openRequestId ??= remediation.requestId;
    }
  }
  return { id: row.id, amountCents: row.amountCents, requestedCents, openRequestId, customerId: row.customerId };
}
