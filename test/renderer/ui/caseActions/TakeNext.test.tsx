// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../../src/renderer/bridge/validatingBridge';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { ben, dana, envelope } from '../../support/seed';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;
useSeededConsole((fresh) => {
  fake = fresh;
  // Dana works the Tier 1 East queue (resources/queues.json).
  fake.agents[0] = { ...dana, teamId: 'T1-EAST' };
  const waiting = (caseId: string, subject: string, severity: string, at: string, queueId = 'T1-EAST') =>
    envelope(caseId, 'case.created', { customerId: ben.customer.id, caseType: 'billing_dispute', severity, channel: 'phone', subject, ownerId: null, queueId }, at, 'agent-sam');
  fake.receive(waiting('case-w1', 'Older, less severe', 'S3', '2025-03-03T09:00:00.000Z'), 30);
  fake.receive(waiting('case-w2', 'Newer, more severe', 'S2', '2025-03-03T12:00:00.000Z'), 31);
  fake.receive(waiting('case-w3', 'In a queue Dana does not work', 'S1', '2025-03-03T08:00:00.000Z', 'FRAUD'), 32);
});

async function signedIn() {
  const user = userEvent.setup();
  render(<ConsoleApp services={createConsoleServices({ bridge: withValidation(fake), connection: null })} />);
  await user.type(await screen.findByLabelText('User name'), 'dana');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('table', { name: 'My queue' });
  return user;
}

describe('Take next (#12.3)', () => {
  it('takes the most severe unassigned case from the agent’s queues and opens it', async () => {
    const user = await signedIn();
    await waitFor(() => expect(screen.getByText('2 cases waiting in your queues')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Take next' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Newer, more severe' })).toBeTruthy();
    const taken = fake.journal.filter((entry) => entry.event.type === 'owner.assigned' && !entry.synced).map((entry) => [entry.event.caseId, entry.event.payload]);
    expect(taken).toEqual([['case-w2', { ownerId: dana.id, from: null }]]);
    await waitFor(() => expect(within(screen.getByRole('region', { name: 'Case' })).getByText('Dana Reyes')).toBeTruthy());
  });

  it('is refused, with the policy’s reason, a case the agent may not take; nothing is recorded', async () => {
    fake.receive(envelope('case-aml', 'case.created', { customerId: ben.customer.id, caseType: 'aml_investigation', severity: 'S1', channel: 'phone', subject: 'Structuring alert', ownerId: null, queueId: 'T1-EAST' }, '2025-03-03T07:00:00.000Z', 'agent-sam'), 33);
    const user = await signedIn();
    await waitFor(() => expect(screen.getByText('3 cases waiting in your queues')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: 'Take next' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('You cannot take case-aml: aml investigation cases are restricted');
    expect(fake.journal.filter((entry) => entry.event.type === 'owner.assigned' && !entry.synced)).toEqual([]);
  });
});
