import { SLA_ACTOR_ID } from '../domain/agent';
import type { CaseEvent, CaseEventType } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';
import type { ContactState } from '../domain/contactState';
import { caseTypeLabel, roleLabel } from '../domain/enums';
import type { RemediationPolicy } from '../remediation/remediationPolicy';
import { judgeStepCompletion } from '../workflow/remediationOwed';
import type { WorkflowRegistry } from '../workflow/registry';
import { eventFitsStream, streamKindOf } from '../cases/streams';
import { heldAsConflict, isFinished } from '../cases/reducer';
import type { PolicyActor } from './actor';
import { canActOnCase, canSeeCase, canTakeCase, restrictionFor, type CustomerFacts, type ScopeFacts } from './caseScope';
import { permissionLabel, type Permission } from './permissions';
import { findQueue, routeCase, worksQueue, type QueuesConfig } from './queuesConfig';
import { judgeRemediationDecision, judgeRemediationRequest, type TransactionFacts } from './remediationRules';
import { hasPermission, type RolesConfig } from './rolesConfig';

/**
 * The one case policy: for every event type, given the stream's state before it, the actor and
 * the service's own facts, allow it or refuse it with a reason a person understands.
 *
 * The case service runs it on every pushed event inside the write transaction (a refusal
 * finishes that event with its reason; it never blocks the queue). Main runs it before
 * journaling an action, and the renderer runs it to disable a control and say why. Facts the
 * desktop cannot know (a customer's branch, other cases' refunds, the session's device, receipt
 * time) are `undefined` there: those checks are the service's to make.
 */
export interface PolicyConfig {
  roles: RolesConfig;
  queues: QueuesConfig;
  /** Remediation limits and approvers; null when the service has no valid copy (remediation is then refused). */
  remediation: RemediationPolicy | null;
  /**
   * The workflow definitions, to judge a completed step (one whose purpose is a remediation needs it
   * requested first). The service always has them; a desktop judges steps with the workflow engine instead.
   */
  workflows?: WorkflowRegistry;
}

export interface PolicyFacts {
  /** `service`: the case service records this itself (SLA sweeper, notifications); only then may its own facts be written. */
  origin: 'desktop' | 'service';
  /** When the service received the event (ISO); undefined on a desktop. */
  receivedAt?: string;
  /** The device of the session that pushed it; undefined on a desktop. */
  sessionDeviceId?: string;
  /** Facts about the case for scope and restriction. */
  scope?: ScopeFacts;
  /** The customer a new case or contact names (tier for routing, branch and staff flag for scope). */
  customer?: CustomerFacts | null;
  /** The transaction a remediation request names, with what was already requested against it on every case. */
  transaction?: TransactionFacts | null;
  /** Looks up another agent (assignment and transfer targets). */
  agent?: (agentId: string) => PolicyActor | undefined;
}

export type RefusalCode =
  | 'not_permitted'
  | 'out_of_scope'
  | 'restricted'
  | 'not_verified'
  | 'invalid_state'
  | 'stale'
  | 'device_mismatch'
  | 'over_limit'
  | 'unknown_actor'
  | 'service_only'
  | 'wrong_stream';

export type Decision = { allowed: true } | { allowed: false; code: RefusalCode; reason: string };

export interface DecisionInput {
  event: CaseEvent;
  /** The case before the event (case streams); null when the case does not exist (yet). */
  before: CaseState | null;
  /** The contact before the event (contact streams). */
  contactBefore?: ContactState | null;
  /** The signed-in agent; null when the author is not a known agent. */
  actor: PolicyActor | null;
  facts: PolicyFacts;
  config: PolicyConfig;
}

const ALLOW: Decision = { allowed: true };

function refuse(code: RefusalCode, reason: string): Decision {
  return { allowed: false, code, reason };
}

/** The permission each event needs. Contact-stream events and the service's own facts are handled on their own. */
const EVENT_PERMISSION: Record<CaseEventType, Permission> = {
  'case.created': 'create_case',
  'contact.linked': 'link_contact',
  'contact.wrapped': 'link_contact',
  'note.added': 'add_note',
  'message.sent': 'send_message',
  'status.changed': 'change_status',
  'severity.set': 'change_severity',
  'case.type_changed': 'change_type',
  'owner.assigned': 'assign_case',
  'case.transferred': 'transfer_case',
  'case.escalated': 'escalate_case',
  'case.resolved': 'resolve_case',
  'case.reopened': 'reopen_case',
  'case.closed': 'close_case',
  'customer.verified': 'verify_customer',
  'customer.linked': 'link_contact',
  'sensitive.revealed': 'reveal_sensitive',
  'workflow.started': 'run_workflow',
  'workflow.answered': 'run_workflow',
  'workflow.step_completed': 'run_workflow',
  'workflow.completed': 'run_workflow',
  'remediation.requested': 'request_remediation',
  'remediation.approved': 'approve_remediation',
  'remediation.rejected': 'approve_remediation',
  'conflict.settled': 'settle_conflict',
  'survey.answered': 'record_survey',
  'contact.started': 'link_contact',
  'contact.identified': 'link_contact',
  'contact.ended': 'link_contact',
};

/** Events the person handling a contact on the case may record even when the case is not theirs to change. */
const WHILE_HANDLING_A_CONTACT: readonly CaseEventType[] = ['contact.linked', 'contact.wrapped', 'note.added', 'message.sent', 'case.reopened', 'survey.answered', 'workflow.started', 'workflow.answered', 'workflow.step_completed', 'workflow.completed'];
/** Events that only need sight of the case: an audit record, or a decision made from the Approvals list. */
const NEEDS_SIGHT_ONLY: readonly CaseEventType[] = ['sensitive.revealed', 'remediation.approved', 'remediation.rejected', 'contact.linked'];

export function decideCaseEvent(input: DecisionInput): Decision {
  const { event, actor, facts, config } = input;
  const kind = streamKindOf(event.caseId);
  if (!eventFitsStream(event.type, kind)) {
    return refuse('wrong_stream', kind === 'contact' ? `${event.type} belongs on a case, not on contact ${event.caseId}` : `${event.type} belongs on a contact record (CT-…), not on case ${event.caseId}`);
  }

  const timing = checkTiming(input);
  if (timing) return timing;

  if (facts.origin === 'service') return decideServiceEvent(input);
  if (!actor) return refuse('unknown_actor', `${event.actorId} is not a known agent, so nothing they send can be decided`);
  if (event.actorId !== actor.id) return refuse('not_permitted', `the event is authored by ${event.actorId}, but ${actor.displayName} is the one signed in`);
  if (facts.sessionDeviceId !== undefined && event.deviceId !== facts.sessionDeviceId) {
    return refuse('device_mismatch', `the event says it comes from device ${event.deviceId}, but this session was opened on device ${facts.sessionDeviceId}`);
  }
  if (event.type === 'case.escalated' && event.payload.automatic) return refuse('service_only', 'automatic escalations are made by the case service itself, never sent by a desktop');
  if (event.type === 'case.closed' && event.payload.automatic) return refuse('service_only', 'automatic closure is made by the case service itself, never sent by a desktop');
  if (event.type === 'survey.answered' && event.payload.source === 'notification') return refuse('service_only', 'survey answers from the notification channel are recorded by the case service itself');

  const permission = EVENT_PERMISSION[event.type];
  const mayTake = event.type === 'owner.assigned' && event.payload.ownerId === actor.id && input.before?.ownerId === null;
  // Putting one's own case back in its queue is the reverse of taking it: the same right.
  const mayRelease = event.type === 'owner.assigned' && event.payload.ownerId === null && input.before?.ownerId === actor.id;
  const needed: Permission = mayTake || mayRelease ? 'take_case' : permission;
  if (!hasPermission(actor.role, needed, config.roles)) {
    return refuse('not_permitted', `your role (${roleLabel[actor.role]}) cannot ${permissionLabel[needed]}`);
  }

  if (kind === 'contact') return decideContactEvent(input, actor);
  if (event.type === 'case.created') return decideCreation(input, actor);

  const before = input.before;
  if (!before) return refuse('invalid_state', `case ${event.caseId} does not exist on the service; its case.created event must be synced first`);
  const scope = facts.scope ?? {};
  const restriction = restrictionFor(before, actor, scope, config.roles);
  if (restriction.restricted) return refuse('restricted', `${restriction.reason}`);

  const handling = before.activeContacts.some((contact) => contact.agentId === actor.id);
  const acts = canActOnCase(before, actor, scope, config);
  if (!acts) {
    const sees = canSeeCase(before, actor, scope, config);
    const allowedAnyway =
      (mayTake && canTakeCase(before, actor, scope, config)) || (handling && WHILE_HANDLING_A_CONTACT.includes(event.type)) || (sees && NEEDS_SIGHT_ONLY.includes(event.type));
    if (!allowedAnyway) return refuse('out_of_scope', outOfScopeReason(before, actor, sees));
  }
  return decideCaseChange(input, actor, before, handling);
}

/** Receipt time is the service's fact: nothing from before the case existed, or older than the offline window. */
function checkTiming({ event, before, facts, config }: DecisionInput): Decision | null {
  const at = Date.parse(event.at);
  const toleranceMs = config.roles.clockSkewToleranceMinutes * 60_000;
  if (before && at < Date.parse(before.createdAt) - toleranceMs) {
    return refuse('stale', `the event is dated ${event.at}, before case ${event.caseId} existed (${before.createdAt}); check the device clock`);
  }
  if (facts.receivedAt !== undefined && facts.origin === 'desktop') {
    const ageMs = Date.parse(facts.receivedAt) - at;
    const windowMs = config.roles.offlineWindowHours * 3_600_000;
    if (ageMs > windowMs) {
      return refuse('stale', `the event was recorded ${Math.round(ageMs / 3_600_000)} h before it reached the service; events older than ${config.roles.offlineWindowHours} h offline are not accepted — record it again if it still applies`);
    }
  }
  return null;
}

/** The service's own facts (SLA sweeps, automatic closure, survey answers, notifications): written by the service actor only. */
function decideServiceEvent({ event, before }: DecisionInput): Decision {
  if (!event.actorId.startsWith('system:') && event.actorId !== SLA_ACTOR_ID) return ALLOW; // the service replaying agents' events (the demo seed) keeps their authors
  if (streamKindOf(event.caseId) === 'case' && event.type !== 'case.created' && !before) return refuse('invalid_state', `case ${event.caseId} does not exist`);
  return ALLOW;
}

function decideContactEvent({ event, contactBefore, facts }: DecisionInput, actor: PolicyActor): Decision {
  if (event.type === 'contact.started') {
    if (contactBefore) return refuse('invalid_state', `contact ${event.caseId} was already started`);
    if (event.payload.customerId !== null && facts.customer === null) return refuse('invalid_state', `there is no customer ${event.payload.customerId}`);
    return ALLOW;
  }
  if (!contactBefore) return refuse('invalid_state', `contact ${event.caseId} has not been started`);
  if (contactBefore.agentId !== actor.id) return refuse('out_of_scope', 'only the person who took a contact records what happens on it');
  if (contactBefore.endedAt !== null && event.type !== 'contact.ended') return refuse('invalid_state', `contact ${event.caseId} has ended; start a new contact`);
  if (event.type === 'customer.verified' && contactBefore.customerId !== event.payload.customerId) {
    return refuse('invalid_state', `contact ${event.caseId} is with ${contactBefore.customerId ?? 'an unknown caller'}, not ${event.payload.customerId}`);
  }
  if (event.type === 'contact.identified' && contactBefore.customerId !== null) return refuse('invalid_state', `contact ${event.caseId} is already identified`);
  return ALLOW;
}

function decideCreation({ event, before, facts, config }: DecisionInput, actor: PolicyActor): Decision {
  if (event.type !== 'case.created') return ALLOW;
  if (before) return refuse('invalid_state', `case reference ${event.caseId} is already in use; open the case again to get a new reference`);
  const p = event.payload;
  const customerFacts = facts.customer;
  const restriction = restrictionFor({ caseType: p.caseType }, actor, { customer: customerFacts }, config.roles);
  if (restriction.restricted) return refuse('restricted', `you cannot open this case: ${restriction.reason}`);
  if (p.customerId !== null && customerFacts === null) return refuse('invalid_state', `there is no customer ${p.customerId}`);
  if (p.ownerId !== null && p.ownerId !== actor.id) {
    return refuse('not_permitted', 'a new case starts with whoever opens it, or unassigned in its queue; give it to someone else afterwards (Transfer)');
  }
  if (p.queueId === undefined) return refuse('invalid_state', 'a new case must name its queue (routing: resources/queues.json)');
  const queue = findQueue(config.queues, p.queueId);
  if (!queue) return refuse('invalid_state', `there is no queue "${p.queueId}" [${config.queues.source}]`);
  // The desktop routes with the tier it knows; the service checks it against the customer it has.
  if (customerFacts !== undefined) {
    const routed = routeCase(config.queues, { caseType: p.caseType, channel: p.channel, tier: customerFacts?.tier ?? null, opener: actor });
    if (routed.ok && routed.queue.id !== queue.id) {
      return refuse('invalid_state', `a ${caseTypeLabel[p.caseType].toLowerCase()} case on ${p.channel.replace('_', ' ')} goes to queue ${routed.queue.name} (${routed.rule.why}), not ${queue.name}`);
    }
  }
  if (p.ownerId !== null && !worksQueue(queue, actor)) {
    return refuse('not_permitted', `${queue.name} is worked by ${queue.skills.length ? `agents with the ${queue.skills.join(', ')} skill` : `team ${queue.teams.join(', ')}`}: open the case unassigned and it waits there for them`);
  }
  return ALLOW;
}

function decideCaseChange({ event, facts, config }: DecisionInput, actor: PolicyActor, before: CaseState, handling: boolean): Decision {
  const scope = facts.scope ?? {};
  // What the author saw decides which changes were concurrent: no desktop can have seen events the case does not have yet.
  if (event.seen !== undefined && event.seen > before.eventCount) {
    return refuse('invalid_state', `the event says its desktop held ${event.seen} of this case's events, but the case has ${before.eventCount}`);
  }
  switch (event.type) {
    case 'owner.assigned': {
      const target = event.payload.ownerId;
      if (target === before.ownerId) return ALLOW; // already so: harmless, and idempotent for a retried take
      if (target === actor.id && before.ownerId === null) {
        return canTakeCase(before, actor, scope, config) ? ALLOW : refuse('out_of_scope', `you do not work queue ${before.queueId ?? '(none)'}, so you cannot take this case`);
      }
      if (target === null) return before.ownerId === actor.id || hasPermission(actor.role, 'assign_case', config.roles) ? ALLOW : refuse('not_permitted', 'only the owner or a supervisor can put a case back in its queue');
      if (!hasPermission(actor.role, 'assign_case', config.roles)) return refuse('not_permitted', `your role (${roleLabel[actor.role]}) cannot assign a case to someone else; hand it to a queue instead (Transfer)`);
      return checkAssignee(target, before.queueId, actor, facts, config);
    }
    case 'case.transferred': {
      const p = event.payload;
      const queue = findQueue(config.queues, p.toQueueId);
      if (!queue) return refuse('invalid_state', `there is no queue "${p.toQueueId}" [${config.queues.source}]`);
      if (p.toOwnerId === null) return ALLOW;
      if (p.toOwnerId === actor.id) return worksQueue(queue, actor) ? ALLOW : refuse('not_permitted', `you do not work queue ${queue.name}`);
      if (!hasPermission(actor.role, 'assign_case', config.roles)) return refuse('not_permitted', `your role (${roleLabel[actor.role]}) can hand a case to a queue, not to a person: transfer it to ${queue.name} unassigned`);
      return checkAssignee(p.toOwnerId, p.toQueueId, actor, facts, config);
    }
    case 'case.escalated':
      if (event.payload.level <= before.escalationLevel && !isFinished(before) && !heldAsConflict(before, event)) {
        return refuse('invalid_state', `the case is already at escalation level ${before.escalationLevel}; an escalation moves it further up`);
      }
      return ALLOW;
    case 'conflict.settled': {
      const conflict = before.conflicts.find((c) => c.conflictId === event.payload.conflictId);
      if (!conflict) return refuse('invalid_state', 'that conflict is not open on this case (already settled?)');
      if (!conflict.sides.some((side) => side.eventId === event.payload.keepEventId)) return refuse('invalid_state', 'keep one of the two sides of the conflict');
      return ALLOW;
    }
    case 'customer.verified':
      if (before.customerId !== event.payload.customerId) return refuse('invalid_state', `this case is about ${before.customerId ?? 'an unknown caller'}, not ${event.payload.customerId}`);
      if (before.ownerId !== actor.id) return refuse('not_permitted', "only the case's owner verifies the customer on it; take the case first");
      if (!handling) return refuse('invalid_state', 'verify the customer during a contact: link the call, chat or visit to this case first');
      return ALLOW;
    case 'customer.linked':
      if (before.customerId !== null) return refuse('invalid_state', 'this case already belongs to a customer');
      return ALLOW;
    case 'case.closed':
      if (before.status !== 'resolved' && event.payload.resolutionEventId === undefined && !heldAsConflict(before, event)) return refuse('invalid_state', 'resolve the case before closing it');
      return ALLOW;
    case 'case.reopened':
      if (!isFinished(before)) return refuse('invalid_state', 'the case is open already');
      return ALLOW;
    case 'status.changed':
      // A change made without seeing the resolution is kept as a conflict; one made on top of it needs a reopening first.
      if (isFinished(before) && !heldAsConflict(before, event)) return refuse('invalid_state', 'the case is resolved: reopen it first');
      return ALLOW;
    case 'remediation.requested': {
      if (!config.remediation) return refuse('not_permitted', 'the case service has no valid remediation limits loaded; remediation is refused until it does');
      const ruling = judgeRemediationRequest(event, before, actor.role, config.remediation, facts.transaction);
      return ruling.ok ? ALLOW : refuse(ruling.code, ruling.reason);
    }
    case 'remediation.approved':
    case 'remediation.rejected': {
      if (!config.remediation) return refuse('not_permitted', 'the case service has no valid remediation limits loaded; remediation is refused until it does');
      const ruling = judgeRemediationDecision(event, before, actor.role, config.remediation);
      return ruling.ok ? ALLOW : refuse(ruling.code, ruling.reason);
    }
    case 'workflow.step_completed': {
      if (!config.workflows) return ALLOW;
      const ruling = judgeStepCompletion(config.workflows, event.payload, before.remediations.map((remediation) => remediation.kind));
      return ruling.ok ? ALLOW : refuse('invalid_state', ruling.reason);
    }
    default:
      return ALLOW;
  }
}

function checkAssignee(targetId: string, queueId: string | null, actor: PolicyActor, facts: PolicyFacts, config: PolicyConfig): Decision {
  if (!facts.agent) return ALLOW; // the desktop may not know the directory; the service does
  const target = facts.agent(targetId);
  if (!target) return refuse('invalid_state', `there is no agent ${targetId}`);
  if (target.teamId !== actor.teamId) return refuse('out_of_scope', `${target.displayName} is not in your team; transfer the case to their queue instead`);
  const queue = findQueue(config.queues, queueId);
  if (queue && !worksQueue(queue, target)) return refuse('invalid_state', `${target.displayName} does not work queue ${queue.name}`);
  return ALLOW;
}

function outOfScopeReason(before: CaseState, actor: PolicyActor, sees: boolean): string {
  const owner = before.ownerId === null ? `waiting in queue ${before.queueId ?? '(none)'}` : `owned by ${before.ownerId === actor.id ? 'you' : 'someone else'}`;
  return sees
    ? `you can see this case but not change it: it is ${owner}. Ask its owner or your supervisor, or link your contact to it to add notes.`
    : `this case is outside what your role (${roleLabel[actor.role]}) may see or change.`;
}
