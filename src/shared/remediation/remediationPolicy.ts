import type { RemediationLimits } from '../workflow/limits';
import type { RemediationApprovers } from './approvers';

/** What remediation is decided by: each role's authorisation limits and who may sign off at each level. */
export interface RemediationPolicy {
  limits: RemediationLimits;
  approvers: RemediationApprovers;
}
