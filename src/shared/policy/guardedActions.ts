import { roleLabel, type Role } from '../domain/enums';
import type { Permission } from './permissions';
import { BUNDLED_ROLES, hasPermission, type RolesConfig } from './rolesConfig';

/**
 * Actions on a customer outside any one event (the pop's buttons), each with its permission and
 * whether the customer must be verified first. Two gates, in this order:
 *  1. the role must hold the permission (resources/roles.json);
 *  2. actions that move money or change contact details also need the customer verified during
 *     this contact (security questions, one-time code or photo ID, recorded as `customer.verified`).
 */
export const GUARDED_ACTIONS = {
  start_refund: { permission: 'request_remediation', needsVerifiedCustomer: true, label: 'start a refund' },
  request_remediation: { permission: 'request_remediation', needsVerifiedCustomer: true, label: 'request a remediation' },
  change_contact_details: { permission: 'change_contact_details', needsVerifiedCustomer: true, label: 'change contact details' },
  approve_remediation: { permission: 'approve_remediation', needsVerifiedCustomer: false, label: 'approve a remediation' },
  reveal_sensitive: { permission: 'reveal_sensitive', needsVerifiedCustomer: false, label: 'reveal a masked value' },
  verify_customer: { permission: 'verify_customer', needsVerifiedCustomer: false, label: 'verify a customer' },
} as const satisfies Record<string, { permission: Permission; needsVerifiedCustomer: boolean; label: string }>;
export type GuardedAction = keyof typeof GUARDED_ACTIONS;

export interface ActionContext {
  role: Role;
  /** The customer on this contact passed verification (customer.verified recorded during the contact). */
  verified: boolean;
}

export type ActionDecision = { allowed: true } | { allowed: false; code: 'not_permitted' | 'not_verified'; reason: string };

export function canPerform(action: GuardedAction, context: ActionContext, roles: RolesConfig = BUNDLED_ROLES): ActionDecision {
  const rule = GUARDED_ACTIONS[action];
  if (!hasPermission(context.role, rule.permission, roles)) {
    return { allowed: false, code: 'not_permitted', reason: `Your role (${roleLabel[context.role]}) cannot ${rule.label}. Ask a supervisor.` };
  }
  if (rule.needsVerifiedCustomer && !context.verified) {
    return {
      allowed: false,
      code: 'not_verified',
      reason: `Verify the customer first: you can ${rule.label} once they have answered their security questions or confirmed a one-time code.`,
    };
  }
  return { allowed: true };
}
