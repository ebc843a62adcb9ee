import { describe, expect, it } from 'vitest';
import { applyCaseEvent } from '../../../src/shared/cases/reducer';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { noticeFor } from '../../../src/shared/notifications/customerNotices';
import { caseStateOf } from '../caseStates';
import { created, makeEvent } from '../eventFactory';

/** The notice an event owes when applied to `before`, folded by the real reducer. */
function noticeOn(before: CaseState | null, event: CaseEvent) {
  const after = applyCaseEvent(before, event);
  if (!after) throw new Error('folded to nothing');
  return noticeFor(event, before, after);
}

describe('which case events tell the customer', () => {
  const open = caseStateOf({ status: 'open' });
  const resolved = caseStateOf({ status: 'resolved', resolvedAt: '2026-11-23T14:00:00.000Z', resolution: 'Refunded', resolutionEventId: 'r1' });

  it('opening a case for a known customer, and an unknown caller’s case getting its customer', () => {
    expect(noticeOn(null, created())).toBe('opened');
    expect(noticeOn(null, makeEvent('case.created', { customerId: null, caseType: 'complaint', severity: 'S3', channel: 'phone', subject: 'Unknown caller', ownerId: 'agent-1' }))).toBeNull();
    expect(noticeOn(caseStateOf({ customerId: null }), makeEvent('customer.linked', { customerId: 'CUST-9' }))).toBe('opened');
    expect(noticeOn(open, makeEvent('customer.linked', { customerId: 'CUST-9' }))).toBeNull();
  });

  it('waiting on the customer and resuming; other status moves say nothing', () => {
    expect(noticeOn(open, makeEvent('status.changed', { to: 'waiting_on_customer', from: 'open' }))).toBe('waiting_on_customer');
    expect(noticeOn(caseStateOf({ status: 'waiting_on_customer' }), makeEvent('status.changed', { to: 'open', from: 'waiting_on_customer' }))).toBe('resumed');
    expect(noticeOn(caseStateOf({ status: 'new' }), makeEvent('status.changed', { to: 'open', from: 'new' }))).toBeNull();
    expect(noticeOn(caseStateOf({ status: 'waiting_on_customer' }), makeEvent('status.changed', { to: 'waiting_on_customer' }))).toBeNull();
  });

  it('resolved, closed and reopened when the case really moved; a resolution held as a conflict says nothing', () => {
    expect(noticeOn(open, makeEvent('case.resolved', { resolution: 'Fee refunded', code: 'fee_refunded' }))).toBe('resolved');
    expect(noticeOn(resolved, makeEvent('case.resolved', { resolution: 'Something else' }))).toBeNull();
    expect(noticeOn(resolved, makeEvent('case.closed', { resolutionEventId: 'r1' }))).toBe('closed');
    expect(noticeOn(resolved, makeEvent('case.reopened', { reason: 'Fee charged again' }))).toBe('reopened');
    expect(noticeOn(open, makeEvent('case.reopened', { reason: 'Was not resolved' }))).toBeNull();
  });

  it('an escalation by hand is announced, an automatic one is not', () => {
    expect(noticeOn(open, makeEvent('case.escalated', { level: 2, toOwnerId: 'sup-1', reason: 'Customer asked', automatic: false }))).toBe('escalated');
    expect(noticeOn(open, makeEvent('case.escalated', { level: 2, toOwnerId: 'sup-1', reason: 'Overdue', automatic: true }))).toBeNull();
  });

  it('notes, messages and owner changes are internal', () => {
    expect(noticeOn(open, makeEvent('note.added', { text: 'Called back' }))).toBeNull();
    expect(noticeOn(open, makeEvent('owner.assigned', { ownerId: 'agent-2' }))).toBeNull();
    expect(noticeOn(open, makeEvent('message.sent', { channel: 'email', kind: 'response', summary: 'Looking into it' }))).toBeNull();
  });
});
