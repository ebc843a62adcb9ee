import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { caseStateOf } from '../caseStates';
import { newCaseDefaults, rankCasesForContact, subjectForNewContactCase } from '../../../src/shared/screenpop/contactLinking';

function caseOf(overrides: Partial<CaseState>): CaseState {
  return caseStateOf({ id: 'CASE-1', customerId: 'CUS-1', caseType: 'general_inquiry', severity: 'S4', channel: 'phone', channels: ['phone'], subject: 'x', status: 'open', ownerId: 'AGT-001', createdAt: '2026-03-01T10:00:00.000Z', createdBy: 'AGT-001', updatedAt: '2026-03-01T10:00:00.000Z', contactCount: 1, eventCount: 2, ...overrides });
}
const ids = (ranked: { state: CaseState }[]) => ranked.map((entry) => entry.state.id);

describe('rankCasesForContact', () => {
  it('puts the open case the contact names first', () => {
    const cases = [caseOf({ id: 'CASE-2', caseType: 'card_dispute' }), caseOf({ id: 'CASE-3', updatedAt: '2026-03-05T10:00:00.000Z' })];
    const ranked = rankCasesForContact({ customerId: 'CUS-1', channel: 'phone', namedCaseId: 'CASE-2', cases });
    expect(ranked.map((entry) => [entry.state.id, entry.why])).toEqual([
      ['CASE-2', 'named_case'],
      ['CASE-3', 'same_channel'],
    ]);
  });

  it('then the named case’s type (even when that one is closed), then the channel, newest first; never finished cases or other customers’', () => {
    const cases = [
      caseOf({ id: 'CASE-D', caseType: 'card_dispute', status: 'closed' }),
      caseOf({ id: 'CASE-D2', caseType: 'card_dispute', channels: ['email'], updatedAt: '2026-03-01T09:00:00.000Z' }),
      caseOf({ id: 'CASE-CHAT', channels: ['chat'], updatedAt: '2026-03-04T10:00:00.000Z' }),
      caseOf({ id: 'CASE-OLD', updatedAt: '2026-03-01T10:00:00.000Z' }),
      caseOf({ id: 'CASE-NEW', updatedAt: '2026-03-02T10:00:00.000Z' }),
      caseOf({ id: 'CASE-OTHER', customerId: 'CUS-2', updatedAt: '2026-03-05T10:00:00.000Z' }),
    ];
    expect(ids(rankCasesForContact({ customerId: 'CUS-1', channel: 'phone', namedCaseId: 'CASE-D', cases }))).toEqual(['CASE-D2', 'CASE-NEW', 'CASE-OLD', 'CASE-CHAT']);
    expect(ids(rankCasesForContact({ customerId: 'CUS-1', channel: 'chat', cases }))).toEqual(['CASE-CHAT', 'CASE-NEW', 'CASE-OLD', 'CASE-D2']);
  });

  it('offers an unknown caller only unknown-caller cases', () => {
    expect(ids(rankCasesForContact({ customerId: null, channel: 'phone', cases: [caseOf({ customerId: null }), caseOf({ id: 'CASE-2' })] }))).toEqual(['CASE-1']);
  });
});

describe('new contact cases', () => {
  it('start as the named case’s type and severity, else a general inquiry, with a readable subject', () => {
    expect(newCaseDefaults(caseOf({ caseType: 'card_dispute', severity: 'S2' }))).toEqual({ caseType: 'card_dispute', severity: 'S2' });
    expect(newCaseDefaults(undefined)).toEqual({ caseType: 'general_inquiry', severity: 'S4' });
    expect(subjectForNewContactCase('general_inquiry', 'chat', true)).toBe('Chat, reason not recorded yet');
    expect(subjectForNewContactCase('general_inquiry', 'phone', false)).toBe('Call from an unknown contact');
  });
});
