// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import { createConsoleServices } from '../../../src/renderer/state/consoleServices';
import { ServicesContext } from '../../../src/renderer/ui/context';
import { CustomerNotifications } from '../../../src/renderer/ui/CustomerNotifications';
import type { CustomerNotification } from '../../../src/shared/notifications/deliveryLog';
import { seededBridge } from '../support/seed';

const CASE_ID = 'AC-7K4MP-9QX2H';

const entry = (fields: Partial<CustomerNotification>): CustomerNotification => ({
  id: '5d0c2a4e-9b3d-4c8e-a1f2-0d9e8c7b6a54',
  caseId: CASE_ID,
  eventId: '6f1c2a4e-9b3d-4c8e-a1f2-0d9e8c7b6a54',
  notice: 'resolved',
  status: 'Resolved',
  channel: 'email',
  recipient: 'j•••@example.com',
  state: 'sent',
  attempts: 1,
  lastError: null,
  createdAt: '2025-03-03T14:42:00.000Z',
  lastAttemptAt: '2025-03-03T14:42:00.000Z',
  nextAttemptAt: null,
  sentAt: '2025-03-03T14:42:00.000Z',
  ...fields,
});

afterEach(cleanup);

describe('Customer notifications on the case screen', () => {
  it('says in words what the customer was told and whether it reached them, addresses masked', async () => {
    const fake = seededBridge();
    await fake.invoke('session.login', { username: 'dana', password: 'correct horse' });
    fake.customerNotifications = [
      entry({}),
      entry({ id: '5d0c2a4e-9b3d-4c8e-a1f2-0d9e8c7b6a55', channel: 'sms', recipient: '••• ••• 8801', state: 'retrying', attempts: 2, lastError: 'SMS provider answered HTTP 503', nextAttemptAt: '2025-03-03T14:44:00.000Z', sentAt: null }),
      entry({ id: '5d0c2a4e-9b3d-4c8e-a1f2-0d9e8c7b6a56', caseId: 'AC-OTHER-CASE2' }),
    ];
    render(
      <ServicesContext.Provider value={createConsoleServices({ bridge: withValidation(fake), connection: null })}>
        <CustomerNotifications caseId={CASE_ID} eventCount={3} timeZone="America/New_York" />
      </ServicesContext.Provider>,
    );
    const items = within(await screen.findByRole('list', { name: 'Customer notifications' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.trim())).toEqual([
      'E-mail to j•••@example.com sent Mar 3, 2025, 9:42 AM — Resolved',
      'SMS to ••• ••• 8801 attempt 2 failed (SMS provider answered HTTP 503); retrying at Mar 3, 2025, 9:44 AM — Resolved',
    ]);
  });

  it('says when nothing was sent yet, and why the log cannot be read', async () => {
    const fake = seededBridge();
    await fake.invoke('session.login', { username: 'dana', password: 'correct horse' });
    const services = createConsoleServices({ bridge: withValidation(fake), connection: null });
    const { unmount } = render(
      <ServicesContext.Provider value={services}>
        <CustomerNotifications caseId={CASE_ID} eventCount={1} timeZone="UTC" />
      </ServicesContext.Provider>,
    );
    expect(await screen.findByText('The customer has not been sent anything about this case yet.')).toBeTruthy();
    unmount();

    await fake.invoke('session.logout', {});
    render(
      <ServicesContext.Provider value={services}>
        <CustomerNotifications caseId={CASE_ID} eventCount={1} timeZone="UTC" />
      </ServicesContext.Provider>,
    );
    expect((await screen.findByRole('status')).textContent).toContain('Cannot load the customer notifications right now: Sign in first.');
  });
});
