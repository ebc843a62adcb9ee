import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startCaseService } from '../../src/server/index';
import { TOTP_PERIOD_SECONDS } from '../../src/server/auth/totp';
import { demoCodeAtStep, nextFreshStep } from '../server/helpers/freshTotp';
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
    forgetSignIns();
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

/**
 * The service takes each TOTP code once per user, and no code older than one used (RFC 6238
 * §5.2), so every sign-in here types the next code the user's authenticator app has not shown
 * yet, and the probes below keep their token instead of signing in again. A worker runs one test,
 * with one fresh stack, at a time: what is kept here is that stack's and starts again with the next.
 */
const lastSteps = new Map<string, number>();
const serviceTokens = new Map<string, Promise<string>>();

function forgetSignIns(): void {
  lastSteps.clear();
  serviceTokens.clear();
}

/** The code of the next step not used yet for this user; waits for the next 30-second step only when the service's window is used up. */
export async function freshCode(username: string): Promise<string> {
  for (;;) {
    const at = Date.now();
    // The step before only with 10 s left to type it and have it checked.
    const step = nextFreshStep(lastSteps.get(username), at, 10_000);
    if (step !== null) {
      lastSteps.set(username, step);
      return demoCodeAtStep(username, step);
    }
    const period = TOTP_PERIOD_SECONDS * 1000;
    await new Promise((resolve) => setTimeout(resolve, period - (at % period) + 100));
  }
}

/** Signs in as a demo user: password, then the next code their authenticator app would show (from the demo TOTP secret); returns that code. */
export async function signIn(page: Page, username: string): Promise<string> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = await freshCode(username);
  await page.getByLabel('Authentication code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return code;
}

async function serviceSignIn(serviceUrl: string, username: string, deviceId: string): Promise<string> {
  const login = await fetch(`${serviceUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId, otp: await freshCode(username) }),
  });
  if (login.status !== 200) throw new Error(`the sign-in to the service as ${username} (${deviceId}) was answered ${login.status}: ${await login.text()}`);
  return ((await login.json()) as { token: string }).token;
}

/**
 * A request to the case service as `username` on `deviceId`, the way another device would make
 * it: signed in once per stack, user and device, and again only when the token is refused (401).
 */
export async function serviceFetch(serviceUrl: string, username: string, deviceId: string, path: string, init: RequestInit = {}): Promise<Response> {
  const key = `${serviceUrl} ${username} ${deviceId}`;
  for (let attempt = 0; ; attempt += 1) {
    let token = serviceTokens.get(key);
    if (!token) {
      token = serviceSignIn(serviceUrl, username, deviceId);
      serviceTokens.set(key, token);
      token.catch(() => serviceTokens.delete(key));
    }
    const response = await fetch(`${serviceUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${await token}` } });
    if (response.status !== 401 || attempt > 0) return response;
    serviceTokens.delete(key);
  }
}

/** What the case service holds for a case, read the way a desktop does (login + pull). */
export async function serviceEventsOfCase(serviceUrl: string, username: string, caseId: string): Promise<Array<{ id: string; type: string; payload: unknown }>> {
  const found: Array<{ id: string; type: string; payload: unknown }> = [];
  let after = 0;
  for (;;) {
    const response = await serviceFetch(serviceUrl, username, 'e2e-probe', `/v1/sync/pull?after=${after}&limit=1000`);
    if (response.status !== 200) throw new Error(`the probe's pull was answered ${response.status}: ${await response.text()}`);
    const page = (await response.json()) as { events: Array<{ seq: number; event: { id: string; caseId: string; type: string; payload: unknown } }>; cursor: number; hasMore: boolean };
    for (const { event } of page.events) if (event.caseId === caseId) found.push(event);
    after = page.cursor;
    if (!page.hasMore) return found;
  }
}
