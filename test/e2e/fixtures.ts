import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { demoTotpCode, startCaseService } from '../../src/server/index';
import { startBrowserHost } from '../../src/main/browserHost/index';

export const DEMO_PASSWORD = 'Demo-2026!';

type CaseService = Awaited<ReturnType<typeof startCaseService>>;
type BrowserHost = Awaited<ReturnType<typeof startBrowserHost>>;

/** A whole console stack of its own: case service (PGlite) and browser host, each with a fresh data directory. */
export interface ConsoleStack {
  root: string;
  service: CaseService;
  host: BrowserHost;
  restartHost(): Promise<BrowserHost>;
  stopService(): Promise<void>;
  startService(): Promise<CaseService>;
}

type HostConsoleOptions = NonNullable<Parameters<typeof startBrowserHost>[0]['console']>;
/** Extra case-service options (a test SMTP server for notifications, say), on every start of the stack's service. */
export type ServiceOptions = Omit<NonNullable<Parameters<typeof startCaseService>[0]>, 'dataDir' | 'port' | 'logger'>;

export const test = base.extend<{ stack: ConsoleStack; hostConsole: HostConsoleOptions; serviceOptions: ServiceOptions }>({
  /** Console options for the browser host (a test may shorten the idle lock, say): `test.use({ hostConsole: … })`. */
  hostConsole: [{}, { option: true }],
  serviceOptions: [{}, { option: true }],
  stack: async ({ hostConsole, serviceOptions }, use) => {
    const root = await mkdtemp(join(tmpdir(), 'agent-console-e2e-'));
    const serviceDir = join(root, 'service');
    const desktopDir = join(root, 'desktop');
    let service: CaseService | null = await startCaseService({ ...serviceOptions, dataDir: serviceDir, port: 0, logger: false });
    const servicePort = service.port;
    // The CTI endpoint on a free port too, so tests never meet a console running on this machine.
    let host = await startBrowserHost({ dataDir: desktopDir, serviceUrl: service.url, port: 0, cti: { port: 0 }, console: hostConsole });
    const stack: ConsoleStack = {
      root,
      get service() {
        if (!service) throw new Error('the case service is stopped');
        return service;
      },
      get host() {
        return host;
      },
      async restartHost() {
        await host.close();
        host = await startBrowserHost({ dataDir: desktopDir, serviceUrl: `http://127.0.0.1:${servicePort}`, port: 0, cti: { port: 0 }, console: hostConsole });
        return host;
      },
      async stopService() {
        await service?.close();
        service = null;
      },
      async startService() {
        service = await startCaseService({ ...serviceOptions, dataDir: serviceDir, port: servicePort, logger: false });
        return service;
      },
    };
    await use(stack);
    await host.close().catch(() => undefined);
    await service?.close().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  },
});

export { expect };

/** Signs in as a demo user: password, then the code their authenticator app would show (from the demo TOTP secret). */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Authentication code').fill(demoTotpCode(username));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** A sign-in straight to the case service, the way another device would. */
export function serviceLoginBody(username: string, deviceId: string): string {
  return JSON.stringify({ username, password: DEMO_PASSWORD, deviceId, otp: demoTotpCode(username) });
}

/** What the case service holds for a case, read the way a desktop does (login + pull). */
export async function serviceEventsOfCase(serviceUrl: string, username: string, caseId: string): Promise<Array<{ id: string; type: string; payload: unknown }>> {
  const login = await fetch(`${serviceUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: serviceLoginBody(username, 'e2e-probe'),
  });
  if (login.status !== 200) throw new Error(`the probe's sign-in as ${username} was answered ${login.status}: ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const found: Array<{ id: string; type: string; payload: unknown }> = [];
  let after = 0;
  for (;;) {
    const response = await fetch(`${serviceUrl}/v1/sync/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`the probe's pull was answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { events: Array<{ seq: number; event: { id: string; caseId: string; type: string; payload: unknown } }>; cursor: number; hasMore: boolean };
    for (const { event } of page.events) if (event.caseId === caseId) found.push(event);
    after = page.cursor;
    if (!page.hasMore) return found;
  }
}
