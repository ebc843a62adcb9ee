import { expect, serviceEventsOfCase, signIn, test, type ConsoleStack } from './fixtures';
import { answer, choose, newestTransactionOfCase, pickNewestTransaction, daysAgoIso, expectStep, openCaseFromQueue, openVerifiedCase, readAloud, runner } from './workflowHelpers';
import type { Page } from '@playwright/test';

const AGENT_ID = 'AGT-001';

/** Opens a fee-dispute case and walks to "Reverse the fee", the step where the lost choice was seen. */
async function reachReverseTheFee(page: Page, stack: ConsoleStack): Promise<string> {
  const caseId = await openVerifiedCase(stack.service.url, 'agent', AGENT_ID, 'billing_dispute', 'Fee charged twice (e2e)');
  const fee = await newestTransactionOfCase(stack.service.db, caseId);
  const hostUrl = stack.host.url;
  await page.goto(hostUrl);
  await signIn(page, 'agent');
  await openCaseFromQueue(page, caseId);
  await runner(page).getByRole('button', { name: 'Start “Billing or fee dispute”' }).click();
  await readAloud(page, 'Call recording notice');
  await choose(page, /^Fee disputed/, 'Overdraft fee');
  await answer(page, /^Fee amount/, '25');
  await answer(page, /^When the fee was charged/, daysAgoIso(3));
  expect(await pickNewestTransaction(page, /^Fee transaction/)).toContain(fee.description);
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Check the fee$/);
  await choose(page, /^Fee was charged in error/, 'Yes');
  await choose(page, /^First fee of this kind/, 'No');
  await page.keyboard.press('Alt+N');
  await expectStep(page, /Reverse the fee$/);
  return caseId;
}

test('a choice clicked straight after typing an amount is the one recorded', async ({ page, stack }) => {
  const caseId = await reachReverseTheFee(page, stack);
  // Typed, not left: the click on the choice is what takes focus away from the amount.
  await runner(page).getByLabel(/^Amount to reverse/).fill('25');
  const reason = runner(page).getByRole('radiogroup', { name: /^Why it is reversed/ });
  await reason.getByRole('radio', { name: 'Charged in error' }).click();
  await expect(reason.getByRole('radio', { name: 'Charged in error' })).toBeChecked();
  await expect(reason.getByRole('radio', { name: 'Goodwill' })).not.toBeChecked();

  const answers = async () =>
    (await serviceEventsOfCase(stack.service.url, 'agent', caseId))
      .filter((event) => event.type === 'workflow.answered')
      .map((event) => event.payload as { fieldId: string; value: unknown })
      .filter((payload) => payload.fieldId === 'reversalBasis' || payload.fieldId === 'reversalAmount')
      .map((payload) => `${payload.fieldId}=${String(payload.value)}`);
  await expect.poll(answers, { timeout: 30_000 }).toEqual(['reversalAmount=2500', 'reversalBasis=bank_error']);
});

test('a choice clicked straight after typing an amount that is refused is still made, beside the reason', async ({ page, stack }) => {
  await reachReverseTheFee(page, stack);
  await runner(page).getByLabel(/^Amount to reverse/).fill('twenty-five');
  const reason = runner(page).getByRole('radiogroup', { name: /^Why it is reversed/ });
  await reason.getByRole('radio', { name: 'Goodwill' }).click();
  await expect(runner(page).getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible();
  await expect(reason.getByRole('radio', { name: 'Goodwill' })).toBeChecked();
});
