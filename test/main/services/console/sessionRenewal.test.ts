import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, demoTotpCode, startCaseService, type CaseService } from '../../../../src/server/index';
import type { IpcEventPayload } from '../../../../src/shared/ipc/contract';
import { tempDir, testKey } from '../../support';

/** The service's clock, moved by the tests (the desktop keeps real time). */
let clockMs = Date.now();
let service: CaseService;
beforeAll(async () => {
  service = await startCaseService({ port: 0, seed: { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 }, logger: false, now: () => new Date(clockMs) });
});
afterAll(async () => {
  await service.close();
});

const consoles: ConsoleService[] = [];
afterEach(async () => {
  clockMs = Date.now();
  await Promise.all(consoles.splice(0).map((c) => c.close()));
});

async function signedInConsole(username = 'agent'): Promise<ConsoleService> {
  const console = await createConsoleService({ dataDir: await tempDir(), serviceUrl: service.url, keyProtectors: [createMemoryKeyProtector(testKey())], requestTimeoutMs: 2_000, warn: () => undefined });
  consoles.push(console);
  const result = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp: demoTotpCode(username, new Date(clockMs)) });
  if (!result.ok) throw new Error(result.error.message);
  return console;
}

async function liveSessions(agentId: string): Promise<{ revoked_reason: string | null }[]> {
  const { rows } = await service.db.query<{ revoked_reason: string | null }>('SELECT revoked_reason FROM sessions WHERE agent_id = $1 ORDER BY created_at', [agentId]);
  return rows;
}

describe('the desktop’s sign-in with the case service', () => {
  it('asks for the second factor, and keeps the enrolment offer for the QR code', async () => {
    const console = await createConsoleService({ dataDir: await tempDir(), serviceUrl: service.url, keyProtectors: [createMemoryKeyProtector(testKey())], warn: () => undefined });
    consoles.push(console);
    expect(await console.dispatchIpc('session.login', { username: 'specialist', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'mfa_required' } });
    expect(await console.dispatchIpc('session.login', { username: 'agent12', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'mfa_enrolment_required' } });
    const offer = await console.dispatchIpc('session.mfaEnrolment', {});
    expect(offer).toMatchObject({ ok: true, value: { enrolment: { otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\/Agent%20Console:agent12\?/) } } });
  });

  it('renews an access token that ran out with the refresh token, so sync and requests carry on', async () => {
    const console = await signedInConsole('agent02');
    await console.sync.syncNow();
    clockMs += 61 * 60_000;
    // The cycle meets a 401 (token expired), hands it to the refresh, and is woken again with the new token.
    await console.sync.syncNow();
    await console.sync.whenIdle();
    await expect.poll(() => console.sync.status().state, { timeout: 10_000 }).toBe('online');
    expect(await console.dispatchIpc('agents.list', {})).toMatchObject({ ok: true });
    expect((await liveSessions('AGT-002')).map((row) => row.revoked_reason)).toEqual(['rotated', null]);
  });

  it('ends the desktop’s session when a supervisor ends the agent’s sessions', async () => {
    const console = await signedInConsole('agent03');
    const ended = new Promise<IpcEventPayload<'session.ended'>>((resolve) => console.on('session.ended', resolve));
    const login = await fetch(`${service.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD, deviceId: 'sup-desk', otp: demoTotpCode('supervisor', new Date(clockMs)) }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await fetch(`${service.url}/v1/agents/AGT-003/sessions/end`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await console.sync.syncNow();
    expect((await ended).reason).toMatch(/ended/);
    expect(await console.dispatchIpc('session.current', {})).toMatchObject({ ok: true, value: { agent: null } });
  });

  it('signs out at the service too: the token is revoked there', async () => {
    const console = await signedInConsole('agent04');
    const changed = new Promise<IpcEventPayload<'session.changed'>>((resolve) => console.on('session.changed', (payload) => payload.agentId === null && resolve(payload)));
    expect(await console.dispatchIpc('session.logout', {})).toEqual({ ok: true, value: { ok: true } });
    expect((await liveSessions('AGT-004')).map((row) => row.revoked_reason)).toEqual(['signed_out']);
    expect((await changed).reason).toMatch(/signed out/);
  });
});
