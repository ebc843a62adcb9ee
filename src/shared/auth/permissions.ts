import { z } from 'zod';
import { roleLabel, type Role } from '../domain/enums';

/**
 * Role-based access, one table for the whole product: the renderer uses it to disable what an
 * agent may not do (and say why), main and the case service use it to refuse it anyway.
 *
 * Two gates, checked in this order:
 *  1. the role must hold the permission (RBAC, reviewed quarterly with this table as the record);
 *  2. actions that move money or change contact details also need the customer verified during
 *     this contact (security questions or one-time code, recorded as `customer.verified`).
 */
export const Permission = z.enum([
  'view_customer',
  'verify_customer',
  'link_contact',
  /** See a masked value in full (account number, phone, e-mail); always audited. */
  'reveal_sensitive',
  /** Start a refund, fee reversal or credit within the role's authorisation limit. */
  'request_remediation',
  'approve_remediation',
  'change_contact_details',
  'view_audit',
]);
export type Permission = z.infer<typeof Permission>;

const everyAgent: readonly Permission[] = ['view_customer', 'verify_customer', 'link_contact', 'request_remediation', 'change_contact_details'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  // Tier 1 works from masked data; a full number is read out only by those trained to handle it.
  tier1_agent: everyAgent,
  specialist: [...everyAgent, 'reveal_sensitive'],
  supervisor: [...everyAgent, 'reveal_sensitive', 'approve_remediation', 'view_audit'],
  // Branch staff check photo ID across the desk and handle account numbers on paper already.
  branch_staff: [...everyAgent, 'reveal_sensitive'],
  // Compliance signs off remediation above the supervisor's limit (finance/legal level, see
  // resources/remediation-approvers.json for which level each role decides).
  compliance: ['view_customer', 'reveal_sensitive', 'view_audit', 'link_contact', 'approve_remediation'],
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** What an agent can try to do; each names its permission and whether the customer must be verified first. */
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

export function canPerform(action: GuardedAction, context: ActionContext): ActionDecision {
  const rule = GUARDED_ACTIONS[action];
  if (!hasPermission(context.role, rule.permission)) {
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
