import type { CaseEvent } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';
import { roleLabel, type Role } from '../domain/enums';
import { formatMoney } from '../workflow/answers';
import { MONEY_MOVING_REMEDIATIONS, remediationLabel } from '../workflow/definition';
import { approvalLabel, requiredApproval, type ApprovalLevel, type RemediationLimits } from '../workflow/limits';
import { mayDecide, type RemediationApprovers } from './approvers';

export interface RemediationPolicy {
  limits: RemediationLimits;
  approvers: RemediationApprovers;
}

export type RemediationVerdict = { ok: true } | { ok: false; reason: string };

const rank: Record<ApprovalLevel, number> = { none: 0, supervisor: 1, finance_legal: 2 };

/**
 * The authorisation rules for remediation events, decided on the case as it stood before
 * the event. The desktop offers only what these allow; the case service applies them again
 * to every pushed event, because a modified or outdated client must not be able to grant
 * money beyond its author's limit or approve its own request.
 */
export function checkRemediationEvent(event: CaseEvent, before: CaseState | null, actorRole: Role | null, policy: RemediationPolicy): RemediationVerdict {
  if (event.type !== 'remediation.requested' && event.type !== 'remediation.approved' && event.type !== 'remediation.rejected') return { ok: true };
  if (actorRole === null) return { ok: false, reason: `${event.actorId} is not a known agent, so their authorisation limits are unknown` };

  if (event.type === 'remediation.requested') {
    const { kind, amountCents, approval } = event.payload;
    const required = requiredApproval(actorRole, amountCents, policy.limits, kind);
    if (rank[approval] < rank[required]) {
      return {
        ok: false,
        reason:
          `${remediationLabel[kind]} of ${formatMoney(amountCents)} by a ${roleLabel[actorRole]}: ${approvalLabel[required].toLowerCase()}, ` +
          `but it was sent as approval "${approval}" [${policy.limits.source}]`,
      };
    }
    if (MONEY_MOVING_REMEDIATIONS.includes(kind) && before !== null && before.verifiedAt === null) {
      return { ok: false, reason: `${remediationLabel[kind]} moves money, and the customer's identity is not verified on case ${event.caseId}` };
    }
    return { ok: true };
  }

  const request = before?.remediations.find((r) => r.requestId === event.payload.requestId);
  const decision = event.type === 'remediation.approved' ? 'approve' : 'reject';
  if (!request) return { ok: false, reason: `case ${event.caseId} has no remediation request ${event.payload.requestId} to ${decision}` };
  if (request.status !== 'pending_approval') {
    return { ok: false, reason: `remediation request ${request.requestId} is already ${request.status === 'approved' ? 'approved' : 'rejected'}` };
  }
  if (request.requestedBy === event.actorId) return { ok: false, reason: `an agent cannot ${decision} their own remediation request` };
  if (!mayDecide(actorRole, request.approval, policy.approvers)) {
    return {
      ok: false,
      reason: `a ${roleLabel[actorRole]} cannot ${decision} a request that ${approvalLabel[request.approval].toLowerCase()} [${policy.approvers.source}]`,
    };
  }
  return { ok: true };
}
