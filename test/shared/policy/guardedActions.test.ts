import { describe, expect, it } from 'vitest';
import { canPerform, GUARDED_ACTIONS, type GuardedAction } from '../../../src/shared/policy/guardedActions';
import { BUNDLED_ROLES, hasPermission } from '../../../src/shared/policy/rolesConfig';
import { Role } from '../../../src/shared/domain/enums';
import { RemediationApprovers, mayDecide } from '../../../src/shared/remediation/approvers';
import { readFileSync } from 'node:fs';

describe('permissions', () => {
  it('keeps money and contact details locked until the customer is verified, with the reason', () => {
    const locked = canPerform('start_refund', { role: 'tier1_agent', verified: false });
    expect(locked).toMatchObject({ allowed: false, code: 'not_verified' });
    if (!locked.allowed) expect(locked.reason).toMatch(/^Verify the customer first/);
    expect(canPerform('start_refund', { role: 'tier1_agent', verified: true })).toEqual({ allowed: true });
    expect(canPerform('change_contact_details', { role: 'branch_staff', verified: false })).toMatchObject({ allowed: false, code: 'not_verified' });
  });

  it('checks the role before verification, so the reason says what would actually help', () => {
    expect(canPerform('start_refund', { role: 'compliance', verified: false })).toMatchObject({ allowed: false, code: 'not_permitted' });
    expect(canPerform('reveal_sensitive', { role: 'tier1_agent', verified: true })).toMatchObject({ allowed: false, code: 'not_permitted' });
    expect(canPerform('reveal_sensitive', { role: 'specialist', verified: false })).toEqual({ allowed: true });
    expect(canPerform('approve_remediation', { role: 'supervisor', verified: false })).toEqual({ allowed: true });
    expect(canPerform('approve_remediation', { role: 'tier1_agent', verified: true })).toMatchObject({ allowed: false, code: 'not_permitted' });
  });

  it('never allows a verification-gated action for an unverified customer, whatever the role', () => {
    for (const role of Role.options) {
      for (const action of Object.keys(GUARDED_ACTIONS) as GuardedAction[]) {
        const decision = canPerform(action, { role, verified: false });
        if (GUARDED_ACTIONS[action].needsVerifiedCustomer) expect(decision.allowed).toBe(false);
        expect(canPerform(action, { role, verified: true }).allowed).toBe(hasPermission(role, GUARDED_ACTIONS[action].permission));
      }
    }
  });

  it('gives every role a row and only reviewers see the audit trail', () => {
    expect(Object.keys(BUNDLED_ROLES.roles).sort()).toEqual([...Role.options].sort());
    expect(Role.options.filter((role) => hasPermission(role, 'view_audit')).sort()).toEqual(['compliance', 'supervisor']);
  });
});

describe('remediation sign-off agrees with role permissions', () => {
  it('every role the approvers file names holds approve_remediation, and no other role decides', () => {
    const config = RemediationApprovers.parse(JSON.parse(readFileSync('resources/remediation-approvers.json', 'utf8')));
    for (const level of ['supervisor', 'finance_legal'] as const) {
      for (const role of config.approvers[level]) expect(hasPermission(role, 'approve_remediation'), `${role} signs off ${level}`).toBe(true);
    }
    expect(mayDecide('compliance', 'finance_legal', config)).toBe(true);
    expect(mayDecide('supervisor', 'supervisor', config)).toBe(true);
    for (const role of Role.options.filter((r) => !hasPermission(r, 'approve_remediation'))) {
      expect(mayDecide(role, 'supervisor', { ...config, approvers: { supervisor: [role], finance_legal: [role] } })).toBe(false);
    }
  });
});
