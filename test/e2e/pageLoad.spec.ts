import { expect, signIn, test } from './fixtures';
import { expectAccessible } from './accessibility';

test('the console loads and signs in without a single console error or warning', async ({ page, stack }) => {
  const messages: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => messages.push(`pageerror: ${error.message}`));
  const response = await page.goto(stack.host.url);
  // The policy travels as a header (frame-ancestors is ignored, with an error, in a meta element).
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(await page.locator('meta[http-equiv="Content-Security-Policy" i]').count()).toBe(0);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await signIn(page, 'agent');
  await expect(page.getByRole('table', { name: 'My queue' })).toBeVisible();
  await expectAccessible(page, 'my queue');
  expect(messages).toEqual([]);
});
