// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { ben } from '../../support/seed';
import { useSeededConsole } from '../../support/seededConsole';
import { answersOf, openCase, recorded, renderConsole, runner, signIn, stepHeading, type User } from './support';

let fake: FakeConsoleBridge;

useSeededConsole((fresh) => {
  fake = fresh;
  const index = fake.customers.findIndex((detail) => detail.customer.id === ben.customer.id);
  const fee = { id: 'TX-1', accountId: 'cust-ben-chk', postedAt: '2025-03-01T00:17:00.000Z', description: 'Overdraft fee', amountCents: -3500, status: 'posted' as const, cardLast4: null };
  fake.customers.splice(index, 1, { ...ben, recentTransactions: [fee] });
});

const DRAFT_KEY = 'workflow:case-fee:billing_fee_dispute:record_fee';
const feeAmount = () => within(runner()).getByLabelText(/^Fee amount/) as HTMLInputElement;

async function openFeeDispute(user: User, start: boolean) {
  renderConsole(fake);
  if (start) await signIn(user, 'dana', 'correct horse');
  await openCase(user, 'Overdraft fee disputed');
  if (start) await user.click(await screen.findByRole('button', { name: 'Start “Billing or fee dispute”' }));
  expect(await stepHeading()).toBe('Step 1 of 4: Record the disputed fee');
}

/** A reload of the page: the console goes away and comes back; main (the fake) keeps the session, the journal and the drafts. */
async function reload(user: User) {
  cleanup();
  await openFeeDispute(user, false);
}

describe('workflow answers being typed', () => {
  it('are kept as a draft until saved, come back after a reload and are saved then; a saved answer is no longer a draft', async () => {
    const user = userEvent.setup();
    await openFeeDispute(user, true);
    await user.type(feeAmount(), '35');
    // Still in the field (not saved): main holds it as a draft.
    await waitFor(() => expect(fake.drafts.get(DRAFT_KEY)).toEqual({ feeAmount: '35' }));
    expect(answersOf(fake, 'feeAmount')).toEqual([]);

    await reload(user);
    await waitFor(() => expect(answersOf(fake, 'feeAmount')).toEqual([3500]));
    await waitFor(() => expect(feeAmount().value).toBe('35.00'));
    await waitFor(() => expect(fake.drafts.has(DRAFT_KEY)).toBe(false));
  });

  it('show why a restored answer was refused beside the field, and stay a draft until the agent changes it', async () => {
    const user = userEvent.setup();
    await openFeeDispute(user, true);
    await user.type(feeAmount(), '35');
    await waitFor(() => expect(fake.drafts.get(DRAFT_KEY)).toEqual({ feeAmount: '35' }));

    // Main refuses the answer the reload saves.
    fake.failNext('events.append', { code: 'journal_unavailable', message: 'This desktop could not record it.' });
    await reload(user);
    const refused = await within(runner()).findByRole('textbox', { name: /^Fee amount/, description: 'Not saved: This desktop could not record it.' });
    expect(within(runner()).getByRole('alert')).toBe(document.getElementById(refused.getAttribute('aria-describedby') ?? ''));
    expect((refused as HTMLInputElement).value).toBe('35');
    expect(answersOf(fake, 'feeAmount')).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the draft's save pause
    expect(fake.drafts.get(DRAFT_KEY)).toEqual({ feeAmount: '35' });

    // Saved again by the agent: the reason goes, and so does the draft.
    await user.click(refused);
    await user.tab();
    await waitFor(() => expect(answersOf(fake, 'feeAmount')).toEqual([3500]));
    await waitFor(() => expect(within(runner()).queryByRole('alert')).toBeNull());
    await waitFor(() => expect(fake.drafts.has(DRAFT_KEY)).toBe(false));
  });

  it('keep what cannot be saved in the field after a reload, beside the reason, and are dropped once the step is completed', async () => {
    const user = userEvent.setup();
    await openFeeDispute(user, true);
    const view = within(runner());
    await user.click(view.getByRole('radio', { name: 'Overdraft fee' }));
    await user.type(feeAmount(), '35');
    await user.type(view.getByLabelText(/^When the fee was charged/), '2025-03-01T09:30:00Z');
    await user.click(await waitFor(() => view.getByRole('radio', { name: /· Overdraft fee ·/ })));
    await waitFor(() => expect(answersOf(fake, 'transactionId')).toEqual(['TX-1']));

    // An edit that is not an amount: never saved, so only the draft has it.
    await user.clear(feeAmount());
    await user.type(feeAmount(), 'thirty');
    await waitFor(() => expect(fake.drafts.get(DRAFT_KEY)).toEqual({ feeAmount: 'thirty' }));
    await reload(user);
    await waitFor(() => expect(feeAmount().value).toBe('thirty'));
    // Saved as leaving the field would save it, so it says why it was not, as it would have then.
    await within(runner()).findByRole('textbox', { name: /^Fee amount/, description: /^Not saved: amount must be a positive amount in dollars and cents/ });
    expect(answersOf(fake, 'feeAmount')).toEqual([3500]);

    // The recorded amount still counts, so the step completes; the edit that never was an answer goes with it.
    await user.click(within(runner()).getByRole('button', { name: /^Complete step/ }));
    await waitFor(async () => expect(await stepHeading()).toBe('Step 2 of 4: Check the fee'));
    expect(recorded(fake, 'workflow.step_completed')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 600)); // longer than the draft's save pause
    expect(fake.drafts.has(DRAFT_KEY)).toBe(false);
  });
});
