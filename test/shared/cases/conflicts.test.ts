import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, foldCase } from '../../../src/shared/cases/reducer';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { created, makeEvent } from '../eventFactory';

/** A case as both desktops last saw it before going offline. */
function base(resolved: boolean): CaseEvent[] {
  const events: CaseEvent[] = [created({ caseId: 'CASE-1' }), makeEvent('owner.assigned', { ownerId: 'agent-1' }, { caseId: 'CASE-1' })];
  if (resolved) events.push(makeEvent('case.resolved', { resolution: 'Fee refunded', code: 'refunded' }, { caseId: 'CASE-1', id: '00000000-0000-4000-8000-0000000000aa' }));
  return events;
}

/** Every non-commuting change a desktop can make, each saying what its author saw. */
function change(kind: number, author: string, seen: CaseState): CaseEvent {
  const by = { caseId: 'CASE-1', actorId: author };
  switch (kind) {
    case 0:
      return makeEvent('severity.set', { severity: author === 'a' ? 'S1' : 'S2', from: seen.severity }, by);
    case 1:
      return makeEvent('case.type_changed', { caseType: author === 'a' ? 'card_dispute' : 'fraud', from: seen.caseType, reason: 'wrong type' }, by);
    case 2:
      return makeEvent('owner.assigned', { ownerId: author === 'a' ? 'agent-2' : 'agent-3', from: seen.ownerId }, by);
    case 3:
      return makeEvent('case.transferred', { toQueueId: author === 'a' ? 'FRAUD' : 'DISPUTES', toOwnerId: null, fromQueueId: seen.queueId, fromOwnerId: seen.ownerId, note: 'for the specialists' }, by);
    case 4:
      return makeEvent('status.changed', { to: 'waiting_on_customer', from: seen.status }, by);
    case 5:
      return makeEvent('case.resolved', { resolution: `Resolved by ${author}`, code: author === 'a' ? 'explained' : 'refunded' }, by);
    case 6:
      return makeEvent('case.closed', seen.resolutionEventId ? { resolutionEventId: seen.resolutionEventId } : {}, by);
    default:
      return makeEvent('case.escalated', { level: Math.min(4, seen.escalationLevel + 1), toOwnerId: `sup-${author}`, reason: 'overdue', automatic: false }, by);
  }
}

/** Whether the case shows what this event asked for. */
function applied(state: CaseState, event: CaseEvent): boolean {
  switch (event.type) {
    case 'severity.set':
      return state.severity === event.payload.severity;
    case 'case.type_changed':
      return state.caseType === event.payload.caseType;
    case 'owner.assigned':
      return state.ownerId === event.payload.ownerId;
    case 'case.transferred':
      return state.ownerId === event.payload.toOwnerId && state.queueId === event.payload.toQueueId;
    case 'status.changed':
      return state.status === event.payload.to;
    case 'case.resolved':
      return (state.status === 'resolved' || state.status === 'closed') && state.resolution === event.payload.resolution;
    case 'case.closed':
      return state.status === 'closed';
    case 'case.escalated':
      return state.ownerId === event.payload.toOwnerId;
    default:
      return true;
  }
}

const held = (state: CaseState, event: CaseEvent) => state.conflicts.some((conflict) => conflict.sides[1].eventId === event.id);

describe('concurrent changes that do not commute', () => {
  it('never lose the later of two concurrent changes silently: it is applied, or held as a conflict', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (resolved, kindA, kindB) => {
        const history = base(resolved);
        const seen = foldCase(history)!;
        const a = change(kindA, 'a', seen);
        const b = change(kindB, 'b', seen);
        // Closing needs a resolution the author saw; on an open case neither desktop could close.
        fc.pre(!(seen.status !== 'resolved' && (a.type === 'case.closed' || b.type === 'case.closed')));
        // Nor put a case they saw resolved on hold: the policy asks them to reopen it first.
        fc.pre(!(seen.status === 'resolved' && (a.type === 'status.changed' || b.type === 'status.changed')));
        const state = foldCase([...history, a, b])!;
        expect(applied(state, b) || held(state, b), `${b.type} after ${a.type} (case ${seen.status})`).toBe(true);
        // The earlier one may be superseded only by a change that had no way of seeing it, and then the case says so.
        // A resolution ends a wait on the customer: the hold stays in the timeline and its clocks, nothing to settle.
        const supersededByResolution = a.type === 'status.changed' && b.type === 'case.resolved';
        if (!applied(state, a) && !held(state, a) && !supersededByResolution) {
          const sameAspect = aspect(a) === aspect(b);
          expect(!sameAspect || state.conflicts.length > 0, `${a.type} lost to ${b.type}`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the first of two owner changes and holds the second until a supervisor picks one', () => {
    const history = base(false);
    const seen = foldCase(history)!;
    const first = change(2, 'a', seen);
    const second = change(2, 'b', seen);
    const state = foldCase([...history, first, second])!;
    expect(state.ownerId).toBe('agent-2');
    const conflict = state.conflicts[0]!;
    expect(conflict.kind).toBe('owner');
    expect(conflict.sides.map((side) => side.value.ownerId)).toEqual(['agent-2', 'agent-3']);
    expect(conflict.sides[0].eventId).toBe(first.id);
    const settled = applyCaseEvent(state, makeEvent('conflict.settled', { conflictId: conflict.conflictId, keepEventId: second.id }))!;
    expect(settled.ownerId).toBe('agent-3');
    expect(settled.conflicts).toEqual([]);
    const kept = applyCaseEvent(state, makeEvent('conflict.settled', { conflictId: conflict.conflictId, keepEventId: first.id }))!;
    expect(kept.ownerId).toBe('agent-2');
    expect(kept.conflicts).toEqual([]);
  });

  it('holds "wait on customer" made on a case resolved elsewhere, and can reopen it that way', () => {
    const history = base(false);
    const seen = foldCase(history)!;
    const resolve = change(5, 'a', seen);
    const wait = change(4, 'b', seen);
    const state = foldCase([...history, resolve, wait])!;
    expect(state.status).toBe('resolved');
    expect(state.conflicts.map((c) => c.kind)).toEqual(['status']);
    const reopened = applyCaseEvent(state, makeEvent('conflict.settled', { conflictId: state.conflicts[0]!.conflictId, keepEventId: wait.id }))!;
    expect(reopened.status).toBe('waiting_on_customer');
    expect(reopened.resolution).toBeNull();
    expect(reopened.reopenCount).toBe(1);
  });

  it('does not let a close swallow a resolution its author never saw', () => {
    const history = base(true);
    const seen = foldCase(history)!;
    const otherResolution = change(5, 'b', seen);
    const stateAfterOther = foldCase([...history, otherResolution])!;
    expect(stateAfterOther.conflicts.map((c) => c.kind)).toEqual(['resolution']);
    // A desktop that saw only the other resolution closes on it: held, the case stays resolved.
    const closeOnOther = makeEvent('case.closed', { resolutionEventId: otherResolution.id }, { caseId: 'CASE-1' });
    const state = applyCaseEvent(stateAfterOther, closeOnOther)!;
    expect(state.status).toBe('resolved');
    expect(state.conflicts.map((c) => c.kind)).toEqual(['resolution', 'close']);
  });

  it('holds a manual escalation of a resolved case instead of handing the specialist a finished case', () => {
    const history = base(true);
    const seen = foldCase(history)!;
    const escalate = makeEvent('case.escalated', { level: 3, toOwnerId: 'specialist-1', reason: 'needs fraud review', automatic: false }, { caseId: 'CASE-1' });
    const state = foldCase([...history, escalate])!;
    expect(state.ownerId).toBe(seen.ownerId);
    expect(state.status).toBe('resolved');
    expect(state.conflicts.map((c) => c.kind)).toEqual(['escalation']);
    const automatic = makeEvent('case.escalated', { level: 2, toOwnerId: 'sup-1', reason: 'breach', automatic: true }, { caseId: 'CASE-1', actorId: 'system:sla' });
    expect(foldCase([...history, automatic])!.conflicts).toEqual([]);
  });

  it('a change made on top of another (it saw it) is no conflict', () => {
    const history = base(false);
    const first = makeEvent('severity.set', { severity: 'S2', from: 'S3' }, { caseId: 'CASE-1' });
    const second = makeEvent('severity.set', { severity: 'S1', from: 'S2' }, { caseId: 'CASE-1' });
    const state = foldCase([...history, first, second])!;
    expect(state.severity).toBe('S1');
    expect(state.conflicts).toEqual([]);
    expect(state.lastChanges.severity?.eventId).toBe(second.id);
  });
});

describe('contacts on a case', () => {
  it('tracks the contact in progress, clears verification when it is wrapped, and derives first-contact resolution', () => {
    const link = makeEvent('contact.linked', { contactId: 'CT-1', channel: 'phone', direction: 'inbound' });
    const verified = makeEvent('customer.verified', { customerId: 'CUST-1', method: 'security_questions' });
    const during = foldCase([created(), link, verified])!;
    expect(during.activeContacts.map((c) => c.contactId)).toEqual(['CT-1']);
    expect(during.verifiedAt).not.toBeNull();
    const resolvedDuring = applyCaseEvent(during, makeEvent('case.resolved', { resolution: 'Explained the fee' }))!;
    expect(resolvedDuring.firstContactResolution).toBe(true);
    const wrapped = applyCaseEvent(during, makeEvent('contact.wrapped', { contactId: 'CT-1' }))!;
    expect(wrapped.activeContacts).toEqual([]);
    expect(wrapped.verifiedAt).toBeNull();
    const resolvedLater = applyCaseEvent(wrapped, makeEvent('case.resolved', { resolution: 'Refunded after review' }))!;
    expect(resolvedLater.firstContactResolution).toBe(false);
    const reopened = applyCaseEvent(resolvedDuring, makeEvent('case.reopened', { reason: 'charged again' }))!;
    expect(reopened.firstContactResolution).toBe(false);
    expect(reopened.reopenCount).toBe(1);
  });
});

function aspect(event: CaseEvent): string {
  if (event.type === 'owner.assigned' || event.type === 'case.transferred') return 'owner';
  if (event.type === 'severity.set') return 'severity';
  if (event.type === 'case.type_changed') return 'type';
  return 'lifecycle';
}
