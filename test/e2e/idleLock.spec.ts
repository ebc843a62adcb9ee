import { BUNDLED_AUTH_SETTINGS } from '../../src/shared/auth/authSettings';
import { DEMO_PASSWORD, expect, signIn, test } from './fixtures';

// Fifteen seconds instead of five minutes (resources/auth.json), so the test can wait for it.
const IDLE_MINUTES = 15 / 60;
test.use({
  hostConsole: {
    auth: {
      ...BUNDLED_AUTH_SETTINGS,
      idleLock: { minutes: IDLE_MINUTES, secondFactorAfterMinutes: 60 },
    },
  },
});

test('locks after the idle time, hides the customer, keeps the half-typed note, and survives a reload', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: /^Open case / }).first().click();
  const timeline = page.getByRole('list', { name: 'Case timeline' });
  await expect(timeline).toBeVisible();
  const draft = `Half-typed note ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Note' }).fill(draft);

  const locked = page.getByRole('heading', { name: 'Console locked' });
  await expect(locked).toBeVisible({ timeout: 45_000 });
  await expect(timeline).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Note' })).toBeHidden();

  await page.getByLabel('Password').fill('not-my-password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('not your password');
  await expect(timeline).toBeHidden();

  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(locked).toBeHidden();
  await expect(page.getByRole('textbox', { name: 'Note' })).toHaveValue(draft);

  // Idle again, then a reload: still locked, nothing of the customer shown.
  await expect(locked).toBeVisible({ timeout: 45_000 });
  await page.reload();
  await expect(locked).toBeVisible();
  await expect(page.getByRole('table', { name: 'My queue' })).toHaveCount(0);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('table', { name: 'My queue' }).or(timeline)).toBeVisible();
});
