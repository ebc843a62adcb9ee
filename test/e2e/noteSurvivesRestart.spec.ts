import { expect, serviceEventsOfCase, signIn, test } from './fixtures';

test('an agent signs in, opens a case, adds a note; it survives a host restart and reaches the service', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');

  const queue = page.getByRole('table', { name: 'My queue' });
  const firstCase = queue.getByRole('button', { name: /^Open case / }).first();
  await expect(firstCase).toBeVisible();
  const accessibleName = (await firstCase.getAttribute('aria-label')) ?? '';
  const caseId = /\(([A-Z0-9-]+)\)$/.exec(accessibleName)?.[1];
  expect(caseId, `queue button names its case reference: ${accessibleName}`).toBeTruthy();
  await firstCase.click();

  const noteText = `Customer confirmed the duplicate fee (${Date.now()})`;
  await page.getByRole('textbox', { name: 'Note' }).fill(noteText);
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Case timeline' })).toContainText(noteText);

  const notesOnService = async () =>
    (await serviceEventsOfCase(stack.service.url, 'agent', caseId!)).filter((e) => e.type === 'note.added' && (e.payload as { text: string }).text === noteText).length;
  await expect.poll(notesOnService, { timeout: 30_000 }).toBe(1);

  // The agent's data is locked with their password: after a restart they sign in again to open it.
  const host = await stack.restartHost();
  await page.goto(host.url);
  await signIn(page, 'agent');
  await expect(page.getByRole('table', { name: 'My queue' })).toBeVisible();
  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: new RegExp(`\\(${caseId}\\)$`) }).click();
  await expect(page.getByRole('list', { name: 'Case timeline' })).toContainText(noteText);
  expect(await notesOnService()).toBe(1);
});
