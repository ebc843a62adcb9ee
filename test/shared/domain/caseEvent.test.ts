import { describe, expect, it } from 'vitest';
import { CaseEventEnvelope, parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import { Account, Customer } from '../../../src/shared/domain/customer';
import { created, makeEvent } from '../eventFactory';

describe('case event schemas', () => {
  it('accepts a well-formed event', () => {
    expect(parseCaseEvent(created())).toMatchObject({ ok: true });
  });

  it('names the field that is wrong', () => {
    const bad = { ...makeEvent('note.added', { text: 'x' }), payload: { text: '   ' } };
    const result = parseCaseEvent(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/payload\.text: a note cannot be empty/);
  });

  it('refuses an unknown type but the envelope keeps it for a newer client', () => {
    const future = { ...created(), type: 'case.teleported', payload: { where: 'mars' } };
    expect(parseCaseEvent(future).ok).toBe(false);
    expect(CaseEventEnvelope.safeParse(future).success).toBe(true);
  });

  it('refuses timestamps with offsets and non-UUID ids', () => {
    expect(parseCaseEvent({ ...created(), at: '2026-11-23T10:00:00+02:00' }).ok).toBe(false);
    expect(parseCaseEvent({ ...created(), id: 'not-a-uuid' }).ok).toBe(false);
  });

  it('a reveal audit event requires a reason', () => {
    const result = parseCaseEvent({ ...makeEvent('sensitive.revealed', { field: 'account_number', targetId: 'A-1', reason: 'customer asked' }), payload: { field: 'account_number', targetId: 'A-1', reason: '' } });
    expect(result.ok).toBe(false);
  });

  it('never lets a full account number cross a boundary', () => {
    const account = { id: 'A', customerId: 'C', kind: 'checking', maskedNumber: '••••1234', balanceCents: 100, pendingCents: 0, pendingCount: 0, currency: 'USD', openedOn: '2020-01-01' };
    expect(Account.safeParse(account).success).toBe(true);
    expect(Account.safeParse({ ...account, maskedNumber: '123456781234' }).success).toBe(false);
  });

  it('phones are E.164', () => {
    const customer = { id: 'C', fullName: 'Ana Diaz', tier: 'vip', segment: 'consumer', phone: '+15551234567', email: 'ana@example.com', branchId: 'BR-001', customerSince: '2019-05-01' };
    expect(Customer.safeParse(customer).success).toBe(true);
    expect(Customer.safeParse({ ...customer, phone: '555-1234' }).success).toBe(false);
  });
});
