import { describe, expect, it } from 'vitest';
import { applyCaseEvent, foldCase } from '../../../src/shared/cases/reducer';
import type { CaseEvent, CaseEventType } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { created, makeEvent } from '../eventFactory';

/**
 * The five concurrent offline scenarios issue #13 found silent, each on two desktops that both
 * held the same `seen` events of the case when they went offline: the first change sequenced
 * stands, the later one is held as a conflict naming both, and `conflict.settled` decides.
 */
const A = { caseId: 'CASE-1', actorId: 'agent-a', deviceId: 'desktop-a' };
const B = { caseId: 'CASE-1', actorId: 'agent-b', deviceId: 'desktop-b' };

function on<T extends CaseEventType>(by: typeof A, seen: number, type: T, payload: Parameters<typeof makeEvent<T>>[1]): CaseEvent {
  return { ...makeEvent(type, payload, by), seen };
}

function shared(resolved = false): CaseEvent[] {
  const events: CaseEvent[] = [created({ caseId: 'CASE-1' }), makeEvent('owner.assigned', { ownerId: 'agent-1' }, { caseId: 'CASE-1' })];
  if (resolved) events.push(makeEvent('case.resolved', { resolution: 'Fee refunded', code: 'refunded' }, { caseId: 'CASE-1' }));
  return events;
}

const fold = (events: CaseEvent[]) => foldCase(events)!;
const settle = (state: CaseState, keep: CaseEvent, conflictIndex = 0) =>
  applyCaseEvent(state, makeEvent('conflict.settled', { conflictId: state.conflicts[conflictIndex]!.conflictId, keepEventId: keep.id }, { caseId: 'CASE-1', actorId: 'sup-1', deviceId: 'desktop-sup' }))!;

describe('concurrent changes that do not commute are held, named and settled', () => {
  it('a later owner change no longer wins silently', () => {
    const base = shared();
    const a = on(A, base.length, 'owner.assigned', { ownerId: 'agent-2', from: 'agent-1' });
    const b = on(B, base.length, 'owner.assigned', { ownerId: 'agent-3', from: 'agent-1' });
    const state = fold([...base, a, b]);
    expect(state.ownerId).toBe('agent-2');
    expect(state.conflicts).toHaveLength(1);
    expect(state.conflicts[0]!.kind).toBe('owner');
    expect(state.conflicts[0]!.sides.map((side) => [side.eventId, side.value.ownerId])).toEqual([
      [a.id, 'agent-2'],
      [b.id, 'agent-3'],
    ]);
    expect(settle(state, b).ownerId).toBe('agent-3');
    expect(settle(state, b).conflicts).toEqual([]);
    // On top of what it saw, the same change is no conflict.
    const after = on(B, base.length + 1, 'owner.assigned', { ownerId: 'agent-3', from: 'agent-2' });
    expect(fold([...base, a, after]).conflicts).toEqual([]);
  });

  it('a later severity change no longer wins silently, even when the first desktop set it back and forth', () => {
    const base = shared();
    const up = on(A, base.length, 'severity.set', { severity: 'S1', from: 'S3' });
    const back = on(A, base.length, 'severity.set', { severity: 'S3', from: 'S1' });
    const b = on(B, base.length, 'severity.set', { severity: 'S2', from: 'S3' });
    // The value B saw (S3) is the value standing again: only `seen` tells that B never saw A's two changes.
    const state = fold([...base, up, back, b]);
    expect(state.severity).toBe('S3');
    expect(state.conflicts.map((c) => [c.kind, c.sides[0].eventId, c.sides[1].eventId])).toEqual([['severity', back.id, b.id]]);
    expect(settle(state, b).severity).toBe('S2');
  });

  it('a "wait on customer" is not dropped because the case was resolved elsewhere — in either order', () => {
    const base = shared();
    const resolve = on(A, base.length, 'case.resolved', { resolution: 'Explained the fee', code: 'explained' });
    const wait = on(B, base.length, 'status.changed', { to: 'waiting_on_customer', from: 'open' });
    const resolvedFirst = fold([...base, resolve, wait]);
    expect(resolvedFirst.status).toBe('resolved');
    expect(resolvedFirst.conflicts.map((c) => [c.kind, c.sides[1].eventId])).toEqual([['status', wait.id]]);
    expect(settle(resolvedFirst, wait).status).toBe('waiting_on_customer');

    const waitedFirst = fold([...base, wait, resolve]);
    expect(waitedFirst.status).toBe('waiting_on_customer');
    expect(waitedFirst.conflicts.map((c) => [c.kind, c.sides[1].eventId])).toEqual([['resolution', resolve.id]]);
    const kept = settle(waitedFirst, resolve);
    expect([kept.status, kept.resolution, kept.resolutionEventId]).toEqual(['resolved', 'Explained the fee', resolve.id]);
  });

  it('a resolution does not vanish under a close made without seeing it', () => {
    // Both saw the case resolved; A reopens it and resolves it differently while B closes the old resolution.
    const base = shared(true);
    const first = fold(base);
    const reopen = on(A, base.length, 'case.reopened', { reason: 'charged again' });
    const resolveAgain = on(A, base.length, 'case.resolved', { resolution: 'Second fee refunded too', code: 'refunded' });
    const close = on(B, base.length, 'case.closed', { resolutionEventId: first.resolutionEventId! });

    const closeLast = fold([...base, reopen, resolveAgain, close]);
    expect([closeLast.status, closeLast.resolution]).toEqual(['resolved', 'Second fee refunded too']);
    expect(closeLast.conflicts.map((c) => [c.kind, c.sides[0].eventId, c.sides[1].eventId])).toEqual([['close', resolveAgain.id, close.id]]);

    const closeFirst = fold([...base, close, reopen, resolveAgain]);
    expect(closeFirst.status).toBe('closed');
    // The reopening and the new resolution are both held, not lost: a supervisor can keep them.
    expect(closeFirst.conflicts.map((c) => [c.kind, c.sides[1].eventId])).toEqual([
      ['status', reopen.id],
      ['resolution', resolveAgain.id],
    ]);
    const reopened = settle(closeFirst, reopen, 0);
    expect(reopened.status).toBe('open');
  });

  it('an escalation no longer leaves a resolved case owned by the specialist', () => {
    const base = shared();
    const escalate = on(A, base.length, 'case.escalated', { level: 3, toOwnerId: 'specialist-1', reason: 'needs fraud review', automatic: false });
    const resolve = on(B, base.length, 'case.resolved', { resolution: 'Explained the charge', code: 'explained' });

    const escalatedFirst = fold([...base, escalate, resolve]);
    expect([escalatedFirst.status, escalatedFirst.ownerId, escalatedFirst.escalationLevel]).toEqual(['new', 'specialist-1', 3]);
    const conflict = escalatedFirst.conflicts[0]!;
    expect([conflict.kind, conflict.sides[0].eventId, conflict.sides[1].eventId]).toEqual(['resolution', escalate.id, resolve.id]);
    expect(settle(escalatedFirst, resolve).status).toBe('resolved');

    const resolvedFirst = fold([...base, resolve, escalate]);
    expect([resolvedFirst.status, resolvedFirst.ownerId]).toEqual(['resolved', 'agent-1']);
    expect(resolvedFirst.conflicts.map((c) => [c.kind, c.sides[1].eventId])).toEqual([['escalation', escalate.id]]);
    const keptEscalation = settle(resolvedFirst, escalate);
    expect([keptEscalation.status, keptEscalation.ownerId, keptEscalation.escalationLevel]).toEqual(['open', 'specialist-1', 3]);
  });

  it('a settlement made without seeing a later change to the same thing is held again, not applied over it', () => {
    const base = shared();
    const a = on(A, base.length, 'owner.assigned', { ownerId: 'agent-2', from: 'agent-1' });
    const b = on(B, base.length, 'owner.assigned', { ownerId: 'agent-3', from: 'agent-1' });
    const withConflict = fold([...base, a, b]);
    const seen = withConflict.eventCount;
    const meanwhile = on(A, seen, 'owner.assigned', { ownerId: 'agent-4', from: 'agent-2' });
    const settlement = { ...makeEvent('conflict.settled', { conflictId: withConflict.conflicts[0]!.conflictId, keepEventId: b.id }, { caseId: 'CASE-1', actorId: 'sup-1', deviceId: 'desktop-sup' }), seen };
    const state = fold([...base, a, b, meanwhile, settlement]);
    expect(state.ownerId).toBe('agent-4');
    expect(state.conflicts.map((c) => [c.kind, c.sides[0].eventId, c.sides[1].eventId])).toEqual([['owner', meanwhile.id, b.id]]);
  });
});
