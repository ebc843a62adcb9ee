import { expect, signIn, test } from './fixtures';
import { expectAccessible } from './accessibility';

test('my queue shows a live time-to-breach countdown, the case screen every SLA clock, and a supervisor the Team SLA board', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');

  const queue = page.getByRole('table', { name: 'My queue' });
  await expect(queue.getByRole('columnheader', { name: /^Time to breach/ })).toHaveAttribute('aria-sort', 'ascending');
  const firstCell = queue.locator('tbody tr').first().locator('td.col-sla');
  await expect(firstCell).toContainText(/(On track|Warning|Breached|Paused) · .*(left|overdue)/);
  // It ticks: within a few seconds the text changes (seconds are shown in the last hour, minutes otherwise — wait for either).
  const before = await queue.locator('td.col-sla').allInnerTexts();
  await expect.poll(async () => (await queue.locator('td.col-sla').allInnerTexts()).join('|'), { timeout: 70_000 }).not.toBe(before.join('|'));

  await queue.getByRole('button', { name: /^Open case / }).first().click();
  const clocks = page.getByRole('region', { name: 'SLA clocks' });
  await expect(clocks.getByRole('listitem').first()).toBeVisible();
  await expect(clocks).toContainText(/Due|Was due/);
  await expect(clocks).toContainText('America/New_York');
  await expectAccessible(page, 'case screen');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'supervisor');
  await page.keyboard.press('Alt+Shift+S');
  const board = page.getByRole('region', { name: 'Team SLA board' });
  await expect(board.getByRole('heading', { level: 1, name: 'Team SLA board' })).toBeVisible();
  await expect(board).toContainText(/at warning or breach/);
  await expectAccessible(page, 'team SLA board');
});
