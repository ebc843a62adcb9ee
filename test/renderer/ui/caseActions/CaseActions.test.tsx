// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../../src/renderer/bridge/validatingBridge';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { dana, envelope, sam } from '../../support/seed';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;
useSeededConsole((fresh) => {
  fake = fresh;
}, { agentIds: [dana.id, sam.id] });

type User = ReturnType<typeof userEvent.setup>;

async function openCase(user: User, caseId: string, heading: string, as: { username: string; password: string } = { username: 'dana', password: 'correct horse' }) {
  const services = createConsoleServices({ bridge: withValidation(fake), connection: null });
  render(<ConsoleApp services={services} />);
  await user.type(await screen.findByLabelText('User name'), as.username);
  await user.type(screen.getByLabelText('Password'), as.password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('table', { name: 'My queue' });
  act(() => services.ui.getState().openCase(caseId));
  await screen.findByRole('heading', { level: 1, name: heading });
  return screen.findByRole('region', { name: 'Case actions' });
}

const actions = () => screen.getByRole('region', { name: 'Case actions' });
const action = (name: string) => within(actions()).getByRole('button', { name });
const timelineText = () => screen.getByRole('list', { name: 'Case timeline' }).textContent ?? '';
const recorded = (type: string, caseId = 'case-fraud') => fake.journal.filter((entry) => entry.event.caseId === caseId && entry.event.type === type).map((entry) => entry.event.payload);

async function dialog(name: string) {
  return screen.findByRole('dialog', { name });
}

describe('case actions', () => {
  it('"Send message" records a response, then offers a status update, and the timeline says so in words', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    await user.click(action('Send message'));
    const form = await dialog('Send message');
    expect((within(form).getByRole('radio', { name: 'Response to the customer' }) as HTMLInputElement).checked).toBe(true);
    await user.click(within(form).getByRole('button', { name: 'Send' }));
    expect(within(form).getByRole('alert').textContent).toMatch('Write the message to the customer first.');
    expect(recorded('message.sent')).toHaveLength(0);

    await user.type(within(form).getByLabelText('Message to the customer'), 'We have blocked the card and are investigating.');
    await user.click(within(form).getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(recorded('message.sent')).toEqual([{ channel: 'email', kind: 'response', summary: 'We have blocked the card and are investigating.' }]);
    expect(within(actions()).getByRole('status').textContent).toBe('Response sent to the customer');
    await waitFor(() => expect(timelineText()).toMatch('Response sent by Email'));

    await user.click(action('Send message'));
    expect((within(await dialog('Send message')).getByRole('radio', { name: 'Status update' }) as HTMLInputElement).checked).toBe(true);
  });

  it('refuses unusable text in a dialog while it is typed: the reason under the field, Send disabled and described by it', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    await user.click(action('Send message'));
    const form = await dialog('Send message');
    const field = within(form).getByLabelText('Message to the customer');
    const send = () => within(form).getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await user.click(field);
    await user.paste('We refunded\u0000 it');
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toMatch(/This message contains a NUL character \(U\+0000\) at position 12/);
    expect(send().disabled).toBe(true);
    expect(send().getAttribute('aria-describedby')).toBe(alert.id);
    await user.clear(field);
    await user.paste('y'.repeat(2_001));
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toMatch(/This message is 2,001 characters long; at most 2,000 are accepted/));
    expect(send().disabled).toBe(true);
    await user.keyboard('{Backspace}');
    await waitFor(() => expect(send().disabled).toBe(false));
    expect(within(form).queryByRole('alert')).toBeNull();
    expect(recorded('message.sent')).toHaveLength(0);
  });

  it('"Wait on customer" pauses with a reason and "Resume" restarts, from the keyboard', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    expect(within(actions()).queryByRole('button', { name: 'Resume' })).toBeNull();
    action('Wait on customer').focus();
    await user.keyboard('{Enter}');
    const form = await dialog('Wait on customer');
    await user.type(within(form).getByLabelText('What are you waiting for?'), 'Receipts from the trip');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(recorded('status.changed')).toEqual([{ to: 'waiting_on_customer', from: 'open', reason: 'Receipts from the trip' }]));
    await waitFor(() => expect(timelineText()).toMatch('Status changed to Waiting on customer — Receipts from the trip'));
    const summary = screen.getByRole('region', { name: 'Case' });
    await waitFor(() => expect(within(summary).getByText('Waiting on customer')).toBeTruthy());

    action('Resume').focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(recorded('status.changed')).toHaveLength(2));
    expect(recorded('status.changed')[1]).toMatchObject({ to: 'open', from: 'waiting_on_customer' });
    await waitFor(() => expect(within(summary).getByText('Open')).toBeTruthy());
  });

  it('"Change type" and "Change severity" need a reason and record what it was before', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    await user.click(action('Change type'));
    let form = await dialog('Change type');
    await user.selectOptions(within(form).getByLabelText('New type'), 'card_dispute');
    await user.click(within(form).getByRole('button', { name: 'Save new type' }));
    expect(within(form).getByRole('alert').textContent).toMatch('Say why the type changes.');
    await user.type(within(form).getByLabelText('Reason'), 'Customer recognises the merchant');
    await user.click(within(form).getByRole('button', { name: 'Save new type' }));
    await waitFor(() => expect(recorded('case.type_changed')).toEqual([{ caseType: 'card_dispute', from: 'fraud', reason: 'Customer recognises the merchant' }]));
    await waitFor(() => expect(timelineText()).toMatch('Case type changed to Card dispute / chargeback'));

    await user.click(action('Change severity'));
    form = await dialog('Change severity');
    await user.selectOptions(within(form).getByLabelText('New severity'), 'S3');
    await user.type(within(form).getByLabelText('Reason'), 'No money lost');
    await user.click(within(form).getByRole('button', { name: 'Save new severity' }));
    await waitFor(() => expect(recorded('severity.set')).toEqual([{ severity: 'S3', from: 'S1', reason: 'No money lost' }]));
    await waitFor(() => expect(timelineText()).toMatch('Severity set to S3 Medium — No money lost'));
  });

  it('"Transfer" hands the case to a queue with a note; a Tier 1 agent is told why not to a person', async () => {
    fake.agents.push({ ...dana, id: 'agent-lee', username: 'lee', displayName: 'Lee Park', teamId: 'T1-EAST' });
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    await user.click(action('Transfer'));
    const form = await dialog('Transfer');
    await user.selectOptions(within(form).getByLabelText('To queue'), 'T1-EAST');
    await user.selectOptions(within(form).getByLabelText('To a person'), 'agent-lee');
    expect(within(form).getByText(/^Your role \(Tier 1 agent\) can hand a case to a queue, not to a person.*\.$/)).toBeTruthy();
    await user.type(within(form).getByLabelText('Note for whoever picks it up'), 'For Lee');
    await user.click(within(form).getByRole('button', { name: 'Transfer the case' }));
    expect(within(form).getByRole('alert').textContent).toMatch('Not allowed. Your role (Tier 1 agent) can hand a case to a queue');
    expect(recorded('case.transferred')).toHaveLength(0);
    await user.clear(within(form).getByLabelText('Note for whoever picks it up'));
    await user.selectOptions(within(form).getByLabelText('To queue'), 'FRAUD');
    await user.type(within(form).getByLabelText('Note for whoever picks it up'), 'Two foreign card-present charges');
    await user.click(within(form).getByRole('button', { name: 'Transfer the case' }));
    await waitFor(() => expect(recorded('case.transferred')).toHaveLength(1));
    expect(recorded('case.transferred')[0]).toMatchObject({ toQueueId: 'FRAUD', toOwnerId: null, fromOwnerId: dana.id, note: 'Two foreign card-present charges' });
    await waitFor(() => expect(timelineText()).toMatch('Transferred to Fraud investigations'));
    expect(timelineText()).not.toMatch('FRAUD');
  });

  it('"Resolve case" takes a code from resources and a summary; "Close case" follows; "Reopen case" asks why', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    expect(within(actions()).queryByRole('button', { name: 'Close case' })).toBeNull();
    await user.click(action('Resolve case'));
    const form = await dialog('Resolve case');
    await user.selectOptions(within(form).getByLabelText('Resolution'), 'card_blocked');
    await user.type(within(form).getByLabelText('Summary for the customer'), 'New card on its way; charges credited.');
    await user.click(within(form).getByRole('button', { name: 'Resolve' }));
    await waitFor(() => expect(recorded('case.resolved')).toEqual([{ code: 'card_blocked', resolution: 'New card on its way; charges credited.' }]));
    await waitFor(() => expect(timelineText()).toMatch('Resolved: Card blocked and replaced'));
    const summary = screen.getByRole('region', { name: 'Case' });
    expect(within(summary).getByText('Card blocked and replaced')).toBeTruthy();
    expect(within(actions()).queryByRole('button', { name: 'Send message' })).toBeNull();

    await user.click(action('Close case'));
    await waitFor(() => expect(recorded('case.closed')).toHaveLength(1));
    await waitFor(() => expect(timelineText()).toMatch('Closed'));

    await user.click(action('Reopen case'));
    const reopen = await dialog('Reopen case');
    await user.type(within(reopen).getByLabelText('Why reopen it?'), 'A third charge appeared');
    await user.click(within(reopen).getByRole('button', { name: 'Reopen' }));
    await waitFor(() => expect(recorded('case.reopened')).toEqual([{ reason: 'A third charge appeared' }]));
    await waitFor(() => expect(within(actions()).getByRole('button', { name: 'Resolve case' })).toBeTruthy());
  });

  it('refuses a Tier 1 agent every change on a colleague’s case: disabled, with the policy’s reason, nothing recorded', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-sams', 'Mortgage payment missing');
    for (const name of ['Send message', 'Wait on customer', 'Change type', 'Change severity', 'Transfer', 'Resolve case']) {
      const button = action(name);
      expect(button.getAttribute('aria-disabled')).toBe('true');
      expect(button.classList.contains('is-refused')).toBe(true);
      const reasonId = button.getAttribute('aria-describedby');
      // The reason reads as a sentence: capitalised, with a full stop.
      expect(reasonId && document.getElementById(reasonId)?.textContent).toMatch(/^This case is outside what your role \(Tier 1 agent\) may see or change.*\.$/);
    }
    await user.click(action('Resolve case'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls.some((call) => call.channel === 'events.append')).toBe(false);
  });

  it('"Settle conflict" is refused to a Tier 1 agent, with the reason', async () => {
    fake.receive(envelope('case-done', 'case.resolved', { resolution: 'Statement e-mailed instead.' }, '2025-03-02T09:05:00.000Z', sam.id), 50);
    const user = userEvent.setup();
    await openCase(user, 'case-done', 'Statement copy requested');
    const refused = action('Settle conflict');
    expect(refused.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(refused.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/^Your role \(Tier 1 agent\) cannot settle a conflict.*\.$/);
  });

  it('"Settle conflict" lets a supervisor keep one side', async () => {
    fake.receive(envelope('case-done', 'case.resolved', { resolution: 'Statement e-mailed instead.' }, '2025-03-02T09:05:00.000Z', sam.id), 50);
    const user = userEvent.setup();
    await openCase(user, 'case-done', 'Statement copy requested', { username: 'sam', password: 'battery staple' });
    await user.click(action('Settle conflict'));
    const form = await dialog('Settle conflict');
    await user.click(within(form).getByRole('radio', { name: /^Statement e-mailed instead\./ }));
    await user.click(within(form).getByRole('button', { name: 'Settle' }));
    await waitFor(() => expect(recorded('conflict.settled', 'case-done')).toHaveLength(1));
    await waitFor(() => expect(within(actions()).queryByRole('button', { name: 'Settle conflict' })).toBeNull());
    expect(timelineText()).toMatch('Settled a conflicting resolution');
  });

  it('verifies the customer from the case screen once a contact is linked, and says why not before (#11.3)', async () => {
    const user = userEvent.setup();
    await openCase(user, 'case-fraud', 'Card used abroad without consent');
    const check = screen.getByRole('region', { name: 'Identity check' });
    const button = within(check).getByRole('button', { name: 'Record verification' });
    // Refused like every other case action: disabled to assistive technology, styled as refused, the reason as a sentence.
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.classList.contains('is-refused')).toBe(true);
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/^Verify the customer during a contact.*\.$/);
    await user.click(button);
    expect(recorded('customer.verified')).toHaveLength(0);

    act(() => {
      fake.receive(envelope('case-fraud', 'contact.linked', { contactId: 'CT-23456-789AB', channel: 'phone', direction: 'inbound', summary: '' }, '2025-03-03T13:59:00.000Z'), 60);
      fake.emit('events.changed', { localSeq: fake.localSeq });
    });
    await waitFor(() => expect(within(check).getByRole('button', { name: 'Record verification' }).getAttribute('aria-disabled')).toBeNull());
    expect(within(check).getByRole('button', { name: 'Record verification' }).classList.contains('is-refused')).toBe(false);
    await user.click(within(check).getByRole('radio', { name: /one-time code/ }));
    await user.click(within(check).getByRole('button', { name: 'Record verification' }));
    await waitFor(() => expect(recorded('customer.verified')).toEqual([{ customerId: 'cust-ava', method: 'one_time_code' }]));
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Identity check' })).getByRole('status').textContent).toMatch('Verified on the contact in progress by Dana Reyes'));
  });
});
