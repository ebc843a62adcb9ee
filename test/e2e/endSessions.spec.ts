import { join } from 'node:path';
import { startBrowserHost } from '../../src/main/browserHost/index';
import { expect, signIn, test } from './fixtures';

test.setTimeout(180_000);

test('a supervisor ends an agent’s sessions from the console, and the agent’s desktop is sent to sign in, told by whom (#10.1)', async ({ page, browser, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  // An agent is offered no Sessions screen.
  await expect(page.getByRole('button', { name: 'Sessions' })).toHaveCount(0);

  // The supervisor works at a desktop of their own.
  const supervisorDesk = await startBrowserHost({ dataDir: join(stack.root, 'supervisor-desktop'), serviceUrl: stack.service.url, port: 0, cti: { port: 0 } });
  const context = await browser.newContext();
  try {
    const supervisor = await context.newPage();
    await supervisor.goto(supervisorDesk.url);
    await signIn(supervisor, 'supervisor');
    await supervisor.getByRole('button', { name: 'Sessions' }).click();
    await expect(supervisor.getByRole('heading', { level: 1, name: 'Sessions' })).toBeVisible();
    const table = supervisor.getByRole('table', { name: 'Sessions you may end' });
    await expect(table.getByRole('list', { name: 'Sign-ins of Alex Morgan' })).toContainText('signed in');

    await table.getByRole('button', { name: 'End sessions of Alex Morgan' }).click();
    const dialog = supervisor.getByRole('dialog', { name: 'End sessions of Alex Morgan?' });
    await dialog.getByRole('button', { name: 'End sessions' }).click();
    await expect(supervisor.getByText('Ended 1 sign-in of Alex Morgan.')).toBeVisible();
    await expect(table.getByRole('button', { name: 'End sessions of Alex Morgan' })).toHaveCount(0);

    // The agent's desktop: its next request to the service is refused (401) and it shows the sign-in screen with the reason.
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible({ timeout: 40_000 });
    await expect(page.getByText('Your session was ended by Rachel Chen. Sign in again to continue.')).toBeVisible();
  } finally {
    await context.close();
    await supervisorDesk.close();
  }
});
