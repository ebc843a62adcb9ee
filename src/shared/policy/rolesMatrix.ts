import { Role, roleLabel } from '../domain/enums';
import { Permission, permissionLabel } from './permissions';
import type { CaseScope, RolesConfig } from './rolesConfig';

const scopeLabel: Record<CaseScope, string> = {
  own: 'own',
  team_queue: 'team queue',
  team: 'team',
  branch: 'branch',
  popped_customers: 'looked-up customers',
  qa_sample: 'QA sample',
  all: 'all',
};

const scopes = (list: readonly CaseScope[]) => (list.length === 0 ? '—' : list.map((scope) => scopeLabel[scope]).join(', '));

/**
 * The roles × rights matrix as the README shows it, made from resources/roles.json so the two
 * cannot drift apart (a test compares them): one row per right, one column per role.
 */
export function rolesMatrixMarkdown(config: RolesConfig): string {
  const roles = Role.options;
  const header = `| Right | ${roles.map((role) => roleLabel[role]).join(' | ')} |`;
  const rule = `|---|${roles.map(() => ':-:').join('|')}|`;
  const rows = [
    `| Sees cases (sync, look-ups) | ${roles.map((role) => scopes(config.roles[role].sees)).join(' | ')} |`,
    `| Changes cases | ${roles.map((role) => scopes(config.roles[role].actsOn)).join(' | ')} |`,
    `| Takes unassigned cases from | ${roles.map((role) => scopes(config.roles[role].takesFrom)).join(' | ')} |`,
    ...Permission.options.map((permission) => `| ${capitalise(permissionLabel[permission])} | ${roles.map((role) => (config.roles[role].permissions.includes(permission) ? '✓' : '')).join(' | ')} |`),
  ];
  const restricted = Object.entries(config.restricted.caseTypes).map(([caseType, entitlement]) => `${caseType.replaceAll('_', ' ')} cases: ${entitled(entitlement)}`);
  restricted.push(`staff members' own accounts: ${entitled(config.restricted.staffCustomers)}`);
  return [
    header,
    rule,
    ...rows,
    '',
    `Restricted work, whatever the role otherwise sees: ${restricted.join('; ')}.`,
    `An event recorded offline more than ${config.offlineWindowHours} h before it reaches the service, or dated more than ${config.clockSkewToleranceMinutes} min before its case existed, is refused; looked-up customers' cases stay on the desktop for ${config.poppedCustomerHours} h.`,
  ].join('\n');
}

function entitled(entitlement: { roles: readonly Role[]; skills: readonly string[] }): string {
  const who = [...entitlement.roles.map((role) => roleLabel[role]), ...entitlement.skills.map((skill) => `the ${skill} skill`)];
  return who.length === 0 ? 'nobody' : who.join(' or ');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
