import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { caseStateOf } from '../caseStates';
import { newDesktopCaseId, placeContact, subjectForNewContactCase } from '../../../src/shared/screenpop/contactLinking';
import { CASE_ID_PATTERN } from '../../../src/shared/screenpop/identifiers';

function caseOf(overrides: Partial<CaseState>): CaseState {
  return caseStateOf({ id: 'CASE-1', customerId: 'CUS-1', caseType: 'general_inquiry', severity: 'S4', channel: 'phone', subject: 'x', status: 'open', ownerId: 'AGT-001', createdAt: '2026-03-01T10:00:00.000Z', createdBy: 'AGT-001', updatedAt: '2026-03-01T10:00:00.000Z', contactCount: 1, eventCount: 2, ...overrides });
}

describe('placeContact', () => {
  it('links to the open case the contact names', () => {
    const cases = [caseOf({ id: 'CASE-2', caseType: 'card_dispute' }), caseOf({ id: 'CASE-3' })];
    expect(placeContact({ customerId: 'CUS-1', namedCaseId: 'CASE-2', cases })).toEqual({ kind: 'link', caseId: 'CASE-2', rule: 'named_case' });
  });

  it('links to the newest open case of the same type, general inquiry by default', () => {
    const cases = [
      caseOf({ id: 'CASE-OLD', updatedAt: '2026-03-01T10:00:00.000Z' }),
      caseOf({ id: 'CASE-NEW', updatedAt: '2026-03-02T10:00:00.000Z' }),
      caseOf({ id: 'CASE-FRAUD', caseType: 'fraud', updatedAt: '2026-03-03T10:00:00.000Z' }),
      caseOf({ id: 'CASE-DONE', status: 'resolved', updatedAt: '2026-03-04T10:00:00.000Z' }),
      caseOf({ id: 'CASE-OTHER', customerId: 'CUS-2', updatedAt: '2026-03-05T10:00:00.000Z' }),
    ];
    expect(placeContact({ customerId: 'CUS-1', cases })).toEqual({ kind: 'link', caseId: 'CASE-NEW', rule: 'open_case_of_type' });
  });

  it('opens a case of the named case’s type when that case is closed and no other of the type is open', () => {
    const cases = [caseOf({ id: 'CASE-D', caseType: 'card_dispute', severity: 'S3', status: 'closed' }), caseOf({ id: 'CASE-G' })];
    expect(placeContact({ customerId: 'CUS-1', namedCaseId: 'CASE-D', cases })).toEqual({ kind: 'create', caseType: 'card_dispute', severity: 'S3' });
  });

  it('ignores a named case of another customer', () => {
    const cases = [caseOf({ id: 'CASE-X', customerId: 'CUS-2', caseType: 'fraud' })];
    expect(placeContact({ customerId: 'CUS-1', namedCaseId: 'CASE-X', cases })).toEqual({ kind: 'create', caseType: 'general_inquiry', severity: 'S4' });
  });

  it('gives an unknown caller a new general inquiry unless they name an open unknown-caller case', () => {
    expect(placeContact({ customerId: null, cases: [caseOf({ customerId: null })] })).toEqual({ kind: 'create', caseType: 'general_inquiry', severity: 'S4' });
    expect(placeContact({ customerId: null, namedCaseId: 'CASE-1', cases: [caseOf({ customerId: null })] })).toMatchObject({ kind: 'link', caseId: 'CASE-1' });
  });
});

describe('new contact cases', () => {
  it('get a readable subject and a valid, unique reference', () => {
    expect(subjectForNewContactCase('general_inquiry', 'chat', true)).toBe('Chat, reason not recorded yet');
    expect(subjectForNewContactCase('general_inquiry', 'phone', false)).toBe('Call from an unknown contact');
    let seed = 0.1;
    const random = () => (seed = (seed * 9301 + 0.49297) % 1);
    const ids = new Set(Array.from({ length: 200 }, () => newDesktopCaseId(Date.UTC(2026, 2, 2), random)));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(CASE_ID_PATTERN);
  });
});
