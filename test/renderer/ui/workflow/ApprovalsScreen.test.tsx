// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { ava, ben, dana, envelope, sam } from '../../support/seed';
import { recorded, renderConsole, signIn } from './support';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;

useSeededConsole((fresh) => {
  fake = fresh;
  let seq = 80;
  const add = (caseId: string, type: string, payload: unknown, at: string) => fake.receive(envelope(caseId, type, payload, at, dana.id), ++seq);
  add('case-fee', 'customer.verified', { customerId: ben.customer.id, method: 'security_questions' }, '2025-03-03T12:00:00.000Z');
  add('case-fee', 'remediation.requested', { requestId: 'REQ-500', kind: 'refund', amountCents: 50_000, reason: 'Refund request — Grant the refund', transactionId: 'TX-500', approval: 'supervisor' }, '2025-03-03T12:05:00.000Z');
  add('case-fraud', 'customer.verified', { customerId: ava.customer.id, method: 'one_time_code' }, '2025-03-03T12:10:00.000Z');
  add('case-fraud', 'remediation.requested', { requestId: 'REQ-9000', kind: 'provisional_credit', amountCents: 900_000, reason: 'Provisional credit while fraud is investigated', approval: 'finance_legal' }, '2025-03-03T12:15:00.000Z');
}, { agentIds: [dana.id, sam.id] });

describe('approvals', () => {
  it('lists the requests a supervisor may decide, and records the approval with the approver', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'sam', 'battery staple');
    await user.click(await screen.findByRole('button', { name: 'Approvals' }));
    const list = await screen.findByRole('list', { name: 'Pending remediation requests' });
    const request = await within(list).findByRole('listitem', { name: 'Refund / credit of $500.00 on case case-fee' });
    expect(request.textContent).toMatch('Requested by Dana Reyes');
    expect(request.textContent).toMatch('TX-500');
    // Above $2,500 is finance/legal's: not in a supervisor's list.
    expect(within(list).queryByRole('listitem', { name: /Provisional credit/ })).toBeNull();

    await user.type(within(request).getByLabelText('Note (optional)'), 'Merchant confirmed.');
    await user.click(within(request).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(recorded(fake, 'remediation.approved').map((e) => [e.caseId, e.actorId, e.payload])).toEqual([['case-fee', sam.id, { requestId: 'REQ-500', note: 'Merchant confirmed.' }]]));
    expect(fake.caseState('case-fee')?.remediations).toEqual([expect.objectContaining({ requestId: 'REQ-500', status: 'approved', decidedBy: sam.id })]);
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /on case case-fee/ })).toBeNull());
  });

  it('needs a reason to reject, and shows requests for others read-only', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'sam', 'battery staple');
    await user.click(await screen.findByRole('button', { name: 'Approvals' }));
    const request = await screen.findByRole('listitem', { name: 'Refund / credit of $500.00 on case case-fee' });
    await user.click(within(request).getByRole('button', { name: 'Reject…' }));
    await user.click(within(request).getByRole('button', { name: 'Confirm rejection' }));
    expect((await within(request).findByRole('alert')).textContent).toMatch('Give the reason for rejecting');
    expect(recorded(fake, 'remediation.rejected')).toEqual([]);
    await user.type(within(request).getByLabelText('Reason for rejecting'), 'Outside the refund policy');
    await user.click(within(request).getByRole('button', { name: 'Confirm rejection' }));
    await waitFor(() => expect(recorded(fake, 'remediation.rejected').map((e) => e.payload)).toEqual([{ requestId: 'REQ-500', reason: 'Outside the refund policy' }]));

    await user.click(screen.getByRole('checkbox', { name: 'Show every pending request' }));
    const big = await screen.findByRole('listitem', { name: 'Provisional credit of $9,000.00 on case case-fraud' });
    expect(big.textContent).toMatch('Waiting for finance/legal.');
    expect(within(big).queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('is not offered to a Tier 1 agent', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'dana', 'correct horse');
    await screen.findByRole('button', { name: 'New walk-in complaint' });
    expect(screen.queryByRole('button', { name: 'Approvals' })).toBeNull();
  });
});
