import { readFile } from 'node:fs/promises';
import { expect, serviceEventsOfCase, signIn, test } from './fixtures';
import { answer, choose, newestTransactionOfCase, pickNewestTransaction, daysAgoIso, expectStep, openCaseFromQueue, openVerifiedCase, readAloud, runner, serviceEventsWithAuthors } from './workflowHelpers';
import { pdfText } from '../support/pdfText';
import { expectAccessible } from './accessibility';

const AGENT_ID = 'AGT-001';

test('a Tier 1 agent runs the fee-dispute workflow to a $50 reversal granted on the spot', async ({ page, stack }) => {
  const caseId = await openVerifiedCase(stack.service.url, 'agent', AGENT_ID, 'billing_dispute', 'Overdraft fee disputed (e2e)');
  const fee = await newestTransactionOfCase(stack.service.db, caseId);
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await openCaseFromQueue(page, caseId);

  await runner(page).getByRole('button', { name: 'Start “Billing or fee dispute”' }).click();
  await expectStep(page, /^Step 1 of \d+: Record the disputed fee$/);
  await expect(runner(page).getByLabel('Script')).toContainText('Which fee are you disputing');
  await expectAccessible(page, 'workflow step');
  await readAloud(page, 'Call recording notice');
  await choose(page, /^Fee disputed/, 'Overdraft fee');
  await answer(page, /^Fee amount/, 'fifty dollars');
  await expect(runner(page).getByRole('alert').filter({ hasText: 'Not saved' })).toContainText('amount must be a positive amount in dollars and cents');
  await answer(page, /^Fee amount/, '50');
  await answer(page, /^When the fee was charged/, daysAgoIso(3));
  expect(await pickNewestTransaction(page, /^Fee transaction/)).toContain(fee.description);
  await page.keyboard.press('Alt+N');

  await expectStep(page, /^Step 2 of \d+: Check the fee$/);
  await choose(page, /^Fee was charged in error/, 'Yes');
  await choose(page, /^First fee of this kind/, 'No');
  await runner(page).getByRole('button', { name: /Complete step/ }).click();

  await expectStep(page, /^Step 3 of \d+: Reverse the fee$/);
  await answer(page, /^Amount to reverse/, '50.00');
  await choose(page, /^Why it is reversed/, 'Charged in error');
  const remediation = runner(page).getByRole('region', { name: 'Remediation' });
  await expect(remediation).toContainText('Within your limit');
  await remediation.getByRole('button', { name: 'Grant fee reversal of $50.00' }).click();
  await expect(remediation.getByRole('list', { name: 'Fee reversal requests on this case' })).toContainText('$50.00 — approved');
  await runner(page).getByRole('button', { name: /Complete step/ }).click();

  await expectStep(page, /^Step 4 of 4: Close the call$/);
  await readAloud(page, 'Your right to take the complaint further');
  await answer(page, /^Outcome in one or two sentences/, 'Overdraft fee of $50 reversed as charged in error.');
  await runner(page).getByRole('button', { name: /Finish workflow/ }).click();
  await expect(runner(page).getByText('Workflow complete')).toBeVisible();
  await expect(runner(page).getByRole('list', { name: 'Remediation on this case' })).toContainText('Fee reversal of $50.00: approved');

  const onService = async () => (await serviceEventsOfCase(stack.service.url, 'agent', caseId)).map((e) => e.type);
  await expect.poll(onService, { timeout: 30_000 }).toContain('workflow.completed');
  const events = await serviceEventsOfCase(stack.service.url, 'agent', caseId);
  expect(events.find((e) => e.type === 'remediation.requested')?.payload).toMatchObject({ kind: 'fee_reversal', amountCents: 5000, approval: 'none', transactionId: fee.id });
});

test('a $500 refund requested by Tier 1 waits for the supervisor, who approves it in Approvals', async ({ page, browser, stack }) => {
  const caseId = await openVerifiedCase(stack.service.url, 'agent', AGENT_ID, 'refund_request', 'Refund for a cancelled order (e2e)');
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await openCaseFromQueue(page, caseId);
  await runner(page).getByRole('button', { name: 'Start “Refund request”' }).click();

  await readAloud(page, 'Call recording notice');
  await answer(page, /^Transaction ID/, 'TX-E2E-REFUND-1');
  await answer(page, /^Transaction date and time/, daysAgoIso(5));
  await answer(page, /^Charge as described/, 'ACME ONLINE STORE');
  await answer(page, /^Transaction amount/, '500');
  await choose(page, /^Why the customer wants a refund/, 'Service paid for but not provided');
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Confirm the charge$/);
  await choose(page, /^Charge confirmed in the account ledger/, 'Yes');
  await answer(page, /^Amount to refund/, '500');
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Grant the refund$/);
  await expect(runner(page).getByRole('list', { name: 'Time windows' })).toContainText('Refund eligibility: 30 days [operating guide 004]');
  const remediation = runner(page).getByRole('region', { name: 'Remediation' });
  await expect(remediation).toContainText('Needs supervisor approval');
  await remediation.getByRole('button', { name: 'Request supervisor approval for refund / credit of $500.00' }).click();
  await expect(remediation.getByRole('list', { name: 'Refund / credit requests on this case' })).toContainText('$500.00 — waiting for approval');
  await expect.poll(async () => (await serviceEventsOfCase(stack.service.url, 'agent', caseId)).some((e) => e.type === 'remediation.requested'), { timeout: 30_000 }).toBe(true);

  // The supervisor, on another desk: a second browser context on the same console host would share its session, so sign the agent out first.
  await page.getByRole('button', { name: 'Sign out' }).click();
  const supervisorPage = await (await browser.newContext()).newPage();
  await supervisorPage.goto(stack.host.url);
  await signIn(supervisorPage, 'supervisor');
  await supervisorPage.getByRole('button', { name: 'Approvals' }).click();
  const request = supervisorPage.getByRole('listitem', { name: `Refund / credit of $500.00 on case ${caseId}` });
  await expect(request).toBeVisible({ timeout: 30_000 });
  await expect(request).toContainText('Requested by Alex Morgan');
  await expectAccessible(supervisorPage, 'approvals');
  await request.getByLabel('Note (optional)').fill('Merchant confirmed non-delivery.');
  await request.getByRole('button', { name: 'Approve' }).click();
  await expect(request).toBeHidden();

  const approval = async () => (await serviceEventsWithAuthors(stack.service.url, 'supervisor', caseId)).find((e) => e.type === 'remediation.approved');
  await expect.poll(approval, { timeout: 30_000 }).toMatchObject({ actorId: 'AGT-014', payload: { note: 'Merchant confirmed non-delivery.' } });
});

test('a walk-in complaint taken with the case service down syncs when it returns, and the PDF holds the reference', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'branch');
  await expect(page.getByRole('heading', { name: 'Walk-in complaint' })).toBeVisible();
  await expectAccessible(page, 'walk-in intake');
  await stack.stopService();

  const intake = page.getByRole('form', { name: 'Walk-in intake' });
  await intake.getByLabel('Name (not on file)').fill('Grace Hopper');
  await intake.getByLabel('Phone or e-mail (optional)').fill('+1 555 0100');
  await intake.getByLabel('In one line, what is the complaint?').fill('Branch closed before its posted hours');
  await intake.getByRole('button', { name: 'Open complaint' }).click();

  const reference = page.locator('.walkin-ref .reference');
  await expect(reference).toHaveText(/^WALKIN-BR001-\d{8}-[2-9A-HJ-NP-Z]{10}$/);
  const caseId = (await reference.textContent()) ?? '';

  await expectAccessible(page, 'walk-in workflow step');
  await readAloud(page, 'How we use what you tell us');
  await choose(page, /^Photo ID checked/, 'Yes');
  await choose(page, /^What the complaint is about/, 'Staff or service at the branch');
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Describe the complaint$/);
  await answer(page, /^What happened, in order/, 'The branch closed at 3pm although the door says 5pm.');
  await answer(page, /^What the customer wants/, 'Keep to the posted opening hours.');
  await choose(page, /^Customer may be vulnerable/, 'No');
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Hand over the acknowledgement$/);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download acknowledgement (PDF)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`acknowledgement-${caseId}.pdf`);
  const pdf = await readFile((await download.path()) ?? '');
  // Checks the text the PDF draws (content streams inflated, strings decoded), not its metadata.
  const text = pdfText(pdf);
  expect(text).toContain(caseId);
  expect(text).toContain('Grace Hopper');
  expect(text).toContain('The branch closed at 3pm although the door says 5pm.');

  await readAloud(page, 'What happens next');
  await readAloud(page, 'Your right to take the complaint further');
  await choose(page, /^How the customer wants to hear from us/, 'Phone');
  await choose(page, /^Printed acknowledgement handed to the customer/, 'Yes');
  await runner(page).getByRole('button', { name: /Finish workflow/ }).click();
  await expect(runner(page).getByText('Workflow complete')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).not.toContainText('Online');

  await stack.startService();
  const types = async () => (await serviceEventsOfCase(stack.service.url, 'branch', caseId)).map((e) => e.type);
  await expect.poll(types, { timeout: 60_000 }).toContain('workflow.completed');
  expect(await types()).toEqual(expect.arrayContaining(['case.created', 'contact.linked', 'workflow.started', 'workflow.answered', 'message.sent']));
});
