import type { CaseEvent } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';

/**
 * Case state is a pure fold of its events, so the desktop and the service compute the
 * same state from the same ordered events. Events are applied in the order given (the
 * service sequence, then this device's unsynced events); an event that does not fit the
 * current state is ignored rather than thrown, because a replica must always converge.
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
      createdAt: event.at,
      createdBy: event.actorId,
      updatedAt: event.at,
      resolvedAt: null,
      resolution: null,
      resolutionEventId: null,
      escalationLevel: 0,
      channels: [p.channel],
      contactCount: 0,
      noteCount: 0,
      eventCount: 1,
      conflicts: [],
      verifiedAt: null,
      remediations: [],
    };
  }
  if (!state) return null; // events before creation cannot be placed; the fold waits for case.created
  const next = touch(state, event);
  switch (event.type) {
    case 'contact.linked':
      next.contactCount += 1;
      if (!next.channels.includes(event.payload.channel)) next.channels = [...next.channels, event.payload.channel];
      if (next.status === 'waiting_on_customer' && event.payload.direction === 'inbound') next.status = 'open';
      return next;
    case 'note.added':
      next.noteCount += 1;
      if (next.status === 'new') next.status = 'open';
      return next;
    case 'message.sent':
      if (next.status === 'new') next.status = 'open';
      return next;
    case 'status.changed':
      if (isFinished(state)) return next;
      next.status = event.payload.to;
      return next;
    case 'severity.set':
      next.severity = event.payload.severity;
      return next;
    case 'owner.assigned':
      next.ownerId = event.payload.ownerId;
      return next;
    case 'case.escalated':
      next.escalationLevel = Math.max(next.escalationLevel, event.payload.level);
      next.ownerId = event.payload.toOwnerId;
      return next;
    case 'case.resolved':
      if (state.status === 'resolved' && state.resolution !== null && state.resolution !== event.payload.resolution) {
        const resolvingEventId = state.resolutionEventId ?? '';
        next.conflicts = [
          ...next.conflicts,
          {
            conflictId: `resolution:${resolvingEventId}:${event.id}`,
            kind: 'resolution',
            eventIds: [resolvingEventId, event.id],
            descriptions: [state.resolution, event.payload.resolution],
          },
        ];
        return next;
      }
      if (state.status === 'closed') return next;
      next.status = 'resolved';
      next.resolvedAt = event.at;
      next.resolution = event.payload.resolution;
      next.resolutionEventId = event.id;
      return next;
    case 'case.reopened':
      if (!isFinished(state)) return next;
      next.status = 'open';
      next.resolvedAt = null;
      next.resolution = null;
      next.resolutionEventId = null;
      return next;
    case 'case.closed':
      next.status = 'closed';
      return next;
    case 'conflict.settled': {
      const conflict = state.conflicts.find((c) => c.conflictId === event.payload.conflictId);
      if (!conflict) return next;
      next.conflicts = next.conflicts.filter((c) => c.conflictId !== conflict.conflictId);
      const kept = conflict.eventIds.indexOf(event.payload.keepEventId);
      if (kept >= 0) {
        next.resolution = conflict.descriptions[kept] ?? next.resolution;
        next.resolutionEventId = event.payload.keepEventId;
      }
      return next;
    }
    case 'customer.verified':
      next.verifiedAt = event.at;
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
          approval: event.payload.approval,
          status: event.payload.approval === 'none' ? 'approved' : 'pending_approval',
          requestedBy: event.actorId,
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
      return next; // recorded for audit and for the workflow engine, which folds them itself
    default:
      return exhaustive(event);
  }
}

export function foldCase(events: readonly CaseEvent[]): CaseState | null {
  let state: CaseState | null = null;
  for (const event of events) state = applyCaseEvent(state, event);
  return state;
}

export function isFinished(state: Pick<CaseState, 'status'>): boolean {
  return state.status === 'resolved' || state.status === 'closed';
}

function touch(state: CaseState, event: CaseEvent): CaseState {
  return { ...state, updatedAt: event.at > state.updatedAt ? event.at : state.updatedAt, eventCount: state.eventCount + 1 };
}

function exhaustive(event: never): never {
  throw new Error(`unhandled case event ${JSON.stringify(event)}`);
}
