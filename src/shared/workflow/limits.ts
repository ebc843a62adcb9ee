import { z } from 'zod';
import { Role } from '../domain/enums';
import { RemediationKind } from './definition';

export const APPROVAL_LEVELS = ['none', 'supervisor', 'finance_legal'] as const;
export const ApprovalLevel = z.enum(APPROVAL_LEVELS);
export type ApprovalLevel = z.infer<typeof ApprovalLevel>;

const Cents = z.number().int().nonnegative().safe();

/**
 * Authorisation limits (resources/remediation-limits.json), all in integer cents.
 * A role grants on its own up to its grant limit; beyond that, up to
 * `supervisorApprovalUpToCents` a supervisor approves; above it finance/legal sign off.
 */
export const RemediationLimits = z
  .strictObject({
    currency: z.literal('USD'),
    source: z.string().trim().min(1),
    /** A role left out grants nothing on its own (every request it makes needs sign-off). */
    grantLimitsCents: z.partialRecord(Role, Cents),
    supervisorApprovalUpToCents: Cents,
    /** Kinds that need at least this sign-off whatever the amount (executive review has none). */
    minimumApproval: z.partialRecord(RemediationKind, ApprovalLevel).default({}),
  })
  .superRefine((limits, ctx) => {
    for (const role of Role.options) {
      if ((limits.grantLimitsCents[role] ?? 0) > limits.supervisorApprovalUpToCents) {
        ctx.addIssue({
          code: 'custom',
          path: ['grantLimitsCents', role],
          message: `${role} may not grant more on their own than needs finance/legal sign-off (${limits.supervisorApprovalUpToCents} cents)`,
        });
      }
    }
  });
export type RemediationLimits = z.infer<typeof RemediationLimits>;

const rank: Record<ApprovalLevel, number> = { none: 0, supervisor: 1, finance_legal: 2 };

/** What sign-off a remediation of this amount needs when `role` requests it. */
export function requiredApproval(role: Role, amountCents: number, limits: RemediationLimits, kind?: RemediationKind): ApprovalLevel {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`amount must be whole non-negative cents, got ${amountCents}`);
  const byAmount: ApprovalLevel =
    amountCents <= (limits.grantLimitsCents[role] ?? 0) ? 'none' : amountCents <= limits.supervisorApprovalUpToCents ? 'supervisor' : 'finance_legal';
  const minimum = (kind && limits.minimumApproval[kind]) ?? 'none';
  // A supervisor already holds supervisor authority, so a kind's minimum is met by their own request.
  const minimumForRole: ApprovalLevel = minimum === 'supervisor' && role === 'supervisor' ? 'none' : minimum;
  return rank[minimumForRole] > rank[byAmount] ? minimumForRole : byAmount;
}

export const approvalLabel: Record<ApprovalLevel, string> = {
  none: 'Within your limit',
  supervisor: 'Needs supervisor approval',
  finance_legal: 'Needs finance/legal sign-off',
};
