import { TOTP, Secret } from 'otpauth';
import { DEMO_PASSWORD, expect, freshCode, signIn, test } from './fixtures';

test('enrols the second factor on first sign-in: QR code, setup key, then recovery codes once', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await page.getByLabel('User name').fill('agent12');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Set up your second factor' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const secret = (await page.getByLabel('Setup key').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);

  await page.getByLabel('Authentication code').fill('000000' === TOTP.generate({ secret: Secret.fromBase32(secret) }) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');

  await page.getByLabel('Authentication code').fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
  await page.getByRole('button', { name: 'Verify' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByText("Liam O'Brien")).toBeVisible();
});

test('locks a user name after 5 wrong passwords and says for how long', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await page.getByLabel('User name').fill('agent03');
    await page.getByLabel('Password').fill(`wrong-${attempt}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(attempt < 5 ? 'Wrong user name or password' : 'locked for 15 minutes');
  }
  await page.getByLabel('User name').fill('agent03');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('locked for 15 minutes');
  await expect(page.getByLabel('Authentication code')).toHaveCount(0);
});

test('signing out ends the token at the service', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const { rows } = await stack.service.db.query<{ revoked_reason: string | null }>("SELECT revoked_reason FROM sessions WHERE agent_id = 'AGT-001' AND device_id LIKE 'desktop-%'");
  expect(rows.map((row) => row.revoked_reason)).toEqual(['signed_out']);
});

test('refuses a code already used, saying so, and signs in with the next one', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  const used = await signIn(page, 'agent');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('User name').fill('agent');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authentication code').fill(used);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('That code was already used');
  await expect(page.getByRole('alert')).toContainText('Wait for the next code');
  // Still at the code step: the next code signs in.
  await page.getByLabel('Authentication code').fill(await freshCode('agent'));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
