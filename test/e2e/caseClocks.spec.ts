import { demoAgentByUsername } from '../../src/server/seed/demoAgents';
import { expect, serviceEventsOfCase, signIn, test } from './fixtures';
import { openCaseFromQueue, openVerifiedCase, recordOnService } from './workflowHelpers';

const AGENT_ID = 'AGT-001';
const DAY_MS = 86_400_000;

test('a card dispute waiting on the customer for evidence shows the 7–14-day evidence clock counting down, met on "Resume"', async ({ page, stack }) => {
  const caseId = await openVerifiedCase(stack.service.url, 'agent', AGENT_ID, 'card_dispute', 'Charged twice by a merchant (e2e)');
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await openCaseFromQueue(page, caseId);
  const clocks = page.getByRole('region', { name: 'SLA clocks' });
  await expect(clocks.getByRole('listitem').first()).toBeVisible();
  await expect(clocks).not.toContainText('Customer evidence');

  const actions = page.getByRole('region', { name: 'Case actions' });
  await actions.getByRole('button', { name: 'Wait on customer', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Wait on customer' });
  await dialog.getByLabel('What are you waiting for?').fill('Receipts for both charges');
  await dialog.getByRole('button', { name: 'Start waiting' }).click();
  await expect(dialog).toBeHidden();

  const evidence = clocks.getByRole('listitem').filter({ hasText: 'Customer evidence (7–14 days)' });
  await expect(evidence).toBeVisible();
  await expect(evidence).toContainText('On track');
  await expect(evidence).toContainText('left of 14d 0h');
  // Due 14 days (24/7) after the wait began, as the service recorded it.
  const waitBegan = async () => (await serviceEventsOfCase(stack.service.url, 'compliance', caseId)).find((event) => event.type === 'status.changed') as { at?: string } | undefined;
  await expect.poll(async () => (await waitBegan())?.at, { timeout: 30_000 }).toBeTruthy();
  const started = (await waitBegan())?.at ?? '';
  const dueAfterStart = async () => Date.parse((await evidence.locator('time').first().getAttribute('datetime')) ?? '') - Date.parse(started);
  await expect.poll(dueAfterStart, { timeout: 5_000 }).toBe(14 * DAY_MS);

  await actions.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(evidence).toContainText('Met');
});

test('a verification the policy refuses looks and is announced as disabled, with the reason as a sentence', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  // A seeded case: its contact ended long ago, so there is no contact in progress to verify on.
  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: /^Open case / }).first().click();
  const check = page.getByRole('region', { name: 'Identity check' });
  const button = check.getByRole('button', { name: 'Record verification' });
  await expect(button).toHaveAttribute('aria-disabled', 'true');
  await expect(button).toHaveClass(/is-refused/);
  await expect(button).toHaveCSS('border-top-style', 'dashed');
  await expect(button).toHaveCSS('cursor', 'not-allowed');
  const reasonId = await button.getAttribute('aria-describedby');
  const reason = page.locator(`[id="${reasonId}"]`);
  await expect(reason).toHaveText(/^Verify the customer during a contact.*\.$/);
  await expect(button).toBeDisabled(); // what assistive technology and Playwright read from aria-disabled
  await expect(check.getByRole('status')).toContainText('Not verified');
});

test('a case escalated to executive or legal review (level 4) owes the customer a weekly status, shown on the case and restarted by "Send message"', async ({ page, stack }) => {
  const caseId = await openVerifiedCase(stack.service.url, 'agent', AGENT_ID, 'complaint', 'Complaint about repeated branch errors (e2e)');
  const complianceId = demoAgentByUsername('compliance').id;
  await recordOnService(stack.service.url, 'agent', AGENT_ID, caseId, [
    { type: 'case.escalated', payload: { level: 4, toOwnerId: complianceId, reason: 'Reputational: the customer has gone to the press', automatic: false } },
  ]);
  const escalatedAt = ((await serviceEventsOfCase(stack.service.url, 'compliance', caseId)).find((event) => event.type === 'case.escalated') as { at?: string } | undefined)?.at ?? '';

  await page.goto(stack.host.url);
  await signIn(page, 'compliance');
  await openCaseFromQueue(page, caseId);
  const weekly = page.getByRole('region', { name: 'SLA clocks' }).getByRole('listitem').filter({ hasText: 'Weekly status (executive or legal review)' });
  await expect(weekly).toBeVisible();
  await expect(weekly).toContainText('On track');
  const dueOf = async () => Date.parse((await weekly.locator('time').first().getAttribute('datetime')) ?? '');
  // Polled: the clock is drawn as the case's events arrive, so its due time may still move just after it shows.
  await expect.poll(async () => (await dueOf()) - Date.parse(escalatedAt), { timeout: 10_000 }).toBe(7 * DAY_MS);

  const actions = page.getByRole('region', { name: 'Case actions' });
  await actions.getByRole('button', { name: 'Send message', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Send message' });
  await dialog.getByLabel('Message to the customer').fill('Our executive review team has your case; we will write again within a week.');
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog).toBeHidden();
  const sentAt = async () => ((await serviceEventsOfCase(stack.service.url, 'compliance', caseId)).find((event) => event.type === 'message.sent') as { at?: string } | undefined)?.at;
  await expect.poll(sentAt, { timeout: 30_000 }).toBeTruthy();
  const sent = Date.parse((await sentAt()) ?? '');
  await expect.poll(dueOf, { timeout: 30_000 }).toBe(sent + 7 * DAY_MS);
});
