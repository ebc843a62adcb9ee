// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import type { ConsoleBridge } from '../../../src/shared/ipc/contract';
import { FakeConsoleBridge } from '../support/fakeBridge';
import { envelope } from '../support/seed';
import { useSeededConsole } from '../support/seededConsole';

function renderConsole(bridge: ConsoleBridge) {
  const services = createConsoleServices({ bridge: withValidation(bridge), connection: null });
  render(<ConsoleApp services={services} />);
  return services;
}

async function signIn(user: ReturnType<typeof userEvent.setup>, password = 'correct horse') {
  await user.type(await screen.findByLabelText('User name'), 'dana');
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

async function queueRows() {
  const table = await screen.findByRole('table', { name: 'My queue' });
  await waitFor(() => expect(within(table).queryByText('No open cases assigned to you.')).toBeNull());
  await waitFor(() => expect(within(table).getAllByRole('row').length).toBeGreaterThan(1));
  return within(table).getAllByRole('row').slice(1);
}

function valueOf(element: HTMLElement): string {
  return (element as HTMLInputElement | HTMLTextAreaElement).value;
}

let fake: FakeConsoleBridge;

useSeededConsole((fresh) => {
  fake = fresh;
});

describe('sign-in', () => {
  it('shows main’s message for a wrong password and clears the password field', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'wrong');
    expect((await screen.findByRole('alert')).textContent).toMatch('That user name and password do not match.');
    expect(valueOf(screen.getByLabelText('Password'))).toBe('');
    expect(valueOf(screen.getByLabelText('User name'))).toBe('dana');
  });

  it('explains when the service cannot be reached', async () => {
    const user = userEvent.setup();
    fake.failNext('session.login', { code: 'service_unreachable', message: 'The case service cannot be reached. Check the network and try again.' });
    renderConsole(fake);
    await signIn(user);
    expect((await screen.findByRole('alert')).textContent).toMatch('The case service cannot be reached.');
  });

  it('explains when the console host itself is gone', async () => {
    const user = userEvent.setup();
    const broken: ConsoleBridge = {
      invoke: async (channel, request) => {
        if (channel === 'session.login') throw new Error('socket closed');
        return fake.invoke(channel, request);
      },
      on: (event, listener) => fake.on(event, listener),
    };
    renderConsole(broken);
    await signIn(user);
    expect((await screen.findByRole('alert')).textContent).toMatch("Can't reach the Agent Console host");
  });

  it('asks for the user name before calling main', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('Enter your user name');
    expect(fake.calls.some((call) => call.channel === 'session.login')).toBe(false);
  });
});

describe('my queue', () => {
  it('lists only the agent’s open cases, most severe first, with customer, tier and age', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    const banner = await screen.findByRole('banner');
    expect(within(banner).getByText('Agent Console')).toBeTruthy();
    expect(within(banner).getByText('Dana Reyes')).toBeTruthy();
    expect(within(banner).getByText('Tier 1 agent')).toBeTruthy();

    const rows = await queueRows();
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(within(first).getByRole('button', { name: /^Open case Card used abroad without consent \(/ })).toBeTruthy();
    await waitFor(() => expect(within(first).getByText('Ava Thompson')).toBeTruthy());
    expect(within(first).getByText('VIP')).toBeTruthy();
    expect(within(first).getByText('S1 Critical')).toBeTruthy();
    expect(within(first).getByText('3h 12m')).toBeTruthy();
    expect(within(first).getByText('Open')).toBeTruthy();
    expect(within(second).getByRole('button', { name: /^Open case Overdraft fee disputed \(/ })).toBeTruthy();
    expect(within(second).getByText('Email')).toBeTruthy();
    expect(within(second).getByText('6h 0m')).toBeTruthy();
    expect(screen.queryByText('Mortgage payment missing')).toBeNull();
    expect(screen.queryByText('Statement copy requested')).toBeNull();
    for (const name of ['Case', 'Customer', 'Channel', 'Type', 'Severity', 'Status', 'Age']) {
      expect(screen.getByRole('columnheader', { name: new RegExp(`^${name}`) })).toBeTruthy();
    }
  });

  it('re-sorts from the column headers', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    await queueRows();
    await user.click(screen.getByRole('button', { name: /^Age/ }));
    await waitFor(async () => expect(within((await queueRows())[0]!).getByText('Overdraft fee disputed')).toBeTruthy());
    expect(screen.getByRole('columnheader', { name: /^Age/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('follows main: a case reassigned elsewhere leaves the queue', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    expect(await queueRows()).toHaveLength(2);
    fake.receive(envelope('case-fee', 'owner.assigned', { ownerId: 'agent-sam' }, '2025-03-03T13:00:00.000Z', 'agent-sam'), 100);
    fake.emit('events.changed', { localSeq: fake.localSeq });
    await waitFor(() => expect(screen.queryByText('Overdraft fee disputed')).toBeNull());
  });
});

describe('case view', () => {
  async function openFraudCase(user: ReturnType<typeof userEvent.setup>) {
    renderConsole(fake);
    await signIn(user);
    await queueRows();
    screen.getByRole('button', { name: /^Open case Card used abroad without consent \(/ }).focus();
    await user.keyboard('{Enter}');
    return screen.findByRole('heading', { level: 1, name: 'Card used abroad without consent' });
  }

  it('opens from the keyboard with the customer, the case summary and the timeline', async () => {
    const user = userEvent.setup();
    const heading = await openFraudCase(user);
    expect(document.activeElement).toBe(heading);
    const customer = await screen.findByRole('region', { name: 'Ava Thompson' });
    expect(within(customer).getByText('VIP')).toBeTruthy();
    expect(within(customer).getByText('••• ••• 4567')).toBeTruthy();
    expect(within(customer).getByText('••••4821')).toBeTruthy();
    expect(within(customer).getByText('$12,345.67')).toBeTruthy();
    expect(within(customer).queryByText('+15551234567')).toBeNull();
    const summary = screen.getByRole('region', { name: 'Case' });
    expect(within(summary).getByText('Fraud / compromised account')).toBeTruthy();
    expect(within(summary).getByText('S1 Critical')).toBeTruthy();
    expect(within(summary).getByText('Phone')).toBeTruthy();
    expect(within(summary).getByText('Dana Reyes')).toBeTruthy();
    const timeline = screen.getByRole('list', { name: 'Case timeline' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toMatch(/Opened Fraud \/ compromised account case/);
    expect(items[1]?.textContent).toMatch('Customer is travelling next week; card blocked.');
    expect(items[1]?.textContent).toMatch('Dana Reyes');
  });

  it('adds a note that appears in the timeline at once and is recorded by main', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    await user.type(screen.getByLabelText('Note'), 'Called customer; confirmed travel dates.');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    const timeline = screen.getByRole('list', { name: 'Case timeline' });
    await waitFor(() => expect(within(timeline).getByText('Called customer; confirmed travel dates.')).toBeTruthy());
    expect(valueOf(screen.getByLabelText('Note'))).toBe('');
    const appended = fake.journal.filter((entry) => entry.event.type === 'note.added' && entry.event.caseId === 'case-fraud');
    expect(appended.map((entry) => entry.event.payload)).toContainEqual({ text: 'Called customer; confirmed travel dates.' });
    expect(within(timeline).getByText('Not yet synced')).toBeTruthy();
  });

  it('submits with Ctrl+Enter', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    await user.type(screen.getByLabelText('Note'), 'Keyboard note');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Case timeline' })).getByText('Keyboard note')).toBeTruthy());
  });

  it('keeps the typed text and says why when main refuses the note, and a retry reuses the same event id', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    fake.failNext('events.append', { code: 'journal_unavailable', message: 'The local journal could not be written.' });
    await user.type(screen.getByLabelText('Note'), 'Important detail');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('The local journal could not be written.');
    expect(valueOf(screen.getByLabelText('Note'))).toBe('Important detail');
    expect(within(screen.getByRole('list', { name: 'Case timeline' })).queryByText('Important detail')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Case timeline' })).getByText('Important detail')).toBeTruthy());
    const attempts = fake.calls.filter((call) => call.channel === 'events.append').map((call) => (call.request as { id: string }).id);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toBe(attempts[1]);
  });

  it('refuses an empty note without calling main', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('a note cannot be empty');
    expect(fake.calls.some((call) => call.channel === 'events.append')).toBe(false);
  });

  it('refuses a note with a NUL character, a broken surrogate or too many characters while it is typed: says why and disables Add note, keeping the text', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    const note = screen.getByLabelText('Note');
    const addNote = () => screen.getByRole('button', { name: 'Add note' }) as HTMLButtonElement;
    await user.click(note);
    await user.paste('Balance\u0000 check');
    // No submit yet: the reason shows as the character arrives, and the button says why it is off.
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/This note contains a NUL character \(U\+0000\) at position 8, which cannot be stored/);
    expect(addNote().disabled).toBe(true);
    expect(addNote().getAttribute('aria-describedby')).toBe(alert.id);
    expect(note.getAttribute('aria-describedby')).toContain(alert.id);
    expect(note.getAttribute('aria-invalid')).toBe('true');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(valueOf(note)).toBe('Balance\u0000 check');

    await user.clear(note);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(addNote().disabled).toBe(false);
    await user.paste('Cut emoji \uD83D');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/unpaired UTF-16 surrogate/));
    expect(addNote().disabled).toBe(true);

    await user.clear(note);
    await user.paste('x'.repeat(5_001));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/This note is 5,001 characters long; at most 5,000 are accepted/));
    expect(addNote().disabled).toBe(true);
    await user.keyboard('{Backspace}');
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await user.click(addNote());
    await waitFor(() => expect(fake.journal.some((entry) => entry.event.type === 'note.added' && entry.event.caseId === 'case-fraud')).toBe(true));
    expect(fake.calls.filter((call) => call.channel === 'events.append')).toHaveLength(1);
  });

  it('goes back to the queue on Escape, keeps the draft, and returns focus to the case’s row', async () => {
    const user = userEvent.setup();
    await openFraudCase(user);
    await user.type(screen.getByLabelText('Note'), 'Half-written');
    await user.keyboard('{Escape}');
    const button = await screen.findByRole('button', { name: /^Open case Card used abroad without consent \(/ });
    await waitFor(() => expect(document.activeElement).toBe(button));
    await user.keyboard('{Enter}');
    expect(valueOf(await screen.findByLabelText('Note'))).toBe('Half-written');
    await user.click(screen.getByRole('button', { name: 'Back to queue' }));
    expect(await screen.findByRole('table', { name: 'My queue' })).toBeTruthy();
  });
});

describe('header', () => {
  it('shows the sync state in words, including changes waiting and rejected ones', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    const status = await screen.findByRole('status', { name: 'Sync status' });
    await waitFor(() => expect(status.textContent).toMatch('Online'));
    fake.setSyncStatus({ state: 'offline', pending: 2, lastError: 'service unreachable' });
    await waitFor(() => expect(screen.getByText('Offline — 2 changes waiting')).toBeTruthy());
    fake.setSyncStatus({ state: 'syncing', pending: 1 });
    await waitFor(() => expect(screen.getByText('Syncing… — 1 change waiting')).toBeTruthy());
    // The service answered with a failure: that is not "Offline", and the header says what it answered.
    fake.setSyncStatus({ state: 'error', pending: 1, lastError: 'The case service failed to handle this request. Retrying in 2 s.' });
    await waitFor(() => expect(screen.getByText('Sync problem at the case service — 1 change waiting')).toBeTruthy());
    expect(status.textContent).toMatch('(The case service failed to handle this request. Retrying in 2 s.)');
    expect(status.textContent).not.toMatch(/offline/i);
    fake.setSyncStatus({
      state: 'online',
      pending: 0,
      rejected: [{ eventId: '00000000-0000-4000-8000-000000000abc', caseId: 'case-fee', type: 'case.resolved', reason: 'The case was already closed.' }],
    });
    await waitFor(() => expect(screen.getByText('1 change rejected by the service')).toBeTruthy());
    expect(screen.getByText(/The case was already closed\./)).toBeTruthy();
  });

  it('signs out back to the sign-in screen', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    await queueRows();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeTruthy();
    expect(fake.agent).toBeNull();
  });

  it('returns to sign-in with the reason when main ends the session', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user);
    await queueRows();
    fake.emit('session.ended', { reason: 'signed in on another desk' });
    expect(await screen.findByText(/signed in on another desk/)).toBeTruthy();
  });
});
