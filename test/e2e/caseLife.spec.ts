import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startBrowserHost } from '../../src/main/browserHost/index';
import { CASE_REFERENCE } from '../../src/shared/cases/streams';
import { expect, serviceEventsOfCase, signIn, test, type ConsoleStack } from './fixtures';

/** The README's demo caller (Robert Hill), who has an open fee dispute in the agent's queue. */
const CALLER = '+15550201920';

async function ring(stack: ConsoleStack, contactId: string): Promise<void> {
  const cti = stack.host.cti;
  if (!cti) throw new Error('the browser host has no CTI endpoint');
  const reply = await fetch(cti.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ani: CALLER, channel: 'phone', contactId }),
  });
  expect(reply.status).toBe(202);
}

const actions = (page: Page) => page.getByRole('region', { name: 'Case actions' });
const timeline = (page: Page) => page.getByRole('list', { name: 'Case timeline' });

async function act(page: Page, action: string, fill: (dialog: ReturnType<Page['getByRole']>) => Promise<void>, submit: string): Promise<void> {
  await actions(page).getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await fill(dialog);
  await dialog.getByRole('button', { name: submit, exact: true }).click();
  await expect(dialog).toBeHidden();
}

/** The customer's cases as the case service holds them. */
async function casesOf(stack: ConsoleStack, customerId: string): Promise<string[]> {
  const { rows } = await stack.service.db.query<{ case_id: string }>('SELECT case_id FROM cases WHERE customer_id = $1 ORDER BY case_id', [customerId]);
  return rows.map((row) => row.case_id);
}

test('a case’s whole life: pop, contact linked to a new typed case, message, waiting, resumed, resolved (out of My queue), reopened, transferred, taken by the other queue’s agent', async ({ page, stack, browser }) => {
  const caller = (await stack.service.db.query<{ id: string }>('SELECT id FROM customers WHERE phone = $1 ORDER BY id LIMIT 1', [CALLER])).rows[0];
  if (!caller) throw new Error('the demo bank has no Robert Hill');
  const casesBefore = await casesOf(stack, caller.id);
  const seededReference = casesBefore[0];
  if (!seededReference) throw new Error('Robert Hill has no case in the demo bank');
  expect(casesBefore.every((caseId) => CASE_REFERENCE.test(caseId))).toBe(true);

  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const queue = page.getByRole('table', { name: 'My queue' });
  await expect(queue.getByRole('row').nth(1)).toBeVisible();

  // Ctrl+K finds the customer by a case reference read out over the phone; looking them up opens no case.
  await page.keyboard.press('Control+k');
  const finder = page.getByRole('dialog', { name: 'Find a customer' });
  await finder.getByRole('combobox', { name: 'Search customers' }).fill(seededReference.toLowerCase().replaceAll('-', ' '));
  await expect(finder.getByRole('listbox', { name: 'Matching customers' }).getByRole('option', { name: /Robert Hill/ })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article', { name: 'Robert Hill' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+Shift+Q');
  await expect(queue).toBeVisible();

  // A call pops the customer; the look-up itself opens no case.
  await ring(stack, 'life-call-1');
  const pop = page.getByRole('article', { name: 'Robert Hill' });
  const placement = pop.getByRole('region', { name: 'Record this contact on a case' });
  await expect(placement.getByText('Suggested')).toBeVisible();
  await expect(pop.getByText('Not linked to a case yet')).toBeVisible();
  await expect(pop.getByRole('button', { name: /^Open case / })).toHaveCount(0);
  await page.keyboard.press('Alt+Shift+Q');
  await expect(queue).toBeVisible();

  // The agent opens a new, typed case for the contact.
  await ring(stack, 'life-call-2');
  await placement.getByLabel('Case type').selectOption('account_lock');
  await placement.getByLabel('Severity').selectOption('S2');
  await placement.getByRole('button', { name: 'Open new case' }).click();
  const openCase = pop.getByRole('button', { name: /^Open case AC-/ });
  await expect(openCase).toBeVisible();
  const caseId = ((await openCase.textContent()) ?? '').replace('Open case', '').trim();
  await openCase.click();
  await expect(page.getByRole('region', { name: 'Case', exact: true })).toContainText('Account lock / login failure');
  await expect(timeline(page)).toContainText('Inbound Phone contact linked');

  await act(page, 'Send message', (d) => d.getByLabel('Message to the customer').fill('We have your request and are unlocking your access.'), 'Send');
  await expect(timeline(page)).toContainText('Response sent by Email');

  await act(page, 'Wait on customer', (d) => d.getByLabel('What are you waiting for?').fill('A photo of the ID card'), 'Start waiting');
  await expect(timeline(page)).toContainText('Status changed to Waiting on customer — A photo of the ID card');

  await actions(page).getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(timeline(page)).toContainText('Status changed to Open');

  await act(
    page,
    'Resolve case',
    async (d) => {
      await d.getByLabel('Resolution').selectOption('account_unlocked');
      await d.getByLabel('Summary for the customer').fill('Access restored after the ID check.');
    },
    'Resolve',
  );
  await expect(timeline(page)).toContainText('Resolved: Account unlocked');

  // Resolved: it leaves My queue.
  await page.getByRole('button', { name: 'Back to queue' }).click();
  await expect(queue.getByRole('row').nth(1)).toBeVisible();
  await expect(queue).not.toContainText(caseId);

  // The customer calls back: the resolved case is a click away in the pop, and is reopened.
  await ring(stack, 'life-call-3');
  await pop.getByRole('list', { name: 'Recently resolved or closed cases' }).getByRole('button', { name: caseId }).click();
  await act(page, 'Reopen case', (d) => d.getByLabel('Why reopen it?').fill('Locked out again the next morning'), 'Reopen');
  await expect(timeline(page)).toContainText('Reopened');

  await act(
    page,
    'Transfer',
    async (d) => {
      await d.getByLabel('To queue').selectOption('T1-WEST');
      await d.getByLabel('Note for whoever picks it up').fill('Customer is in Seattle; please call back in their morning.');
    },
    'Transfer the case',
  );
  await expect(timeline(page)).toContainText('Transferred to Tier 1 West');

  const onService = async () => (await serviceEventsOfCase(stack.service.url, 'compliance', caseId)).map((event) => event.type);
  await expect
    .poll(onService, { timeout: 30_000 })
    .toEqual(expect.arrayContaining(['case.created', 'contact.linked', 'message.sent', 'status.changed', 'case.resolved', 'case.reopened', 'case.transferred']));
  // The desktop pushes in the order it recorded: the look-up and the three pops came before this case,
  // so had any of them opened a case, the service would hold it by now. Only the case the agent opened is new.
  expect(await casesOf(stack, caller.id)).toEqual([...casesBefore, caseId].sort());

  // A Tier 1 West agent, on a desktop of their own, takes the transferred case from their queue.
  const westHost = await startBrowserHost({ dataDir: join(stack.root, 'desktop-west'), serviceUrl: stack.service.url, port: 0, cti: { port: 0 } });
  const westContext = await browser.newContext();
  try {
    const west = await westContext.newPage();
    await west.goto(westHost.url);
    await signIn(west, 'agent08');
    const westQueue = west.getByRole('table', { name: 'My queue' });
    await expect(westQueue).toBeVisible();
    await expect(westQueue).not.toContainText(caseId);
    // The seeded T1-WEST queue has nothing unassigned: the transferred case is the one waiting.
    await expect(west.getByText('1 case waiting in your queues')).toBeVisible({ timeout: 60_000 });
    await west.getByRole('button', { name: 'Take next' }).click();
    await expect(west.getByRole('region', { name: 'Case', exact: true })).toContainText('Account lock / login failure');
    await expect(timeline(west)).toContainText('Transferred to Tier 1 West');
    await west.getByRole('button', { name: 'Back to queue' }).click();
    await expect(westQueue.getByRole('button', { name: new RegExp(`\\(${caseId}\\)$`) })).toBeVisible();
    await expect(west.getByText('Nothing waiting in your queues')).toBeVisible();
    await expect
      .poll(async () => (await serviceEventsOfCase(stack.service.url, 'compliance', caseId)).filter((event) => event.type === 'owner.assigned').map((event) => (event.payload as { ownerId: string | null }).ownerId), { timeout: 30_000 })
      .toContain('AGT-008');
  } finally {
    await westContext.close();
    await westHost.close();
  }
});
