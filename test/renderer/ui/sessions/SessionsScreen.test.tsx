// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../../src/renderer/bridge/validatingBridge';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { dana, sam } from '../../support/seed';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;
useSeededConsole((fresh) => {
  fake = fresh;
  fresh.liveSessions[dana.id] = [{ deviceId: 'BR-EAST-DESK-4', signedInAt: '2025-03-03T13:00:00.000Z', lastSeenAt: '2025-03-03T13:55:00.000Z', expiresAt: '2025-03-03T23:00:00.000Z' }];
}, { agentIds: [dana.id, sam.id] });

async function signIn(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  render(<ConsoleApp services={createConsoleServices({ bridge: withValidation(fake), connection: null })} />);
  await user.type(await screen.findByLabelText('User name'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('button', { name: 'Sign out' });
}

describe('Sessions screen', () => {
  it('lets a supervisor see a team member’s sign-ins and end them after confirming', async () => {
    const user = userEvent.setup();
    await signIn(user, 'sam', 'battery staple');
    await user.click(screen.getByRole('button', { name: 'Sessions' }));
    const table = await screen.findByRole('table', { name: 'Sessions you may end' });
    const signIns = await within(table).findByRole('list', { name: 'Sign-ins of Dana Reyes' });
    // In the supervisor's zone (New York, UTC−5 in March), with the console's one formatter.
    expect(signIns.textContent).toBe('BR-EAST-DESK-4 — signed in Mar 3, 2025, 8:00 AM, last seen Mar 3, 2025, 8:55 AM');

    await user.click(within(table).getByRole('button', { name: 'End sessions of Dana Reyes' }));
    const dialog = await screen.findByRole('dialog', { name: 'End sessions of Dana Reyes?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(fake.calls.some((call) => call.channel === 'sessions.end')).toBe(false);

    await user.click(within(table).getByRole('button', { name: 'End sessions of Dana Reyes' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'End sessions of Dana Reyes?' })).getByRole('button', { name: 'End sessions' }));
    await waitFor(() => expect(screen.getByText('Ended 1 sign-in of Dana Reyes.')).toBeTruthy());
    expect(fake.calls.filter((call) => call.channel === 'sessions.end').map((call) => call.request)).toEqual([{ agentId: dana.id }]);
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Sessions you may end' })).queryByRole('button', { name: 'End sessions of Dana Reyes' })).toBeNull());
  });

  it('is not offered to a Tier 1 agent, and main refuses the channels to them', async () => {
    const user = userEvent.setup();
    await signIn(user, 'dana', 'correct horse');
    expect(screen.queryByRole('button', { name: 'Sessions' })).toBeNull();
    const refused = await fake.invoke('sessions.list', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/Tier 1 agent\) cannot end other users' sessions/) } });
  });

  it('shows the reason a session was ended on the sign-in screen', async () => {
    const user = userEvent.setup();
    await signIn(user, 'dana', 'correct horse');
    fake.agent = null;
    fake.emit('session.ended', { reason: 'Your session was ended by Sam Ortiz. Sign in again to continue.' });
    fake.emit('session.changed', { agentId: null, reason: 'Your session was ended by Sam Ortiz. Sign in again to continue.' });
    expect((await screen.findByText(/Your session was ended by Sam Ortiz/)).textContent).toBe('Your session was ended by Sam Ortiz. Sign in again to continue.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });
});
