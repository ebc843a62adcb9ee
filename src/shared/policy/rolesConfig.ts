import { z } from 'zod';
import bundledRoles from '../../../resources/roles.json' with { type: 'json' };
import { CaseType, Role, roleLabel } from '../domain/enums';
import { Permission } from './permissions';

/**
 * Where a role's sight or reach extends (resources/roles.json):
 * - own: cases they own;
 * - team_queue: unassigned cases in a queue their team works and they have the skills for;
 * - team: every case in their team's queues, or owned by someone in their team;
 * - branch: cases in their branch's queue or of customers of their branch;
 * - popped_customers: cases of customers they looked up (pop or search) within `poppedCustomerHours`;
 * - qa_sample: cases drawn into the QA sample;
 * - all: every case.
 */
export const CaseScope = z.enum(['own', 'team_queue', 'team', 'branch', 'popped_customers', 'qa_sample', 'all']);
export type CaseScope = z.infer<typeof CaseScope>;

const Entitlement = z.strictObject({ roles: z.array(Role).default([]), skills: z.array(z.string().min(1)).default([]) });
export type Entitlement = z.infer<typeof Entitlement>;

export const RoleRights = z.strictObject({
  permissions: z.array(Permission),
  /** Cases whose events this role's desktops receive and whose customers they may look at. */
  sees: z.array(CaseScope),
  /** Cases this role may change (within its permissions). */
  actsOn: z.array(CaseScope),
  /** Cases this role may only take (assign to themselves) — the rest of their rights follow once it is theirs. */
  takesFrom: z.array(CaseScope),
});
export type RoleRights = z.infer<typeof RoleRights>;

export const RolesConfig = z.strictObject({
  source: z.string().trim().min(1),
  /** An event recorded offline longer ago than this is refused: its facts are too old to decide on. */
  offlineWindowHours: z.number().positive().max(24 * 30),
  /** How far before a case's creation an event may be dated (clock skew between desktops). */
  clockSkewToleranceMinutes: z.number().nonnegative().max(24 * 60),
  /** How long a looked-up customer's cases stay on the desktop that looked them up. */
  poppedCustomerHours: z.number().positive().max(24 * 14),
  /** Who may see restricted work at all: AML / legal investigations, and staff members' own accounts. */
  restricted: z.strictObject({
    caseTypes: z.partialRecord(CaseType, Entitlement),
    staffCustomers: Entitlement,
  }),
  roles: z.record(Role, RoleRights),
});
export type RolesConfig = z.infer<typeof RolesConfig>;

/** The roles shipped with the product; the case service loads its own copy of the file (an operator may change it). */
export const BUNDLED_ROLES: RolesConfig = RolesConfig.parse(bundledRoles);

export function hasPermission(role: Role, permission: Permission, roles: RolesConfig = BUNDLED_ROLES): boolean {
  return roles.roles[role].permissions.includes(permission);
}

export function rolesWith(permission: Permission, roles: RolesConfig = BUNDLED_ROLES): Role[] {
  return Role.options.filter((role) => hasPermission(role, permission, roles));
}

export function describeRole(role: Role): string {
  return roleLabel[role];
}

export function isEntitled(entitlement: Entitlement, actor: { role: Role; skills: readonly string[] }): boolean {
  return entitlement.roles.includes(actor.role) || entitlement.skills.some((skill) => actor.skills.includes(skill));
}
