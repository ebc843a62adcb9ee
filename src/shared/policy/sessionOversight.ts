import type { Role } from '../domain/enums';
import { permissionLabel } from './permissions';
import { describeRole, hasPermission, type RolesConfig } from './rolesConfig';

/**
 * Whose sign-ins a person may see and end (resources/roles.json: `end_sessions`): a supervisor their
 * own team's, an administrator (`manage_users`) everyone's. The case service decides its routes by
 * it; the console shows the Sessions screen, and asks main, only when it allows something.
 */
export type OversightReach = 'none' | 'team' | 'everyone';

export interface Overseer {
  role: Role;
  teamId: string;
}

export function sessionOversightReach(actor: Overseer, roles?: RolesConfig): OversightReach {
  if (!hasPermission(actor.role, 'end_sessions', roles)) return 'none';
  return hasPermission(actor.role, 'manage_users', roles) ? 'everyone' : 'team';
}

export type OversightRuling = { ok: true } | { ok: false; reason: string; hint: string };

/** Whether `actor` may end (and see) the sign-ins of someone in team `targetTeamId`. */
export function judgeSessionOversight(actor: Overseer, target: { id: string; teamId: string } | null, roles?: RolesConfig): OversightRuling {
  const reach = sessionOversightReach(actor, roles);
  if (reach === 'none') {
    return { ok: false, reason: `Your role (${describeRole(actor.role)}) cannot ${permissionLabel.end_sessions}.`, hint: 'Supervisors end their team members’ sessions; administrators anyone’s (resources/roles.json).' };
  }
  if (target && reach === 'team' && target.teamId !== actor.teamId) {
    return { ok: false, reason: `${target.id} is not in your team (${actor.teamId}).`, hint: 'Ask that team’s supervisor or an administrator.' };
  }
  return { ok: true };
}
