import { hasPermission } from '../policy/rolesConfig';
import { z } from 'zod';
import { Role } from '../domain/enums';
import type { ApprovalLevel } from '../workflow/limits';

/**
 * Who may decide a remediation request, by the sign-off it needs
 * (resources/remediation-approvers.json). Kept apart from the amounts in
 * remediation-limits.json so a bank can move sign-off between roles without touching limits.
 */
export const RemediationApprovers = z.strictObject({
  source: z.string().trim().min(1),
  approvers: z.strictObject({
    supervisor: z.array(Role).min(1, 'name at least one role that approves requests needing a supervisor'),
    finance_legal: z.array(Role).min(1, 'name at least one role that signs off for finance/legal'),
  }),
});
export type RemediationApprovers = z.infer<typeof RemediationApprovers>;

/** Whether someone in `role` may approve or reject a request that needs `approval`. */
export function mayDecide(role: Role, approval: ApprovalLevel, config: RemediationApprovers): boolean {
  if (approval === 'none') return false; // granted on the spot: there is nothing left to decide
  // The approvers file picks the level each role decides; the role must also hold the permission at all.
  return hasPermission(role, 'approve_remediation') && config.approvers[approval].includes(role);
}

/** Every role that decides some request: these see the Approvals view. */
export function decidingRoles(config: RemediationApprovers): Role[] {
  return [...new Set([...config.approvers.supervisor, ...config.approvers.finance_legal])];
}
