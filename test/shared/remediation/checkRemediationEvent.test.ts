import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldCase } from '../../../src/shared/cases/reducer';
import { RemediationApprovers, decidingRoles, mayDecide } from '../../../src/shared/remediation/approvers';
import { checkRemediationEvent } from '../../../src/shared/remediation/checkRemediationEvent';
import { requiredApproval } from '../../../src/shared/workflow/limits';
import { Role } from '../../../src/shared/domain/enums';
import { created, makeEvent } from '../eventFactory';
import { limits, readResourceJson } from '../workflow/fixtures';

const approvers = RemediationApprovers.parse(readResourceJson('remediation-approvers.json'));
const policy = { limits, approvers };

const verifiedCase = () =>
  foldCase([created({ actorId: 'agent-1' }), makeEvent('customer.verified', { customerId: 'CUST-1', method: 'one_time_code' }, { actorId: 'agent-1' })]);

describe('checkRemediationEvent', () => {
  it('accepts exactly the approval requiredApproval gives, or a stricter one, for every role and amount', () => {
    const state = verifiedCase();
    fc.assert(
      fc.property(fc.constantFrom(...Role.options), fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom('none', 'supervisor', 'finance_legal' as const), (role, amountCents, approval) => {
        const event = makeEvent('remediation.requested', { requestId: 'R', kind: 'refund', amountCents, reason: 'x', approval }, { actorId: 'agent-1' });
        const verdict = checkRemediationEvent(event, state, role, policy);
        const rank = { none: 0, supervisor: 1, finance_legal: 2 };
        expect(verdict.ok).toBe(rank[approval] >= rank[requiredApproval(role, amountCents, limits, 'refund')]);
      }),
    );
  });

  it('does not judge other events, and refuses remediation from an unknown author', () => {
    const note = makeEvent('note.added', { text: 'hi' });
    expect(checkRemediationEvent(note, null, null, policy)).toEqual({ ok: true });
    const request = makeEvent('remediation.requested', { requestId: 'R', kind: 'executive_review', amountCents: 0, reason: 'x', approval: 'supervisor' });
    expect(checkRemediationEvent(request, verifiedCase(), null, policy)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a known agent/) });
  });

  it('lets an unverified case ask for executive review, which moves no money', () => {
    const state = foldCase([created()]);
    const review = makeEvent('remediation.requested', { requestId: 'R', kind: 'executive_review', amountCents: 0, reason: 'x', approval: 'supervisor' });
    expect(checkRemediationEvent(review, state, 'tier1_agent', policy)).toEqual({ ok: true });
  });
});

describe('approvers', () => {
  it('supervisors decide supervisor-level requests; compliance signs off for finance/legal; nobody decides a granted one', () => {
    expect(mayDecide('supervisor', 'supervisor', approvers)).toBe(true);
    expect(mayDecide('supervisor', 'finance_legal', approvers)).toBe(false);
    expect(mayDecide('compliance', 'finance_legal', approvers)).toBe(true);
    expect(mayDecide('tier1_agent', 'supervisor', approvers)).toBe(false);
    expect(mayDecide('supervisor', 'none', approvers)).toBe(false);
    expect(decidingRoles(approvers).sort()).toEqual(['compliance', 'supervisor']);
  });
});
