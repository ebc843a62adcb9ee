import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyCaseEvent, foldCase } from '../../../src/shared/cases/reducer';
import { CaseState } from '../../../src/shared/domain/caseState';
import { created, makeEvent } from '../eventFactory';

describe('case reducer', () => {
  it('creates a case from case.created and counts what follows', () => {
    const state = foldCase([
      created(),
      makeEvent('contact.linked', { contactId: 'C-1', channel: 'chat', direction: 'inbound' }),
      makeEvent('note.added', { text: 'Customer says fee was charged twice' }),
    ]);
    expect(state).not.toBeNull();
    expect(CaseState.parse(state)).toBeTruthy();
    expect(state?.status).toBe('open');
    expect(state?.noteCount).toBe(1);
    expect(state?.contactCount).toBe(1);
    expect(state?.channels).toEqual(['phone', 'chat']);
    expect(state?.eventCount).toBe(3);
  });

  it('ignores events that arrive before the case exists instead of throwing', () => {
    expect(foldCase([makeEvent('note.added', { text: 'orphan' })])).toBeNull();
  });

  it('a duplicate case.created never resets a live case', () => {
    const state = foldCase([created(), makeEvent('note.added', { text: 'n' }), created()]);
    expect(state?.noteCount).toBe(1);
    expect(state?.status).toBe('open');
  });

  it('waiting on customer returns to open when the customer writes back', () => {
    const state = foldCase([
      created(),
      makeEvent('status.changed', { to: 'waiting_on_customer' }),
      makeEvent('contact.linked', { contactId: 'C-2', channel: 'email', direction: 'inbound' }),
    ]);
    expect(state?.status).toBe('open');
  });

  it('resolve, reopen and status changes after resolution', () => {
    const resolved = foldCase([created(), makeEvent('case.resolved', { resolution: 'Fee refunded' })]);
    expect(resolved?.status).toBe('resolved');
    expect(resolved?.resolution).toBe('Fee refunded');
    const stillResolved = applyCaseEvent(resolved, makeEvent('status.changed', { to: 'open' }));
    expect(stillResolved?.status).toBe('resolved');
    const reopened = applyCaseEvent(resolved, makeEvent('case.reopened', { reason: 'Charged again' }));
    expect(reopened?.status).toBe('open');
    expect(reopened?.resolvedAt).toBeNull();
  });

  it('keeps two different offline resolutions as a conflict until an agent settles it', () => {
    const first = makeEvent('case.resolved', { resolution: 'Fee refunded' }, { actorId: 'agent-1' });
    const second = makeEvent('case.resolved', { resolution: 'Fee upheld, explained' }, { actorId: 'agent-2' });
    const state = foldCase([created(), first, second]);
    expect(state?.resolution).toBe('Fee refunded');
    expect(state?.conflicts).toHaveLength(1);
    const conflict = state!.conflicts[0]!;
    expect(conflict.sides.map((side) => side.eventId)).toEqual([first.id, second.id]);
    const settled = applyCaseEvent(state, makeEvent('conflict.settled', { conflictId: conflict.conflictId, keepEventId: second.id }));
    expect(settled?.conflicts).toEqual([]);
    expect(settled?.resolution).toBe('Fee upheld, explained');
  });

  it('the same resolution made twice is not a conflict', () => {
    const state = foldCase([created(), makeEvent('case.resolved', { resolution: 'Done' }), makeEvent('case.resolved', { resolution: 'Done' })]);
    expect(state?.conflicts).toEqual([]);
  });

  it('escalation raises the level and moves ownership, never lowers it', () => {
    const state = foldCase([
      created(),
      makeEvent('case.escalated', { level: 2, toOwnerId: 'supervisor-1', reason: 'Breach', automatic: true }),
      makeEvent('case.escalated', { level: 1, toOwnerId: 'agent-9', reason: 'late duplicate', automatic: true }),
    ]);
    expect(state?.escalationLevel).toBe(2);
    expect(state?.ownerId).toBe('agent-9');
  });

  it('remediation within the limit is approved at once; above it waits for approval by the approver', () => {
    const state = foldCase([
      created(),
      makeEvent('remediation.requested', { requestId: 'R1', kind: 'fee_reversal', amountCents: 5000, reason: 'duplicate fee', approval: 'none' }),
      makeEvent('remediation.requested', { requestId: 'R2', kind: 'refund', amountCents: 50000, reason: 'merchant error', approval: 'supervisor' }),
    ]);
    expect(state?.remediations.map((r) => r.status)).toEqual(['approved', 'pending_approval']);
    const approved = applyCaseEvent(state, makeEvent('remediation.approved', { requestId: 'R2' }, { actorId: 'supervisor-1' }));
    expect(approved?.remediations[1]).toMatchObject({ status: 'approved', decidedBy: 'supervisor-1' });
  });

  it('folding is deterministic: the same events give the same state on every replica', () => {
    const pool = [
      () => makeEvent('note.added', { text: 'note' }),
      () => makeEvent('status.changed', { to: 'waiting_on_customer' }),
      () => makeEvent('status.changed', { to: 'open' }),
      () => makeEvent('case.resolved', { resolution: 'A' }),
      () => makeEvent('case.resolved', { resolution: 'B' }),
      () => makeEvent('case.reopened', { reason: 'again' }),
      () => makeEvent('severity.set', { severity: 'S1' }),
      () => makeEvent('contact.linked', { contactId: 'C', channel: 'sms', direction: 'inbound' }),
    ];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: pool.length - 1 }), { maxLength: 30 }), (picks) => {
        const events = [created(), ...picks.map((i) => pool[i]!())];
        const a = foldCase(events);
        const b = foldCase(structuredClone(events));
        expect(a).toEqual(b);
        expect(CaseState.safeParse(a).success).toBe(true);
        expect(a?.eventCount).toBe(events.length);
      }),
    );
  });
});
