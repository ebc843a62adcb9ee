import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, demoTotpCode, startCaseService, type CaseService } from '../../../../src/server/index';
import { BUNDLED_AUTH_SETTINGS, type AuthSettings } from '../../../../src/shared/auth/authSettings';
import { tempDir, testKey } from '../../support';

const SMALL_BANK = { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 };
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function desktop(dataDir: string, key: Buffer, serviceUrl: string, auth: AuthSettings = BUNDLED_AUTH_SETTINGS): Promise<ConsoleService> {
  const console = await createConsoleService({ dataDir, serviceUrl, keyProtectors: [createMemoryKeyProtector(key)], requestTimeoutMs: 1_500, warn: () => undefined, auth, backoff: { initialMs: 100, maxMs: 500 } });
  cleanups.push(() => console.close());
  return console;
}

describe('offline sign-in for an agent who signed in on this desktop before', () => {
  it('signs in against the sealed verifier while the service is down, and what they record syncs under their name once it is back', { timeout: 90_000 }, async () => {
    const serviceDir = await tempDir('agent-console-service-');
    const dataDir = await tempDir('agent-console-desktop-');
    const key = testKey();
    let service: CaseService = await startCaseService({ dataDir: serviceDir, port: 0, seed: SMALL_BANK, logger: false });
    cleanups.push(() => service.close());
    const port = service.port;

    const first = await desktop(dataDir, key, service.url);
    expect(await first.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') })).toMatchObject({ ok: true, value: { offline: false } });
    await first.close();
    await service.close();

    const branch = await desktop(dataDir, key, service.url);
    // Someone who never signed in here, and a wrong password, get nothing.
    expect(await branch.dispatchIpc('session.login', { username: 'agent02', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'service_unreachable' } });
    expect(await branch.dispatchIpc('session.login', { username: 'agent', password: 'Demo-2025!' })).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const login = await branch.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD });
    expect(login).toMatchObject({ ok: true, value: { offline: true, agent: { id: 'AGT-001' }, storage: { state: 'open' } } });

    const draft = {
      id: randomUUID(),
      caseId: `CASE-T-${randomUUID().slice(0, 8)}`,
      type: 'case.created' as const,
      payload: { customerId: null, caseType: 'complaint', severity: 'S3', channel: 'walk_in', subject: 'Recorded while the link was down', ownerId: 'AGT-001', queueId: 'T1-EAST' },
    };
    expect(await branch.dispatchIpc('events.append', draft)).toMatchObject({ ok: true, value: { event: { actorId: 'AGT-001' } } });

    service = await startCaseService({ dataDir: serviceDir, port, seed: false, logger: false });
    await expect
      .poll(
        async () => {
          await branch.sync.syncNow();
          const { rows } = await service.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events WHERE event_id = $1', [draft.id]);
          return Number(rows[0]?.n);
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    expect(branch.sync.status()).toMatchObject({ pending: 0 });
    // The refresh token renewed the same sign-in (rotated), nothing signed in afresh.
    const { rows } = await service.db.query<{ revoked_reason: string | null }>("SELECT revoked_reason FROM sessions WHERE agent_id = 'AGT-001' ORDER BY created_at");
    expect(rows.map((row) => row.revoked_reason)).toEqual(['rotated', null]);
  });

  it('refuses offline sign-in once the last online sign-in is older than the window', async () => {
    const dataDir = await tempDir('agent-console-desktop-');
    const key = testKey();
    const service = await startCaseService({ port: 0, seed: SMALL_BANK, logger: false });
    cleanups.push(() => service.close());
    const short = { ...BUNDLED_AUTH_SETTINGS, offlineSignIn: { hours: 0.5 / 3600 } };
    const first = await desktop(dataDir, key, service.url, short);
    expect((await first.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') })).ok).toBe(true);
    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 700));
    const later = await desktop(dataDir, key, 'http://127.0.0.1:9', short);
    expect(await later.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'offline_expired' } });
  });
});
