import { expect, serviceEventsOfCase, signIn, test } from './fixtures';

/**
 * Notes and customer messages are typed by agents (and pasted from e-mails): markup in them is
 * text. It must show as typed, create no elements, and run nothing — in the local timeline and
 * after the service has it.
 */
const NOTE = `<img src=x onerror="window.__xss='img'"><script>window.__xss='script'</script><b id="injected-bold">bold</b>`;
const MESSAGE = `<svg onload="window.__xss='svg'"></svg><a id="injected-link" href="javascript:window.__xss='link'">details</a> ' OR '1'='1`;

test('HTML in a note and in a customer message renders as inert text', async ({ page, stack }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(stack.host.url);
  await signIn(page, 'agent');

  const firstCase = page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: /^Open case / }).first();
  await expect(firstCase).toBeVisible();
  const caseId = /\(([A-Z0-9-]+)\)$/.exec((await firstCase.getAttribute('aria-label')) ?? '')?.[1];
  expect(caseId).toBeTruthy();
  await firstCase.click();

  await page.getByRole('textbox', { name: 'Note' }).fill(NOTE);
  await page.getByRole('button', { name: 'Add note' }).click();
  const timeline = page.getByRole('list', { name: 'Case timeline' });
  await expect(timeline).toContainText(NOTE);

  await page.getByRole('button', { name: 'Send message' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Message to the customer' }).fill(MESSAGE);
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(timeline).toContainText(MESSAGE);

  const inert = async () => {
    await expect(page.locator('#injected-bold, #injected-link')).toHaveCount(0);
    await expect(timeline.locator('img, script, svg, b#injected-bold, a[href^="javascript:"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  };
  await inert();

  // The same text as the service stores it and a desktop pulls it back after a reload.
  await expect
    .poll(async () => (await serviceEventsOfCase(stack.service.url, 'agent', caseId!)).filter((event) => JSON.stringify(event.payload).includes('injected-')).length, { timeout: 30_000 })
    .toBe(2);
  await page.reload();
  const queue = page.getByRole('table', { name: 'My queue' });
  // Main may still hold the session (the page only reloaded) or ask to sign in again.
  await expect(page.getByLabel('User name').or(queue)).toBeVisible();
  if (await page.getByLabel('User name').isVisible()) await signIn(page, 'agent');
  await queue.getByRole('button', { name: new RegExp(`\\(${caseId}\\)$`) }).click();
  await expect(timeline).toContainText(NOTE);
  await expect(timeline).toContainText(MESSAGE);
  await inert();
});
