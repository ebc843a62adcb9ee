import type { CaseEvent, CaseEventOf } from '../domain/caseEvent';
import type { CaseConflict, CaseState, ConflictKind, ConflictValue, RecentChange } from '../domain/caseState';
import type { CaseStatus } from '../domain/enums';

/**
 * Case state is a pure fold of its events, so the desktop and the service compute the
 * same state from the same ordered events. Events are applied in the order given (the
 * service sequence, then this device's unsynced events); an event that does not fit the
 * current state is ignored rather than thrown, because a replica must always converge.
 *
 * Changes that do not commute (owner and queue, severity, type, a status change against a
 * resolution, two resolutions, a resolution against a close, an escalation against a resolution)
 * are concurrent when neither author had seen the other's: each event carries `seen`, how many of
 * the case's events its desktop held, and the fold knows each change's position. Of two
 * concurrent changes that clash, the first one sequenced stands and the later one is held as a
 * conflict on the case, shown to the agent and the supervisor, until a `conflict.settled` keeps
 * one side. Events without `seen` (the service's own, older clients) are judged by the value
 * their author saw (`from`, `resolutionEventId`). Nothing is dropped silently.
 */
export function applyCaseEvent(state: CaseState | null, event: CaseEvent): CaseState | null {
  if (event.type === 'case.created') {
    if (state) return touch(state, event); // a duplicate creation never resets a live case
    const p = event.payload;
    return {
      id: event.caseId,
      customerId: p.customerId,
      caseType: p.caseType,
      severity: p.severity,
      channel: p.channel,
      subject: p.subject,
      status: 'new',
      ownerId: p.ownerId,
      queueId: p.queueId ?? null,
      createdAt: event.at,
      createdBy: event.actorId,
      updatedAt: event.at,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      resolutionCode: null,
      resolutionEventId: null,
      firstContactResolution: null,
      closedAt: null,
      reopenCount: 0,
      escalationLevel: 1,
      channels: [p.channel],
      contactCount: 0,
      activeContacts: [],
      noteCount: 0,
      eventCount: 1,
      conflicts: [],
      lastChanges: { severity: null, type: null, owner: null },
      recentChanges: [],
      verifiedAt: null,
      verifiedBy: null,
      remediations: [],
    };
  }
  if (!state) return null; // events before creation cannot be placed; the fold waits for case.created
  const next = touch(state, event);
  switch (event.type) {
    case 'contact.linked': {
      if (next.activeContacts.some((contact) => contact.contactId === event.payload.contactId)) return next;
      next.contactCount += 1;
      next.activeContacts = [...next.activeContacts, { contactId: event.payload.contactId, agentId: event.actorId, channel: event.payload.channel, since: event.at }];
      if (!next.channels.includes(event.payload.channel)) next.channels = [...next.channels, event.payload.channel];
      if (next.status === 'waiting_on_customer' && event.payload.direction === 'inbound') next.status = 'open';
      return next;
    }
    case 'contact.wrapped':
      next.activeContacts = next.activeContacts.filter((contact) => contact.contactId !== event.payload.contactId);
      // Verification holds for the contact it was made in: once nobody is talking to the customer, it lapses.
      if (next.activeContacts.length === 0) {
        next.verifiedAt = null;
        next.verifiedBy = null;
      }
      return next;
    case 'note.added':
      next.noteCount += 1;
      if (next.status === 'new') next.status = 'open';
      return next;
    case 'message.sent':
      if (next.status === 'new') next.status = 'open';
      return next;
    case 'status.changed':
      return changeStatus(state, next, event);
    case 'severity.set':
      return changeValue(state, next, event, 'severity', event.payload.from, { severity: event.payload.severity }, (s) => s.severity === event.payload.severity, (s) => {
        s.severity = event.payload.severity;
        s.lastChanges = { ...s.lastChanges, severity: changeOf(event) };
      });
    case 'case.type_changed':
      return changeValue(state, next, event, 'type', event.payload.from, { caseType: event.payload.caseType }, (s) => s.caseType === event.payload.caseType, (s) => {
        s.caseType = event.payload.caseType;
        s.lastChanges = { ...s.lastChanges, type: changeOf(event) };
      });
    case 'owner.assigned': {
      const from = event.payload.from;
      return changeValue(
        state,
        next,
        event,
        'owner',
        from === undefined ? undefined : { ownerId: from, queueId: state.queueId },
        { ownerId: event.payload.ownerId, queueId: state.queueId },
        (s) => s.ownerId === event.payload.ownerId,
        (s) => {
          s.ownerId = event.payload.ownerId;
          s.lastChanges = { ...s.lastChanges, owner: changeOf(event) };
        },
      );
    }
    case 'case.transferred': {
      const p = event.payload;
      const base = p.fromQueueId === undefined && p.fromOwnerId === undefined ? undefined : { ownerId: p.fromOwnerId ?? null, queueId: p.fromQueueId ?? null };
      return changeValue(state, next, event, 'owner', base, { ownerId: p.toOwnerId, queueId: p.toQueueId }, (s) => s.ownerId === p.toOwnerId && s.queueId === p.toQueueId, (s) => {
        s.ownerId = p.toOwnerId;
        s.queueId = p.toQueueId;
        s.lastChanges = { ...s.lastChanges, owner: changeOf(event) };
      });
    }
    case 'case.escalated': {
      const p = event.payload;
      if (isFinished(state)) {
        // The service's own sweeper decided on an open case that was resolved meanwhile: nothing to move.
        if (p.automatic) return next;
        const clash = unseenClash(state, event, 'lifecycle');
        const standing = clash ? standingOf(clash, currentValue(state, 'escalation')) : standingSide(state, 'escalation');
        return addConflict(next, 'escalation', standing, sideOf(event, { escalationLevel: p.level, ownerId: p.toOwnerId, queueId: p.toQueueId ?? state.queueId, status: 'open' }));
      }
      const wanted = { escalationLevel: p.level, ownerId: p.toOwnerId, queueId: p.toQueueId ?? state.queueId, status: state.status };
      const ownerClash = p.automatic ? undefined : unseenClash(state, event, 'owner');
      if (ownerClash) return addConflict(next, 'escalation', standingOf(ownerClash, currentValue(state, 'owner')), sideOf(event, wanted));
      if (!p.automatic && event.seen === undefined && state.escalationLevel >= p.level && state.ownerId !== p.toOwnerId) {
        // Someone escalated it this far already, to someone else, without either seeing the other.
        return addConflict(next, 'escalation', { ...standingSide(state, 'owner') }, sideOf(event, wanted));
      }
      next.escalationLevel = Math.max(next.escalationLevel, p.level);
      next.ownerId = p.toOwnerId;
      if (p.toQueueId) next.queueId = p.toQueueId;
      next.lastChanges = { ...next.lastChanges, owner: changeOf(event) };
      recordChange(next, state, event, 'owner');
      // The sweeper's escalation follows the case's clocks; an agent's is a decision a resolution can clash with.
      if (!p.automatic) recordChange(next, state, event, 'lifecycle');
      return next;
    }
    case 'case.resolved': {
      const p = event.payload;
      const clash = unseenClash(state, event, 'lifecycle');
      if (state.status === 'resolved' || state.status === 'closed') {
        if (state.resolution === p.resolution && (state.resolutionCode ?? undefined) === p.code) return next;
        const standing = clash ? standingOf(clash, currentValue(state, 'resolution')) : standingSide(state, 'resolution');
        return addConflict(next, 'resolution', standing, sideOf(event, { resolution: p.resolution, resolutionCode: p.code ?? null, status: 'resolved' }));
      }
      // Resolved without seeing an escalation or a wait on the customer made meanwhile: which one holds is a decision for a person.
      if (clash) return addConflict(next, 'resolution', standingOf(clash, currentValue(state, 'resolution')), sideOf(event, { resolution: p.resolution, resolutionCode: p.code ?? null, status: 'resolved' }));
      recordChange(next, state, event, 'lifecycle');
      next.status = 'resolved';
      next.resolvedAt = event.at;
      next.resolvedBy = event.actorId;
      next.resolution = p.resolution;
      next.resolutionCode = p.code ?? null;
      next.resolutionEventId = event.id;
      // Kept from the first resolution: a reopened case was, by then, not solved on the first contact.
      next.firstContactResolution ??= state.contactCount === 0 ? null : state.contactCount === 1 && state.activeContacts.length > 0 && state.reopenCount === 0;
      return next;
    }
    case 'case.reopened': {
      if (!isFinished(state)) return next;
      // Reopened without seeing that someone closed it meanwhile.
      const clash = unseenClash(state, event, 'lifecycle');
      if (clash) return addConflict(next, 'status', standingOf(clash, currentValue(state, 'status')), sideOf(event, { status: 'open' }));
      recordChange(next, state, event, 'lifecycle');
      next.status = 'open';
      next.resolvedAt = null;
      next.resolvedBy = null;
      next.resolution = null;
      next.resolutionCode = null;
      next.resolutionEventId = null;
      next.closedAt = null;
      next.reopenCount += 1;
      next.firstContactResolution = next.firstContactResolution === null ? null : false;
      return next;
    }
    case 'case.closed': {
      if (state.status === 'closed') return next;
      const saw = event.payload.resolutionEventId;
      const clash = unseenClash(state, event, 'lifecycle');
      if (clash || state.status !== 'resolved' || (saw !== undefined && saw !== state.resolutionEventId)) {
        // Closing what the author saw resolved, when the case now stands differently, is a decision for a person.
        const standing = clash ? standingOf(clash, currentValue(state, 'close')) : standingSide(state, 'close');
        return addConflict(next, 'close', standing, sideOf(event, { status: 'closed', resolution: state.resolution }));
      }
      if (!event.payload.automatic) recordChange(next, state, event, 'lifecycle');
      next.status = 'closed';
      next.closedAt = event.at;
      return next;
    }
    case 'conflict.settled':
      return settle(state, next, event);
    case 'customer.verified':
      next.verifiedAt = event.at;
      next.verifiedBy = event.actorId;
      return next;
    case 'customer.linked':
      // Only an unknown caller's case takes a customer; a case never silently changes whose it is.
      if (state.customerId === null) next.customerId = event.payload.customerId;
      return next;
    case 'remediation.requested':
      if (state.remediations.some((r) => r.requestId === event.payload.requestId)) return next;
      next.remediations = [
        ...next.remediations,
        {
          requestId: event.payload.requestId,
          kind: event.payload.kind,
          amountCents: event.payload.amountCents,
          transactionId: event.payload.transactionId ?? null,
          approval: event.payload.approval,
          status: event.payload.approval === 'none' ? 'approved' : 'pending_approval',
          requestedBy: event.actorId,
          requestedAt: event.at,
          decidedBy: event.payload.approval === 'none' ? event.actorId : null,
        },
      ];
      return next;
    case 'remediation.approved':
    case 'remediation.rejected': {
      const decided = event.type === 'remediation.approved' ? 'approved' : 'rejected';
      next.remediations = next.remediations.map((r) =>
        r.requestId === event.payload.requestId && r.status === 'pending_approval' ? { ...r, status: decided, decidedBy: event.actorId } : r,
      );
      return next;
    }
    case 'sensitive.revealed':
    case 'workflow.started':
    case 'workflow.answered':
    case 'workflow.step_completed':
    case 'workflow.completed':
    case 'survey.answered':
      return next; // recorded for audit, reports and the workflow engine, which folds them itself
    case 'contact.started':
    case 'contact.identified':
    case 'contact.ended':
      return state; // contact-stream events never belong to a case stream (the policy refuses them); ignore rather than count
    default:
      return exhaustive(event);
  }
}

export function foldCase(events: readonly CaseEvent[]): CaseState | null {
  let state: CaseState | null = null;
  for (const event of events) state = applyCaseEvent(state, event);
  return state;
}

/** Whether folding this event onto the case holds it as a new conflict (the policy lets such a change through to be surfaced). */
export function heldAsConflict(state: CaseState, event: CaseEvent): boolean {
  const after = applyCaseEvent(state, event);
  return after !== null && after.conflicts.some((conflict) => conflict.sides[1].eventId === event.id && !state.conflicts.some((c) => c.conflictId === conflict.conflictId));
}

export function isFinished(state: Pick<CaseState, 'status'>): boolean {
  return state.status === 'resolved' || state.status === 'closed';
}

function changeStatus(state: CaseState, next: CaseState, event: CaseEventOf<'status.changed'>): CaseState {
  const { to, from } = event.payload;
  const clash = unseenClash(state, event, 'lifecycle');
  if (isFinished(state)) {
    // "Wait on customer" made by someone who had not seen the resolution: hold it, don't drop it.
    if (clash) return addConflict(next, 'status', standingOf(clash, currentValue(state, 'status')), sideOf(event, { status: to }));
    // Made on top of the resolution it saw (the policy refuses that: reopen first), or by a client that said nothing.
    if (event.seen !== undefined || from === undefined || from === state.status) return next;
    return addConflict(next, 'status', standingSide(state, 'status'), sideOf(event, { status: to }));
  }
  if (state.status === to) return next;
  if (clash) return addConflict(next, 'status', standingOf(clash, currentValue(state, 'status')), sideOf(event, { status: to }));
  recordChange(next, state, event, 'lifecycle');
  next.status = to;
  return next;
}

/**
 * Applies a change whose author saw `base`. No base (older clients), or the case still as they
 * saw it: the change applies. Already what they wanted: nothing to do. Otherwise someone else
 * changed the same thing meanwhile: the standing value stays and this one waits in a conflict.
 */
function changeValue(
  state: CaseState,
  next: CaseState,
  event: CaseEvent,
  kind: ConflictKind,
  base: ConflictValue | undefined | string,
  wanted: ConflictValue,
  alreadyThere: (state: CaseState) => boolean,
  apply: (state: CaseState) => void,
): CaseState {
  if (alreadyThere(state)) return next;
  const aspect = kind === 'severity' || kind === 'type' ? kind : 'owner';
  if (event.seen !== undefined) {
    const clash = unseenClash(state, event, aspect);
    if (clash) return addConflict(next, kind, standingOf(clash, currentValue(state, kind)), sideOf(event, wanted));
  } else {
    const baseValue: ConflictValue | undefined = typeof base === 'string' ? valueKeyed(kind, base) : base;
    if (baseValue !== undefined && !sameValue(kind, baseValue, currentValue(state, kind))) return addConflict(next, kind, standingSide(state, kind), sideOf(event, wanted));
  }
  apply(next);
  recordChange(next, state, event, aspect);
  return next;
}

/** How many recent changes a case keeps to judge concurrency by: an event that saw none of them clashes at worst with these. */
export const RECENT_CHANGES_KEPT = 32;

type Aspect = RecentChange['aspect'];

/** Changes to the case's lifecycle whose outcome depends on their order (either way round). */
const LIFECYCLE_CLASHES: readonly (readonly [string, string])[] = [
  ['status.changed', 'case.resolved'],
  ['status.changed', 'case.closed'],
  ['case.resolved', 'case.resolved'],
  ['case.resolved', 'case.closed'],
  ['case.escalated', 'case.resolved'],
  ['case.reopened', 'case.closed'],
];

/**
 * Whether two changes to the same aspect leave a different case depending on which comes first.
 * Two owners, severities or types always do; on the lifecycle, the pairs above and any settlement.
 */
export function changesClash(aspect: Aspect, a: string, b: string): boolean {
  if (aspect !== 'lifecycle' || a === 'conflict.settled' || b === 'conflict.settled') return true;
  return LIFECYCLE_CLASHES.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** The latest change to `aspect` that this event's author had not seen (another device's, at or after `seen`) and that clashes with it. */
function unseenClash(state: CaseState, event: CaseEvent, aspect: Aspect): RecentChange | undefined {
  const seen = event.seen;
  if (seen === undefined) return undefined;
  const changes = state.recentChanges ?? [];
  for (let i = changes.length - 1; i >= 0; i -= 1) {
    const change = changes[i]!;
    if (change.aspect === aspect && change.position >= seen && change.deviceId !== event.deviceId && changesClash(aspect, change.type, event.type)) return change;
  }
  return undefined;
}

/** Remembers an applied change and its position (the case's events before it), so a later one can tell whether it saw it. */
function recordChange(next: CaseState, state: CaseState, event: CaseEvent, aspect: Aspect): void {
  const change: RecentChange = { eventId: event.id, type: event.type, aspect, actorId: event.actorId, deviceId: event.deviceId, at: event.at, position: state.eventCount };
  next.recentChanges = [...(next.recentChanges ?? []), change].slice(-RECENT_CHANGES_KEPT);
}

function standingOf(change: RecentChange, value: ConflictValue): CaseConflict['sides'][0] {
  return { eventId: change.eventId, actorId: change.actorId, at: change.at, value };
}

function valueKeyed(kind: ConflictKind, raw: string): ConflictValue {
  if (kind === 'severity') return { severity: raw as CaseState['severity'] };
  if (kind === 'type') return { caseType: raw as CaseState['caseType'] };
  return {};
}

function currentValue(state: CaseState, kind: ConflictKind): ConflictValue {
  switch (kind) {
    case 'severity':
      return { severity: state.severity };
    case 'type':
      return { caseType: state.caseType };
    case 'owner':
      return { ownerId: state.ownerId, queueId: state.queueId };
    case 'resolution':
    case 'close':
    case 'status':
    case 'escalation':
      return { status: state.status, resolution: state.resolution, resolutionCode: state.resolutionCode, ownerId: state.ownerId, queueId: state.queueId, escalationLevel: state.escalationLevel };
  }
}

function sameValue(kind: ConflictKind, a: ConflictValue, b: ConflictValue): boolean {
  if (kind === 'owner') return (a.ownerId ?? null) === (b.ownerId ?? null) && (a.queueId === undefined || (a.queueId ?? null) === (b.queueId ?? null));
  if (kind === 'severity') return a.severity === b.severity;
  if (kind === 'type') return a.caseType === b.caseType;
  return false;
}

/** The side that stands: the case's current value, attributed to the event that set it (or to the case's creation). */
function standingSide(state: CaseState, kind: ConflictKind): CaseConflict['sides'][0] {
  const value = currentValue(state, kind);
  if (kind === 'severity' || kind === 'type' || kind === 'owner') {
    const change = state.lastChanges[kind] ?? { eventId: `${state.id}:created`, actorId: state.createdBy, at: state.createdAt };
    return { ...change, value };
  }
  if (state.resolutionEventId && state.resolvedBy && state.resolvedAt) return { eventId: state.resolutionEventId, actorId: state.resolvedBy, at: state.resolvedAt, value };
  return { eventId: `${state.id}:status@${state.updatedAt}`, actorId: state.createdBy, at: state.updatedAt, value };
}

function changeOf(event: CaseEvent): { eventId: string; actorId: string; at: string } {
  return { eventId: event.id, actorId: event.actorId, at: event.at };
}

function sideOf(event: CaseEvent, value: ConflictValue): CaseConflict['sides'][1] {
  return { eventId: event.id, actorId: event.actorId, at: event.at, value };
}

function addConflict(next: CaseState, kind: ConflictKind, standing: CaseConflict['sides'][0], held: CaseConflict['sides'][1]): CaseState {
  const conflictId = `${kind}:${standing.eventId}:${held.eventId}`;
  if (next.conflicts.some((conflict) => conflict.conflictId === conflictId)) return next;
  next.conflicts = [...next.conflicts, { conflictId, kind, sides: [standing, held] }];
  return next;
}

/**
 * Keeps one side of a conflict: the standing side changes nothing; the held side is applied now.
 * A settlement made without seeing a later clashing change does not override it: the kept side
 * is held again, against that change, for another decision.
 */
function settle(state: CaseState, next: CaseState, event: CaseEventOf<'conflict.settled'>): CaseState {
  const conflict = state.conflicts.find((c) => c.conflictId === event.payload.conflictId);
  if (!conflict) return next;
  const kept = conflict.sides.find((side) => side.eventId === event.payload.keepEventId);
  if (!kept) return next; // naming neither side settles nothing (the policy refuses it up front)
  next.conflicts = next.conflicts.filter((c) => c.conflictId !== conflict.conflictId);
  if (kept === conflict.sides[0]) return next;
  const aspects = aspectsOf(conflict.kind);
  for (const aspect of aspects) {
    const clash = unseenClash(state, event, aspect);
    if (clash) return addConflict(next, conflict.kind, standingOf(clash, currentValue(state, conflict.kind)), kept);
  }
  for (const aspect of aspects) recordChange(next, state, event, aspect);
  const value = kept.value;
  switch (conflict.kind) {
    case 'severity':
      if (value.severity) next.severity = value.severity;
      next.lastChanges = { ...next.lastChanges, severity: changeOf(event) };
      return next;
    case 'type':
      if (value.caseType) next.caseType = value.caseType;
      next.lastChanges = { ...next.lastChanges, type: changeOf(event) };
      return next;
    case 'owner':
      next.ownerId = value.ownerId ?? null;
      if (value.queueId !== undefined) next.queueId = value.queueId;
      next.lastChanges = { ...next.lastChanges, owner: changeOf(event) };
      return next;
    case 'resolution':
      if (!isFinished(state)) {
        // The resolution held against an escalation or a wait: the case is resolved as it said.
        next.status = 'resolved';
        next.resolvedAt = kept.at;
        next.firstContactResolution ??= false;
      }
      next.resolution = value.resolution ?? next.resolution;
      next.resolutionCode = value.resolutionCode ?? null;
      next.resolutionEventId = kept.eventId;
      next.resolvedBy = kept.actorId;
      return next;
    case 'close':
      next.status = 'closed';
      next.closedAt = event.at;
      return next;
    case 'status':
    case 'escalation': {
      const status = value.status && value.status !== 'resolved' && value.status !== 'closed' ? value.status : 'open';
      if (isFinished(state)) reopenAs(next, status);
      else if (conflict.kind === 'status') next.status = status;
      if (conflict.kind === 'escalation') {
        next.escalationLevel = Math.max(next.escalationLevel, value.escalationLevel ?? next.escalationLevel);
        next.ownerId = value.ownerId ?? next.ownerId;
        if (value.queueId) next.queueId = value.queueId;
        next.lastChanges = { ...next.lastChanges, owner: changeOf(event) };
      }
      return next;
    }
  }
}

/** What a conflict of this kind is about, for telling whether a later change saw its settlement. */
function aspectsOf(kind: ConflictKind): Aspect[] {
  if (kind === 'severity' || kind === 'type' || kind === 'owner') return [kind];
  if (kind === 'escalation') return ['owner', 'lifecycle'];
  return ['lifecycle'];
}

function reopenAs(next: CaseState, status: CaseStatus): void {
  next.status = status;
  next.resolvedAt = null;
  next.resolvedBy = null;
  next.resolution = null;
  next.resolutionCode = null;
  next.resolutionEventId = null;
  next.closedAt = null;
  next.reopenCount += 1;
}

function touch(state: CaseState, event: CaseEvent): CaseState {
  return { ...state, updatedAt: event.at > state.updatedAt ? event.at : state.updatedAt, eventCount: state.eventCount + 1 };
}

function exhaustive(event: never): never {
  throw new Error(`unhandled case event ${JSON.stringify(event)}`);
}
