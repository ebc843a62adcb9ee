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
  fake.receive(envelope('case-fee', 'remediation.requested', { requestId: 'req-500', kind: 'refund', amountCents: 50_000, reason: 'Fee charged twice', approval: 'supervisor' }, '2025-03-03T09:00:00.000Z'), 20);
  fake.receive(envelope('case-fee', 'remediation.requested', { requestId: 'req-old', kind: 'fee_reversal', amountCents: 20_000, reason: 'Earlier fee', approval: 'supervisor' }, '2025-03-01T09:00:00.000Z'), 21);
  fake.receive(envelope('case-fee', 'remediation.approved', { requestId: 'req-old' }, '2025-03-01T10:00:00.000Z', sam.id), 22);
});

async function signedIn() {
  const user = userEvent.setup();
  render(<ConsoleApp services={createConsoleServices({ bridge: withValidation(fake), connection: null })} />);
  await user.type(await screen.findByLabelText('User name'), 'dana');
  await user.type(screen.getByLabelText('Password'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('table', { name: 'My queue' });
  // Let the first catch-up land: what is there by then is history.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return user;
}

function decide(type: 'remediation.approved' | 'remediation.rejected', payload: object, actorId = sam.id) {
  act(() => {
    fake.receive(envelope('case-fee', type, payload, '2025-03-03T14:01:00.000Z', actorId), 100 + fake.localSeq);
    fake.emit('events.changed', { localSeq: fake.localSeq });
  });
}

describe('approvals told live (#12.7)', () => {
  it('tells the requester at once when a supervisor approves: amount, decision and who; not decisions from before', async () => {
    const user = await signedIn();
    const strip = screen.getByRole('complementary', { name: 'Approval decisions' });
    expect(within(strip).queryByRole('listitem')).toBeNull();

    decide('remediation.approved', { requestId: 'req-500', note: 'Double charge confirmed' });
    const notice = await within(strip).findByRole('listitem');
    expect(notice.textContent).toContain('Refund / credit of $500.00 on case-fee approved by Sam Ortiz');
    expect(notice.textContent).toContain('Double charge confirmed');
    expect(strip.textContent).not.toContain('$200.00');
    await waitFor(() => expect(fake.osNotifications.filter((n) => n.title.startsWith('Remediation'))).toEqual([{ title: 'Remediation approved', body: 'Refund / credit of $500.00 on case-fee approved by Sam Ortiz' }]));

    await user.click(within(notice).getByRole('button', { name: 'Open case' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overdraft fee disputed' })).toBeTruthy();
    await user.click(within(strip).getByRole('button', { name: /^Dismiss: Refund/ }));
    expect(within(strip).queryByRole('listitem')).toBeNull();
  });

  it('says a rejection with its reason; says nothing of decisions on other people’s requests', async () => {
    await signedIn();
    const strip = screen.getByRole('complementary', { name: 'Approval decisions' });
    fake.receive(envelope('case-fee', 'remediation.requested', { requestId: 'req-sam', kind: 'refund', amountCents: 9_000, reason: 'x', approval: 'none' }, '2025-03-03T13:00:00.000Z', sam.id), 90);
    decide('remediation.approved', { requestId: 'req-sam' }, dana.id);
    decide('remediation.rejected', { requestId: 'req-500', reason: 'Charged once only; see statement' });
    const notice = await within(strip).findByRole('listitem');
    expect(notice.textContent).toContain('Refund / credit of $500.00 on case-fee rejected by Sam Ortiz — Charged once only; see statement');
    expect(within(strip).getAllByRole('listitem')).toHaveLength(1);
  });
});
