import type { CaseState } from '../domain/caseState';
import type { CustomerTier } from '../domain/enums';
import type { PolicyActor } from './actor';
import { findQueue, worksQueue, type QueuesConfig } from './queuesConfig';
import { isEntitled, type CaseScope, type RolesConfig } from './rolesConfig';

/** What the service knows about a case's customer; the desktop may not know it (undefined: unknown here). */
export interface CustomerFacts {
  id: string;
  tier: CustomerTier;
  branchId: string;
  /** A member of staff's own account: restricted like AML work. */
  staff: boolean;
}

/**
 * Facts about one case that its state does not hold. Undefined means "not known here" (a desktop
 * deciding only to explain): the service always supplies them.
 */
export interface ScopeFacts {
  customer?: CustomerFacts | null;
  /** Team of the case's owner (null: unassigned or not a known agent). */
  ownerTeamId?: string | null;
  /** The actor looked this case's customer up (pop or search) within the roles file's poppedCustomerHours. */
  customerPoppedByActor?: boolean;
  /** The case was drawn into the QA sample. */
  inQaSample?: boolean;
}

export type ScopedCase = Pick<CaseState, 'ownerId' | 'queueId' | 'caseType' | 'customerId'>;

export interface ScopeConfig {
  roles: RolesConfig;
  queues: QueuesConfig;
}

/** Every scope term this case falls under for this actor (before the restriction on AML and staff work). */
export function scopesOf(caseState: Pick<ScopedCase, 'ownerId' | 'queueId'>, actor: PolicyActor, facts: ScopeFacts, config: ScopeConfig): Set<CaseScope> {
  const scopes = new Set<CaseScope>(['all']);
  const queue = findQueue(config.queues, caseState.queueId);
  if (caseState.ownerId === actor.id) scopes.add('own');
  if (caseState.ownerId === null && queue && worksQueue(queue, actor)) scopes.add('team_queue');
  if ((queue && queue.teams.includes(actor.teamId)) || (facts.ownerTeamId !== undefined && facts.ownerTeamId !== null && facts.ownerTeamId === actor.teamId)) scopes.add('team');
  if (actor.branchId !== null && (caseState.queueId === actor.branchId || (facts.customer && facts.customer.branchId === actor.branchId))) scopes.add('branch');
  if (facts.customerPoppedByActor) scopes.add('popped_customers');
  if (facts.inQaSample) scopes.add('qa_sample');
  return scopes;
}

export type Restriction = { restricted: false } | { restricted: true; reason: string };

/** AML / legal investigations and staff members' accounts: only for those entitled, whatever else the role may see. */
export function restrictionFor(caseState: Pick<CaseState, 'caseType'>, actor: PolicyActor, facts: ScopeFacts, roles: RolesConfig): Restriction {
  const byType = roles.restricted.caseTypes[caseState.caseType];
  if (byType && !isEntitled(byType, actor)) return { restricted: true, reason: `${caseState.caseType.replaceAll('_', ' ')} cases are restricted to their specialist team and compliance` };
  if (facts.customer?.staff && !isEntitled(roles.restricted.staffCustomers, actor)) return { restricted: true, reason: "cases on a staff member's own accounts are restricted to the staff-accounts team and compliance" };
  return { restricted: false };
}

function within(scopes: Set<CaseScope>, allowed: readonly CaseScope[]): boolean {
  return allowed.some((scope) => scopes.has(scope));
}

/** Whether this actor's desktop may hold the case and its events (scoped sync, look-ups, reveals). */
export function canSeeCase(caseState: ScopedCase, actor: PolicyActor, facts: ScopeFacts, config: ScopeConfig): boolean {
  if (restrictionFor(caseState, actor, facts, config.roles).restricted) return false;
  return within(scopesOf(caseState, actor, facts, config), config.roles.roles[actor.role].sees);
}

/** Whether this actor may change the case (each change still needs its own permission). */
export function canActOnCase(caseState: ScopedCase, actor: PolicyActor, facts: ScopeFacts, config: ScopeConfig): boolean {
  if (restrictionFor(caseState, actor, facts, config.roles).restricted) return false;
  return within(scopesOf(caseState, actor, facts, config), config.roles.roles[actor.role].actsOn);
}

/** Whether this actor may take the (unassigned) case for themselves. */
export function canTakeCase(caseState: ScopedCase, actor: PolicyActor, facts: ScopeFacts, config: ScopeConfig): boolean {
  if (caseState.ownerId !== null) return false;
  if (restrictionFor(caseState, actor, facts, config.roles).restricted) return false;
  const queue = findQueue(config.queues, caseState.queueId);
  if (queue && !worksQueue(queue, actor)) return false;
  const rights = config.roles.roles[actor.role];
  return within(scopesOf(caseState, actor, facts, config), [...rights.takesFrom, ...rights.actsOn]);
}

/** A contact recorded apart from any case (CT- stream): whose it is and about whom. */
export interface ScopedContact {
  agentId: string;
  customerId: string | null;
}

/**
 * Whether this actor's desktop may hold a contact stream: the contact is "owned" by the agent who
 * took it and sits in no queue, so the same sight terms apply as to a case they own; a staff
 * member's own contact stays with those entitled to staff accounts.
 */
export function canSeeContact(contact: ScopedContact, actor: PolicyActor, facts: Pick<ScopeFacts, 'customer' | 'ownerTeamId' | 'customerPoppedByActor'>, config: ScopeConfig): boolean {
  if (facts.customer?.staff && !isEntitled(config.roles.restricted.staffCustomers, actor)) return false;
  return within(scopesOf({ ownerId: contact.agentId, queueId: null }, actor, facts, config), config.roles.roles[actor.role].sees);
}
