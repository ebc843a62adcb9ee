// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import type { CustomerDetail } from '../../../src/shared/domain/customer';
import { FakeConsoleBridge, READ_MODEL_KEY } from '../support/fakeBridge';
import { fakeDigest } from '../support/screenPopFake';
import { ReadModelDb, readModelDbName } from '../../../src/renderer/data/db';
import { storePopCustomers } from '../../../src/renderer/screenpop/popStorage';
import { ava, ben, customer, dana, sam, testSealer } from '../support/seed';
import { useSeededConsole } from '../support/seededConsole';

let fake: FakeConsoleBridge;

/** Ava with a card account and a few transactions, so the pop has something to show (the fee in the evening: another day in UTC). */
function withTransactions(detail: CustomerDetail): CustomerDetail {
  return {
    ...detail,
    recentTransactions: [
      { id: 'txn-1', accountId: detail.accounts[0]?.id ?? '', postedAt: '2025-03-02T12:00:00.000Z', description: 'POS Corner Grocery', amountCents: -4_250, status: 'posted', cardLast4: '9911' },
      { id: 'txn-2', accountId: detail.accounts[0]?.id ?? '', postedAt: '2025-03-04T00:17:00.000Z', description: 'Monthly maintenance fee', amountCents: -1_200, status: 'pending', cardLast4: null },
    ],
  };
}

useSeededConsole((fresh) => {
  fake = fresh;
  fake.customers.splice(0, fake.customers.length, withTransactions(ava), ben);
  fake.screenPops.accountNumbers.set(`${ava.customer.id}-chk`, '100000014821');
}, { settleMs: 100, agentIds: [dana.id, sam.id] });

async function signedIn(username: 'dana' | 'sam' = 'dana') {
  const user = userEvent.setup();
  render(<ConsoleApp services={createConsoleServices({ bridge: withValidation(fake), connection: null })} />);
  await user.type(await screen.findByLabelText('User name'), username);
  await user.type(screen.getByLabelText('Password'), username === 'dana' ? 'correct horse' : 'battery staple');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('button', { name: 'Sign out' });
  // The working set has reached the read model once main was asked for its last page.
  // The fake pages the working set two customers at a time.
  await waitFor(() => expect(fake.calls.filter((call) => call.channel === 'workingSet.get')).toHaveLength(Math.ceil(fake.customers.length / 2)));
  await new Promise((resolve) => setTimeout(resolve, 100));
  return user;
}

const pop = () => screen.findByRole('article', { name: /./ });

/**
 * Makes sure the read model holds these customers for search, as the working set stores them
 * (stored here too: under load, a page of the working set can still be landing when the test types).
 */
async function heldForSearch(...customerIds: string[]) {
  const db = new ReadModelDb(readModelDbName(dana.id), testSealer(READ_MODEL_KEY));
  try {
    const details = fake.customers.filter((detail) => customerIds.includes(detail.customer.id));
    await storePopCustomers(db, details.map((detail) => fake.screenPops.popCustomer(detail)));
    expect(await db.popIndex.bulkGet(customerIds)).not.toContain(undefined);
  } finally {
    db.close();
  }
}

describe('screen pop', () => {
  it('shows the caller’s whole record, records the contact on the customer (no case), and links it where the agent says', async () => {
    const user = await signedIn();
    const request = await act(async () => fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone', contactId: 'call-1' }));
    const article = await pop();
    expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ava Thompson');
    expect(article.textContent).toContain('VIP');
    const accounts = within(article).getByRole('table', { name: 'Accounts' });
    expect(accounts.textContent).toContain('$12,345.67');
    expect(accounts.textContent).toContain('••••4821');
    expect(accounts.textContent).toContain('1 pending');
    const transactions = within(article).getByRole('table', { name: 'Last transactions' });
    expect(within(transactions).getAllByRole('row')).toHaveLength(3);
    expect(transactions.textContent).toContain('Monthly maintenance fee');
    expect(transactions.textContent).toContain('•••• 9911');
    await waitFor(() => expect(within(article).getByRole('list', { name: 'Open cases' }).textContent).toContain('case-fraud'));
    expect(within(article).getByRole('timer', { name: 'Handle time' })).toBeTruthy();

    await waitFor(() => expect(fake.screenPops.rendered).toEqual([{ popId: request.popId, match: 'single' }]));
    await waitFor(() => expect(fake.journal.filter((entry) => entry.event.type === 'contact.started')).toHaveLength(1));
    const started = fake.journal.find((entry) => entry.event.type === 'contact.started')!.event;
    expect(started.caseId).toMatch(/^CT-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(started.payload).toEqual({ customerId: ava.customer.id, channel: 'phone', direction: 'inbound', source: 'cti', externalId: 'call-1' });
    // A look-up opens no case and starts no clock.
    expect(fake.journal.filter((entry) => entry.event.type === 'case.created' && !entry.synced)).toHaveLength(0);
    expect(fake.screenPops.linked).toEqual([]);

    const placement = within(article).getByRole('region', { name: 'Record this contact on a case' });
    const options = within(await within(placement).findByRole('list', { name: 'Open cases to link to' })).getAllByRole('listitem');
    expect(options[0]?.textContent).toContain('Suggested');
    const link = await within(placement).findByRole('button', { name: 'Link to case-fraud' });
    await waitFor(() => expect((link as HTMLButtonElement).disabled).toBe(false));
    await user.click(link);
    await waitFor(() => expect(fake.screenPops.linked).toMatchObject([{ caseId: 'case-fraud', customerId: ava.customer.id }]));
    expect(fake.journal.filter((entry) => entry.event.caseId === 'case-fraud' && entry.event.type === 'contact.linked').map((entry) => entry.event.payload)).toEqual([
      expect.objectContaining({ contactId: started.caseId, channel: 'phone', direction: 'inbound' }),
    ]);
    expect(await within(article).findByRole('button', { name: 'Open case case-fraud' })).toBeTruthy();
  });

  it('opens a new case of the type and severity the agent chooses, routed to its queue, for the contact', async () => {
    const user = await signedIn();
    await act(async () => void fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone' }));
    const article = await pop();
    const placement = within(article).getByRole('region', { name: 'Record this contact on a case' });
    await user.selectOptions(within(placement).getByLabelText('Case type'), 'card_dispute');
    await user.selectOptions(within(placement).getByLabelText('Severity'), 'S2');
    const open = within(placement).getByRole('button', { name: 'Open new case' });
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    await user.click(open);
    await waitFor(() => expect(fake.screenPops.linked).toHaveLength(1));
    const caseId = fake.screenPops.linked[0]!.caseId;
    expect(caseId).toMatch(/^AC-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    expect(fake.caseState(caseId)).toMatchObject({ customerId: ava.customer.id, caseType: 'card_dispute', severity: 'S2', channel: 'phone', contactCount: 1 });
    expect(fake.caseState(caseId)?.queueId).toBeTruthy();
  });

  it('shows a caller this desktop does not hold from the look-up answer, keeps them for offline pops, and finds open cases held here', async () => {
    fake.screenPops.workingSetIds = [ava.customer.id];
    await signedIn();
    await act(async () => void fake.screenPops.arrive({ ani: ben.customer.phone, channel: 'phone' }));
    const article = await pop();
    expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ben Carter');
    expect(article.getAttribute('data-found-in')).toBe('service');
    await waitFor(() => expect(within(article).getByRole('list', { name: 'Open cases' }).textContent).toContain('case-fee'));
    const kept = new ReadModelDb(readModelDbName(dana.id), testSealer(READ_MODEL_KEY));
    try {
      await waitFor(async () => expect((await kept.popIndex.get(ben.customer.id))?.phoneDigest).toBe(fakeDigest('phone', ben.customer.phone)));
      expect((await kept.customers.get(ben.customer.id))?.customer.fullName).toBe('Ben Carter');
    } finally {
      kept.close();
    }
  });

  it('keeps refunds locked until the customer is verified on this contact, and says why', async () => {
    const user = await signedIn();
    await act(async () => void fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone' }));
    const article = await pop();
    const refund = within(article).getByRole('button', { name: 'Start refund' });
    expect((refund as HTMLButtonElement).disabled).toBe(true);
    expect(within(article).getByText(/^Verify the customer first/)).toBeTruthy();
    const record = await within(article).findByRole('button', { name: 'Record verification' });
    await waitFor(() => expect((record as HTMLButtonElement).disabled).toBe(false));
    await user.click(within(article).getByRole('radio', { name: /one-time code/ }));
    await user.click(record);
    await within(article).findByText(/Verified by one-time code/);
    expect(within(article).getByText('Link the contact to a case first: the refund is recorded on it.')).toBeTruthy();
    // The verification follows the contact to the case it is linked to.
    await user.click(await within(article).findByRole('button', { name: 'Link to case-fraud' }));
    await waitFor(() => expect((within(article).getByRole('button', { name: 'Start refund' }) as HTMLButtonElement).disabled).toBe(false));
    await waitFor(() => expect(fake.caseState('case-fraud')?.verifiedAt).not.toBeNull());
    expect(within(article).queryByText(/^Verify the customer first/)).toBeNull();

    await user.click(within(article).getByRole('button', { name: 'Start refund' }));
    // The evening fee is on the same calendar day in the table and in the refund's list: the agent's (New York) day.
    const feeRow = within(within(article).getByRole('table', { name: 'Last transactions' })).getByRole('row', { name: /Monthly maintenance fee/ });
    expect(feeRow.textContent).toContain('Mar 3, 2025, 7:17 PM');
    const feeOption = within(await within(article).findByLabelText('Transaction')).getByRole('option', { name: /Monthly maintenance fee/ });
    expect(feeOption.textContent).toContain('Mar 3, 2025, 7:17 PM');
    await user.selectOptions(await within(article).findByLabelText('Transaction'), 'txn-2');
    expect((within(article).getByLabelText('Amount (USD)') as HTMLInputElement).value).toBe('12.00');
    await user.type(within(article).getByLabelText('Reason'), 'Fee charged in error');
    await user.click(within(article).getByRole('button', { name: 'Request refund' }));
    await within(article).findByText(/Refund of \$12\.00 recorded/);
    const requested = fake.journal.find((entry) => entry.event.type === 'remediation.requested');
    expect(requested?.event.payload).toMatchObject({ kind: 'refund', amountCents: 1200, transactionId: 'txn-2', approval: 'none' });
  });

  it('offers a chooser for a shared phone and pops whoever the agent picks', async () => {
    fake.customers.push(customer('cust-amy', 'Amy Thompson', 'standard', ava.customer.phone));
    const user = await signedIn();
    await act(async () => void fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone' }));
    const article = await pop();
    expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Several customers match this contact');
    expect(fake.screenPops.linked).toEqual([]);
    await user.click(within(article).getByRole('button', { name: /Amy Thompson/ }));
    await waitFor(() => expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Amy Thompson'));
    await waitFor(() => expect(fake.journal.filter((entry) => entry.event.type === 'contact.started').map((entry) => (entry.event.payload as { customerId: string }).customerId)).toEqual(['cust-amy']));
  });

  it('keeps an unknown caller’s contact, with no case, until the agent ties it to a customer', async () => {
    const user = await signedIn();
    await act(async () => void fake.screenPops.arrive({ ani: '+15550001111', channel: 'phone' }));
    const article = await pop();
    expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Unknown caller');
    await waitFor(() => expect(fake.journal.filter((entry) => entry.event.type === 'contact.started')).toHaveLength(1));
    const contact = fake.journal.find((entry) => entry.event.type === 'contact.started')!.event;
    expect(contact.payload).toMatchObject({ customerId: null });
    expect(fake.journal.filter((entry) => entry.event.type === 'case.created' && !entry.synced)).toHaveLength(0);

    await user.click(await within(article).findByRole('button', { name: 'Link to a customer…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Link this contact to a customer' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Search customers' }), 'ben car');
    await within(dialog).findByRole('option', { name: /Ben Carter/ });
    await user.keyboard('{Enter}');
    await waitFor(() => expect(fake.journal.filter((entry) => entry.event.type === 'contact.identified').map((entry) => [entry.event.caseId, entry.event.payload])).toEqual([[contact.caseId, { customerId: ben.customer.id }]]));
    await waitFor(() => expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ben Carter'));
    expect(await within(article).findByRole('button', { name: 'Link to case-fee' })).toBeTruthy();
  });

  it('Ctrl+K searches by name, phone or account number, moves with the arrow keys and pops the choice', async () => {
    const user = await signedIn();
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Find a customer' });
    const box = within(dialog).getByRole('combobox', { name: 'Search customers' });
    await user.type(box, '(555) 987-6543');
    expect((await within(dialog).findByRole('option', { name: /Ben Carter/ })).getAttribute('aria-selected')).toBe('true');
    await user.clear(box);
    await user.type(box, '1000 0001 4821');
    await within(dialog).findByRole('option', { name: /Ava Thompson/ });
    await user.clear(box);
    await user.type(box, 'th');
    await within(dialog).findByRole('option', { name: /Ava Thompson/ });
    await user.clear(box);
    await user.type(box, '4821');
    const options = await within(within(dialog).getByRole('listbox', { name: 'Matching customers' })).findAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual([expect.stringContaining('Ava Thompson'), expect.stringContaining('Ben Carter')]);
    await user.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]?.id);
    await user.keyboard('{Enter}');
    const article = await pop();
    await waitFor(() => expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ben Carter'));
    expect(fake.screenPops.history[0]).toMatchObject({ source: 'manual', customerId: ben.customer.id, channel: 'phone' });
  });

  it('Ctrl+K shows this desktop’s matches at once, merges the bank’s as they arrive, and says which is which', async () => {
    const avaLopez = customer('cust-ava-l', 'Ava Lopez', 'standard', '+15550002222');
    fake.customers.push(customer('cust-cal', 'Cal Rivers', 'standard', '+15550003333'), avaLopez);
    fake.screenPops.workingSetIds = [ava.customer.id, ben.customer.id, 'cust-cal'];
    let answer: () => void = () => undefined;
    fake.screenPops.bankSearchGate = new Promise((resolve) => (answer = resolve));
    const user = await signedIn();
    await heldForSearch(ava.customer.id, ben.customer.id, 'cust-cal');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Find a customer' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Search customers' }), 'ava');
    const status = within(dialog).getByRole('status');
    await waitFor(() => expect(status.textContent).toBe('Showing 1 customer on this desktop — searching the bank…'), { timeout: 5000 });
    const list = within(dialog).getByRole('listbox', { name: 'Matching customers' });
    expect(within(list).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringMatching(/Ava Thompson.*On this desktop/)]);

    await act(async () => answer());
    await waitFor(() => expect(status.textContent).toBe('2 customers found.'), { timeout: 5000 });
    expect(within(list).getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringMatching(/Ava Thompson.*On this desktop/), expect.stringMatching(/Ava Lopez.*From the bank/)]);
    await user.keyboard('{ArrowDown}{Enter}');
    const article = await pop();
    await waitFor(() => expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ava Lopez'));
  });

  it('Ctrl+K never calls a list cut at the bank’s limit complete, nor a desktop-only list when the bank cannot be asked', async () => {
    fake.screenPops.bankSearchMore = true;
    const user = await signedIn();
    await heldForSearch(ava.customer.id, ben.customer.id);
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Find a customer' });
    const box = within(dialog).getByRole('combobox', { name: 'Search customers' });
    await user.type(box, 'a');
    const status = within(dialog).getByRole('status');
    await waitFor(() => expect(status.textContent).toBe('The first 2 matches — there are more at the bank: type more to narrow the search.'), { timeout: 5000 });
    fake.failNext('screenpop.lookup', { code: 'offline', message: 'the case service cannot be reached' });
    await user.clear(box);
    await user.type(box, 'ava');
    await waitFor(() => expect(status.textContent).toBe('Showing 1 customer on this desktop; the bank could not be searched (the case service cannot be reached), so there may be more.'), { timeout: 5000 });
  });

  it('Ctrl+K finds a customer by the phone ending the console shows', async () => {
    // Someone held here whose account ends in 8801 too: this desktop's answer alone used to be taken for the whole one.
    const dan = customer('cust-dan', 'Dan Ortiz', 'standard', '+15550004444');
    fake.customers.push(customer('cust-cal', 'Cal Rivers', 'standard', '+15550008801'), { ...dan, accounts: dan.accounts.map((account) => ({ ...account, maskedNumber: '••••8801' })) });
    fake.screenPops.workingSetIds = [ava.customer.id, ben.customer.id, 'cust-dan'];
    const user = await signedIn();
    await heldForSearch('cust-dan');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Find a customer' });
    await user.type(within(dialog).getByRole('combobox', { name: 'Search customers' }), '8801');
    await within(dialog).findByRole('option', { name: /Cal Rivers.*phone ••• ••• 8801/ }, { timeout: 5000 });
  });

  it('the newest contact of a burst wins the screen', async () => {
    await signedIn();
    await act(async () => {
      fake.screenPops.arrive({ ani: '+15550001111', channel: 'phone' });
      fake.screenPops.arrive({ ani: ben.customer.phone, channel: 'chat' });
    });
    const article = await pop();
    await waitFor(() => expect(within(article).getByRole('heading', { level: 1 }).textContent).toBe('Ben Carter'));
    expect(fake.screenPops.rendered.map((rendered) => rendered.match)).toEqual(['single']);
  });

  it('lets a permitted role reveal a masked value after giving a reason, and records it on the case', async () => {
    const user = await signedIn('sam');
    await act(async () => void fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone' }));
    const article = await pop();
    const link = await within(article).findByRole('button', { name: 'Link to case-sams' });
    await waitFor(() => expect((link as HTMLButtonElement).disabled).toBe(false));
    await user.click(link);
    await waitFor(() => expect(fake.screenPops.linked).toHaveLength(1));
    const reveal = within(article).getByRole('button', { name: 'Reveal checking account number' });
    await waitFor(() => expect((reveal as HTMLButtonElement).disabled).toBe(false));
    await user.click(reveal);
    const dialog = await screen.findByRole('dialog', { name: 'Reveal the checking account number' });
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Say why');
    await user.type(within(dialog).getByRole('textbox', { name: 'Reason for revealing' }), 'Customer needs it for a wire form');
    await user.click(within(dialog).getByRole('button', { name: 'Reveal' }));
    await within(article).findByText('100000014821');
    const caseId = fake.screenPops.linked[0]?.caseId;
    expect(fake.journal.filter((entry) => entry.event.type === 'sensitive.revealed').map((entry) => [entry.event.caseId, entry.event.payload])).toEqual([
      [caseId, { field: 'account_number', targetId: `${ava.customer.id}-chk`, reason: 'Customer needs it for a wire form' }],
    ]);
  });

  it('keeps reveal disabled, with the reason, for a role without the permission', async () => {
    await signedIn('dana');
    await act(async () => void fake.screenPops.arrive({ ani: ava.customer.phone, channel: 'phone' }));
    const article = await pop();
    expect((within(article).getByRole('button', { name: 'Reveal checking account number' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(article).getByText(/Your role \(Tier 1 agent\) cannot reveal a masked value/)).toBeTruthy();
  });
});
