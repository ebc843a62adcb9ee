import type { CaseEventOf } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';
import { roleLabel, type Role } from '../domain/enums';
import { mayDecide } from '../remediation/approvers';
import type { RemediationPolicy } from '../remediation/remediationPolicy';
import { formatMoney } from '../workflow/answers';
import { MONEY_MOVING_REMEDIATIONS, remediationLabel, type RemediationKind } from '../workflow/definition';
import { approvalLabel, requiredApproval, type ApprovalLevel } from '../workflow/limits';

/** What the service knows of a remediation's transaction across every case (the desktop may not: undefined). */
export interface TransactionFacts {
  id: string;
  /** Absolute amount of the transaction in cents. */
  amountCents: number;
  /** Remediation already requested against it on any case, not counting rejected requests. */
  requestedCents: number;
  /** A request against it still waiting for a decision, on any case. */
  openRequestId: string | null;
  /** Whose account it moved money on; a remediation is only ever against the case's own customer's transaction. */
  customerId?: string;
}

export type RemediationRuling = { ok: true } | { ok: false; code: 'over_limit' | 'not_verified' | 'invalid_state' | 'not_permitted'; reason: string };

const rank: Record<ApprovalLevel, number> = { none: 0, supervisor: 1, finance_legal: 2 };

/**
 * A remediation request, judged on the sums it adds to: approval limits apply to the total
 * requested per transaction and per case (ten $100 refunds are a $1,000 refund), a second request
 * for the same transaction while one waits for a decision is refused, and no refund exceeds
 * what the transaction moved.
 */
export function judgeRemediationRequest(
  event: CaseEventOf<'remediation.requested'>,
  before: CaseState,
  role: Role,
  policy: RemediationPolicy,
  transaction: TransactionFacts | null | undefined,
): RemediationRuling {
  const { kind, amountCents, approval, transactionId } = event.payload;
  const label = remediationLabel[kind as RemediationKind];
  const moving = MONEY_MOVING_REMEDIATIONS.includes(kind as RemediationKind);
  if (moving && before.verifiedAt === null) {
    return { ok: false, code: 'not_verified', reason: `${label} moves money, and the customer's identity is not verified during a contact on this case. Verify the customer first.` };
  }
  if (before.remediations.some((r) => r.requestId === event.payload.requestId)) {
    return { ok: false, code: 'invalid_state', reason: `remediation request ${event.payload.requestId} was already made on this case` };
  }
  if (transaction?.customerId !== undefined && transaction.customerId !== before.customerId) {
    return { ok: false, code: 'invalid_state', reason: `transaction ${transaction.id} is not on the account of this case's customer` };
  }
  const standing = before.remediations.filter((r) => r.status !== 'rejected' && MONEY_MOVING_REMEDIATIONS.includes(r.kind as RemediationKind));
  if (transactionId !== undefined) {
    const openHere = standing.find((r) => r.transactionId === transactionId && r.status === 'pending_approval');
    const openId = openHere?.requestId ?? transaction?.openRequestId ?? null;
    if (moving && openId !== null) {
      return { ok: false, code: 'invalid_state', reason: `a request against transaction ${transactionId} is already waiting for a decision (${openId}); wait for it before asking again` };
    }
  }
  const caseTotal = moving ? standing.reduce((sum, r) => sum + r.amountCents, 0) + amountCents : amountCents;
  const caseTransactionTotal = transactionId === undefined ? 0 : standing.filter((r) => r.transactionId === transactionId).reduce((sum, r) => sum + r.amountCents, 0);
  const transactionTotal = moving && transactionId !== undefined ? Math.max(transaction?.requestedCents ?? 0, caseTransactionTotal) + amountCents : amountCents;
  if (moving && transaction && transactionTotal > transaction.amountCents) {
    return {
      ok: false,
      code: 'over_limit',
      reason: `${formatMoney(transactionTotal)} in all would be more than transaction ${transaction.id} moved (${formatMoney(transaction.amountCents)})`,
    };
  }
  const counted = Math.max(caseTotal, transactionTotal);
  const required = requiredApproval(role, counted, policy.limits, kind as RemediationKind);
  if (rank[approval] < rank[required]) {
    const sums = counted > amountCents ? ` (${formatMoney(counted)} with what was already requested on this ${caseTotal >= transactionTotal ? 'case' : 'transaction'})` : '';
    return {
      ok: false,
      code: 'over_limit',
      reason: `${label} of ${formatMoney(amountCents)}${sums} by a ${roleLabel[role]}: ${approvalLabel[required].toLowerCase()}, but it was sent as approval "${approval}" [${policy.limits.source}]`,
    };
  }
  return { ok: true };
}

/** Approving or rejecting: only a request still waiting, never one's own, and only at the sign-off level the role decides. */
export function judgeRemediationDecision(event: CaseEventOf<'remediation.approved' | 'remediation.rejected'>, before: CaseState, role: Role, policy: RemediationPolicy): RemediationRuling {
  const request = before.remediations.find((r) => r.requestId === event.payload.requestId);
  const decision = event.type === 'remediation.approved' ? 'approve' : 'reject';
  if (!request) return { ok: false, code: 'invalid_state', reason: `this case has no remediation request ${event.payload.requestId} to ${decision}` };
  if (request.status !== 'pending_approval') {
    return { ok: false, code: 'invalid_state', reason: `remediation request ${request.requestId} is already ${request.status === 'approved' ? 'approved' : 'rejected'}` };
  }
  if (request.requestedBy === event.actorId) return { ok: false, code: 'not_permitted', reason: `nobody may ${decision} their own remediation request; another approver must decide it` };
  if (!mayDecide(role, request.approval, policy.approvers)) {
    return { ok: false, code: 'not_permitted', reason: `a ${roleLabel[role]} cannot ${decision} a request that ${approvalLabel[request.approval].toLowerCase()} [${policy.approvers.source}]` };
  }
  return { ok: true };
}
