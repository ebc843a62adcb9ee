import type { Page } from '@playwright/test';
import { startTestSmtpServer, type TestSmtpServer } from '../support/testSmtpServer';
import { expect, signIn, test as stackTest, type ServiceOptions } from './fixtures';

/** The README's demo caller (Robert Hill). */
const CALLER = '+15550201920';
const CUSTOMER_EMAIL = 'robert.hill@example.com';

/** The stack's case service sends customer e-mail to a real SMTP server of the test's own, on loopback. */
const test = stackTest.extend<{ smtp: TestSmtpServer }>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: this one has none.
  // eslint-disable-next-line no-empty-pattern
  smtp: async ({}, use) => {
    const smtp = await startTestSmtpServer();
    await use(smtp);
    await smtp.close();
  },
  serviceOptions: async ({ smtp }, use) => {
    const options: ServiceOptions = { notifications: { smtp: { host: smtp.host, port: smtp.port, tls: 'none', from: 'Northwind Bank <service@bank.example>' }, intervalMs: 500 } };
    await use(options);
  },
});

const actions = (page: Page) => page.getByRole('region', { name: 'Case actions' });

test('an agent resolves a case: the customer’s e-mail with the tracking reference reaches the SMTP server, and the case screen shows it sent', async ({ page, stack, smtp }) => {
  // Robert Hill asked to hear about his cases by e-mail.
  const updated = await stack.service.db.query("UPDATE customers SET notify_via = 'email', email = $2 WHERE phone = $1 AND full_name = 'Robert Hill'", [CALLER, CUSTOMER_EMAIL]);
  expect(updated.rowCount).toBe(1);

  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const cti = stack.host.cti;
  if (!cti) throw new Error('the browser host has no CTI endpoint');
  const rang = await fetch(cti.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ani: CALLER, channel: 'phone', contactId: 'notify-call-1' }),
  });
  expect(rang.status).toBe(202);

  const pop = page.getByRole('article', { name: 'Robert Hill' });
  const placement = pop.getByRole('region', { name: 'Record this contact on a case' });
  await placement.getByLabel('Case type').selectOption('account_lock');
  await placement.getByLabel('Severity').selectOption('S2');
  await placement.getByRole('button', { name: 'Open new case' }).click();
  const openCase = pop.getByRole('button', { name: /^Open case AC-/ });
  await expect(openCase).toBeVisible();
  const caseId = ((await openCase.textContent()) ?? '').replace('Open case', '').trim();
  await openCase.click();

  await actions(page).getByRole('button', { name: 'Resolve case', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Resolve case' });
  await dialog.getByLabel('Resolution').selectOption('account_unlocked');
  await dialog.getByLabel('Summary for the customer').fill('Access restored after the ID check.');
  await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The e-mail arrives at the SMTP server, parsed as a mail client would.
  await expect.poll(() => smtp.received.find(({ mail }) => mail.subject === `Your request ${caseId} is resolved`) !== undefined, { timeout: 30_000 }).toBe(true);
  const resolved = smtp.received.find(({ mail }) => mail.subject === `Your request ${caseId} is resolved`)!;
  expect(resolved.to).toEqual([CUSTOMER_EMAIL]);
  expect(resolved.mail.text).toContain(`Tracking reference: ${caseId}`);
  expect(resolved.mail.text).toContain('Status: Resolved');
  expect(resolved.mail.text).not.toContain('Access restored after the ID check.');

  // The case screen says so in words, the address masked.
  const log = page.getByRole('list', { name: 'Customer notifications' });
  await expect(log).toContainText(/E-mail to r•••@example\.com sent .+ — Resolved/, { timeout: 20_000 });
  await expect(log).toContainText(/E-mail to r•••@example\.com sent .+ — Received/);
  await expect(page.getByRole('region', { name: 'Customer notifications' })).not.toContainText(CUSTOMER_EMAIL);
});
