// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { ben, dana, envelope } from '../../support/seed';
import { answersOf, openCase, recorded, renderConsole, runner, signIn, stepHeading } from './support';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;

/** Ben's recent transactions: the fee was charged at 00:17 UTC, which is the evening before in New York. */
const benTransactions = [
  { id: 'TX-1', accountId: 'cust-ben-chk', postedAt: '2025-03-01T00:17:00.000Z', description: 'Overdraft fee', amountCents: -3500, status: 'posted' as const, cardLast4: null },
  { id: 'TX-2', accountId: 'cust-ben-chk', postedAt: '2025-02-20T15:00:00.000Z', description: 'POS Corner Cafe', amountCents: -1250, status: 'posted' as const, cardLast4: '9911' },
  { id: 'TX-9', accountId: 'cust-ben-chk', postedAt: '2025-02-10T12:00:00.000Z', description: 'ATM fee', amountCents: -350, status: 'posted' as const, cardLast4: null },
];
const pickTransaction = (view: ReturnType<typeof within>, description: string) =>
  within(view.getByRole('radiogroup', { name: /^Fee transaction/ })).getByRole('radio', { name: new RegExp(`· ${description} ·`) });

useSeededConsole((fresh) => {
  fake = fresh;
  const index = fake.customers.findIndex((detail) => detail.customer.id === ben.customer.id);
  fake.customers.splice(index, 1, { ...ben, recentTransactions: benTransactions });
});

const FEE = { workflowId: 'billing_fee_dispute', version: 1 };

async function startFeeDispute(user: ReturnType<typeof userEvent.setup>) {
  renderConsole(fake);
  await signIn(user, 'dana', 'correct horse');
  await openCase(user, 'Overdraft fee disputed');
  await user.click(await screen.findByRole('button', { name: 'Start “Billing or fee dispute”' }));
  expect(await stepHeading()).toBe('Step 1 of 4: Record the disputed fee');
}

describe('workflow runner', () => {
  it('offers the workflows for the case type and records the start with the version it runs', async () => {
    const user = userEvent.setup();
    await startFeeDispute(user);
    expect(recorded(fake, 'workflow.started').map((e) => e.payload)).toEqual([FEE]);
    expect(within(runner()).getByLabelText('Script').textContent).toMatch('Which fee are you disputing');
  });

  it('saves each answer as an event as the agent goes, and refuses a wrong-type answer with the reason', async () => {
    const user = userEvent.setup();
    await startFeeDispute(user);
    const view = within(runner());

    await user.type(view.getByLabelText(/^Fee amount/), 'fifty dollars');
    await user.tab();
    expect((await view.findByText(/Not saved:/)).textContent).toMatch('amount must be a positive amount in dollars and cents, e.g. 125.50');
    expect(answersOf(fake, 'feeAmount')).toEqual([]);

    await user.clear(view.getByLabelText(/^Fee amount/));
    await user.type(view.getByLabelText(/^Fee amount/), '$1,250.5');
    await user.tab();
    await waitFor(() => expect(answersOf(fake, 'feeAmount')).toEqual([125_050]));
    await waitFor(() => expect(view.queryByText(/Not saved:/)).toBeNull());

    await user.type(view.getByLabelText(/^When the fee was charged/), 'yesterday');
    await user.tab();
    expect((await view.findByText(/Not saved:/)).textContent).toMatch('date-time must be ISO 8601 with a time and a zone');
    await user.clear(view.getByLabelText(/^When the fee was charged/));
    await user.type(view.getByLabelText(/^When the fee was charged/), '2025-03-01 09:30');
    await user.tab();
    // Typed as the agent's local time (New York), stored with its offset.
    await waitFor(() => expect(answersOf(fake, 'feePostedAt')).toEqual(['2025-03-01T09:30:00-05:00']));

    await user.click(view.getByRole('radio', { name: 'Overdraft fee' }));
    await waitFor(() => expect(answersOf(fake, 'feeType')).toEqual(['overdraft']));
    // An e-mail case: the call recording notice (for calls) is neither shown nor required.
    expect(view.queryByRole('checkbox', { name: 'Read aloud: Call recording notice' })).toBeNull();
    // Every answer names the workflow version and step it was given on.
    expect(recorded(fake, 'workflow.answered').every((e) => (e.payload as { stepId: string; version: number }).stepId === 'record_fee')).toBe(true);
  });

  it('offers the case customer’s recent transactions to pick the fee from, dated in the agent’s zone, and records the one picked', async () => {
    const user = userEvent.setup();
    await startFeeDispute(user);
    const view = within(runner());
    const picker = within(await view.findByRole('radiogroup', { name: /^Fee transaction/ }));
    await waitFor(() => expect(picker.getAllByRole('radio')).toHaveLength(3));
    // Newest first; 00:17 UTC on March 1 is 7:17 PM on February 28 for an agent in New York.
    expect(picker.getAllByRole('radio').map((radio) => radio.closest('label')?.textContent?.trim())).toEqual([
      'Feb 28, 2025, 7:17 PM · Overdraft fee · -$35.00',
      'Feb 20, 2025, 10:00 AM · POS Corner Cafe · -$12.50',
      'Feb 10, 2025, 7:00 AM · ATM fee · -$3.50',
    ]);
    expect(view.queryByRole('textbox', { name: /^Fee transaction/ })).toBeNull();
    await user.click(picker.getByRole('radio', { name: /Overdraft fee/ }));
    await waitFor(() => expect(answersOf(fake, 'transactionId')).toEqual(['TX-1']));
    expect((picker.getByRole('radio', { name: /Overdraft fee/ }) as HTMLInputElement).checked).toBe(true);
  });

  it('moves on with Alt+N only when the step is complete, and back with Alt+B', async () => {
    const user = userEvent.setup();
    await startFeeDispute(user);
    const view = within(runner());

    await user.keyboard('{Alt>}n{/Alt}');
    expect((await view.findByText(/^Before the next step:/)).textContent).toMatch('Before the next step: Fee disputed is required');
    expect(recorded(fake, 'workflow.step_completed')).toEqual([]);

    await user.click(view.getByRole('radio', { name: 'Overdraft fee' }));
    await user.type(view.getByLabelText(/^Fee amount/), '35');
    await user.type(view.getByLabelText(/^When the fee was charged/), '2025-03-01T09:30:00Z');
    await user.click(await waitFor(() => pickTransaction(view, 'Overdraft fee')));
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toBe('Step 2 of 4: Check the fee'));
    expect(answersOf(fake, 'transactionId')).toEqual(['TX-1']);
    expect(recorded(fake, 'workflow.step_completed').map((e) => e.payload)).toEqual([{ ...FEE, stepId: 'record_fee' }]);

    await user.keyboard('{Alt>}b{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toBe('Step 1 of 4: Record the disputed fee'));
    expect((within(runner()).getByLabelText(/^Fee amount/) as HTMLInputElement).value).toBe('35.00');
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toBe('Step 2 of 4: Check the fee'));
    expect(recorded(fake, 'workflow.step_completed')).toHaveLength(1);
  });

  it('resumes on the step the recorded answers lead to, with nothing lost', async () => {
    let seq = 50;
    const add = (type: string, payload: unknown, minute: number) => fake.receive(envelope('case-fee', type, payload, `2025-03-03T12:${String(minute).padStart(2, '0')}:00.000Z`), ++seq);
    add('workflow.started', FEE, 0);
    add('workflow.answered', { ...FEE, stepId: 'record_fee', fieldId: 'disclosure:recording_notice', value: true }, 1);
    add('workflow.answered', { ...FEE, stepId: 'record_fee', fieldId: 'feeType', value: 'atm' }, 1);
    add('workflow.answered', { ...FEE, stepId: 'record_fee', fieldId: 'feeAmount', value: 350 }, 2);
    add('workflow.answered', { ...FEE, stepId: 'record_fee', fieldId: 'feePostedAt', value: '2025-03-02T10:00:00Z' }, 2);
    add('workflow.answered', { ...FEE, stepId: 'record_fee', fieldId: 'transactionId', value: 'TX-9' }, 2);
    add('workflow.step_completed', { ...FEE, stepId: 'record_fee' }, 3);
    add('workflow.answered', { ...FEE, stepId: 'assess_fee', fieldId: 'chargedInError', value: false }, 4);

    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'dana', 'correct horse');
    await openCase(user, 'Overdraft fee disputed');
    expect(await stepHeading()).toBe('Step 2 of 4: Check the fee');
    const no = within(within(runner()).getByRole('radiogroup', { name: /^Fee was charged in error/ })).getByRole('radio', { name: 'No' }) as HTMLInputElement;
    expect(no.checked).toBe(true);
    await user.click(within(runner()).getByRole('button', { name: /^Back/ }));
    expect((await waitFor(() => pickTransaction(within(runner()), 'ATM fee')) as HTMLInputElement).checked).toBe(true);
    expect((within(runner()).getByRole('radio', { name: 'ATM fee' }) as HTMLInputElement).checked).toBe(true);
  });

  it('grants a reversal within the Tier 1 limit once the customer is verified, and changes the severity only when the agent sets the proposed one', async () => {
    fake.receive(envelope('case-fee', 'customer.verified', { customerId: ben.customer.id, method: 'one_time_code' }, '2025-03-03T13:00:00.000Z'), 60);
    fake.receive(envelope('case-fee', 'severity.set', { severity: 'S4' }, '2025-03-03T13:01:00.000Z'), 61);
    const user = userEvent.setup();
    await startFeeDispute(user);
    const view = within(runner());
    await user.click(view.getByRole('radio', { name: 'Overdraft fee' }));
    await user.type(view.getByLabelText(/^Fee amount/), '150');
    await user.tab();
    // Over $100 the workflow's severity rule says medium: proposed, with the reason, and nothing changes until the agent says so.
    const proposal = within(await view.findByRole('region', { name: 'Proposed severity' }));
    expect(proposal.getByRole('button', { name: 'Keep S4 Low' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorded(fake, 'severity.set')).toEqual([]);
    await user.click(proposal.getByRole('button', { name: 'Set severity to S3 Medium' }));
    await waitFor(() => expect(recorded(fake, 'severity.set').map((e) => e.payload)).toEqual([{ severity: 'S3', from: 'S4', reason: 'Billing or fee dispute: fee over $100' }]));
    await waitFor(() => expect(view.queryByRole('region', { name: 'Proposed severity' })).toBeNull());
    await user.type(view.getByLabelText(/^When the fee was charged/), '2025-03-01T09:30:00Z');
    await user.click(await waitFor(() => pickTransaction(view, 'POS Corner Cafe')));
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toBe('Step 2 of 4: Check the fee'));
    await user.click(within(view.getByRole('radiogroup', { name: /^Fee was charged in error/ })).getByRole('radio', { name: 'Yes' }));
    await user.click(within(view.getByRole('radiogroup', { name: /^First fee of this kind/ })).getByRole('radio', { name: 'No' }));
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toBe('Step 3 of 4: Reverse the fee'));
    await user.type(view.getByLabelText(/^Amount to reverse/), '50');
    await user.tab();
    const remediation = within(await view.findByRole('region', { name: 'Remediation' }));
    await user.click(await remediation.findByRole('button', { name: 'Grant fee reversal of $50.00' }));
    await waitFor(() =>
      expect(recorded(fake, 'remediation.requested').map((e) => e.payload)).toEqual([
        expect.objectContaining({ kind: 'fee_reversal', amountCents: 5000, approval: 'none', transactionId: 'TX-2' }),
      ]),
    );
    expect((await remediation.findByRole('list', { name: 'Fee reversal requests on this case' })).textContent).toMatch('$50.00 — approved');
  });

  it('leaves an S2 case at S2 when the script’s rule would lower it and the agent keeps it', async () => {
    fake.receive(envelope('case-fee', 'severity.set', { severity: 'S2' }, '2025-03-03T13:01:00.000Z'), 61);
    const user = userEvent.setup();
    await startFeeDispute(user);
    const view = within(runner());
    await user.type(view.getByLabelText(/^Fee amount/), '150');
    await user.tab();
    const proposal = within(await view.findByRole('region', { name: 'Proposed severity' }));
    expect(proposal.getByRole('button', { name: 'Set severity to S3 Medium' })).toBeTruthy();
    await user.click(proposal.getByRole('button', { name: 'Keep S2 High' }));
    await waitFor(() => expect(view.queryByRole('region', { name: 'Proposed severity' })).toBeNull());
    await user.type(view.getByLabelText(/^Fee amount/), '0');
    await user.tab();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorded(fake, 'severity.set')).toEqual([]);
  });

  it('keeps money-moving remediation locked until the customer is verified, and says why', async () => {
    const user = userEvent.setup();
    let seq = 50;
    const add = (type: string, payload: unknown) => fake.receive(envelope('case-fee', type, payload, '2025-03-03T12:00:00.000Z'), ++seq);
    add('workflow.started', FEE);
    for (const [stepId, fieldId, value] of [
      ['record_fee', 'disclosure:recording_notice', true],
      ['record_fee', 'feeType', 'overdraft'],
      ['record_fee', 'feeAmount', 3500],
      ['record_fee', 'feePostedAt', '2025-03-01T09:30:00Z'],
      ['record_fee', 'transactionId', 'TX-3'],
      ['assess_fee', 'chargedInError', true],
      ['assess_fee', 'firstFeeIn12Months', true],
      ['reverse_fee', 'reversalAmount', 3500],
    ] as const) {
      add('workflow.answered', { ...FEE, stepId, fieldId, value });
    }
    add('workflow.step_completed', { ...FEE, stepId: 'record_fee' });
    add('workflow.step_completed', { ...FEE, stepId: 'assess_fee' });
    renderConsole(fake);
    await signIn(user, 'dana', 'correct horse');
    await openCase(user, 'Overdraft fee disputed');
    expect(await stepHeading()).toBe('Step 3 of 4: Reverse the fee');
    const remediation = within(await within(runner()).findByRole('region', { name: 'Remediation' }));
    expect(remediation.getAllByText("verify the customer's identity before moving money")).toHaveLength(2);
    expect(remediation.queryByRole('button', { name: /Grant fee reversal/ })).toBeNull();
  });

  it('shows a closed time window with its rule and source, and takes the outside-window branch', async () => {
    fake.receive(envelope('case-refund', 'case.created', { customerId: ben.customer.id, caseType: 'refund_request', severity: 'S3', channel: 'phone', subject: 'Refund for a gym membership', ownerId: dana.id }, '2025-03-03T11:00:00.000Z'), 70);
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'dana', 'correct horse');
    await openCase(user, 'Refund for a gym membership');
    await user.click(await screen.findByRole('button', { name: 'Start “Refund request”' }));
    expect(await stepHeading()).toMatch(/^Step 1 of \d+: Record the charge$/);
    const view = within(runner());
    await user.type(view.getByLabelText(/^Transaction date and time/), '2025-01-20T15:00:00Z');
    await user.tab();
    const windows = await view.findByRole('list', { name: 'Time windows' });
    expect(windows.textContent).toMatch(
      'Refund eligibility: 30 days [operating guide 004]: 42 days have passed since the transaction on 2025-01-20 (calendar days, America/New_York); the window closed at the end of 2025-02-19',
    );
    await user.click(view.getByRole('checkbox', { name: 'Read aloud: Call recording notice' }));
    await user.type(view.getByLabelText(/^Transaction ID/), 'TX-GYM');
    await user.type(view.getByLabelText(/^Charge as described/), 'GYM CLUB');
    await user.type(view.getByLabelText(/^Transaction amount/), '60');
    await user.click(view.getByRole('radio', { name: 'Dissatisfied with the service' }));
    await user.keyboard('{Alt>}n{/Alt}');
    await waitFor(async () => expect(await stepHeading()).toMatch(/: Outside the refund window$/));
  });
});
