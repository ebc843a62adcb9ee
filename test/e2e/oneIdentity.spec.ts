import { expect, signIn, test } from './fixtures';

test('every window shows the identity main works under and follows it at once when it changes (#11.2)', async ({ page, context, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const who = (p: typeof page) => p.getByRole('banner').getByText(/^(Alex Morgan|Rachel Chen)$/);
  await expect(who(page)).toHaveText('Alex Morgan');

  const second = await context.newPage();
  await second.goto(stack.host.url);
  await expect(who(second)).toHaveText('Alex Morgan');

  await second.getByRole('button', { name: 'Sign out' }).click();
  await expect(second.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // The first window does not stay on Alex's queue as if still signed in.
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(who(page)).toHaveCount(0);

  await signIn(second, 'supervisor');
  await expect(who(page)).toHaveText('Rachel Chen');
  await expect(who(second)).toHaveText('Rachel Chen');
});
