import type { Page } from '@playwright/test';
import { expect, signIn, test } from './fixtures';

/** Every control on the screen can be clicked where it is: nothing (an alert, say) lies over it. */
async function expectNothingCovers(page: Page): Promise<void> {
  const controls = await page.locator('main button:visible, main input:visible, main select:visible, main textarea:visible').all();
  expect(controls.length).toBeGreaterThan(0);
  // A trial click scrolls the control into view and checks it is what receives the pointer there.
  for (const control of controls) await control.click({ trial: true, timeout: 5_000 });
}

test('SLA alerts sit in a strip of their own, one summary for many, and cover no control', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const region = page.getByRole('complementary', { name: 'SLA alerts' });
  // The demo agent's queue has many clocks at warning or breach: one line says how many.
  await expect(region).toContainText(/\d+ SLA alerts: (\d+ breached)?(, )?(\d+ at warning)?/, { timeout: 30_000 });
  await expect(region.getByRole('button', { name: /^Dismiss alert/ })).toHaveCount(0);
  await region.getByRole('button', { name: 'Show the list' }).click();
  await expect(region.getByRole('list', { name: 'SLA alerts list' }).getByRole('listitem').nth(1)).toBeVisible();

  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: /^Open case / }).first().click();
  await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
  await expectNothingCovers(page);
});
