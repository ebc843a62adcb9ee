import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, startCaseService, type CaseService } from '../../src/server/index';
import { foldCase } from '../../src/shared/cases/reducer';
import { parseCaseEvent } from '../../src/shared/domain/caseEvent';
import { ipcContract, type SyncStatus } from '../../src/shared/ipc/contract';
import { PullResponse } from '../../src/shared/sync/protocol';
import { tempDir, testKey } from './support';
import { freshDemoTotpCode, steppingClock } from '../server/helpers/freshTotp';

/** The service's clock: real time, moved on a TOTP step when a user's sign-ins here have used every code it accepts now (each code signs in once). */
const clock = steppingClock();

const SMALL_BANK = { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Every copy of an event the service holds, read the way any desktop would: sign in and pull everything. */
async function serviceCopiesOf(serviceUrl: string, eventId: string): Promise<number> {
  const login = await fetch(`${serviceUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD, deviceId: 'verifier', otp: freshDemoTotpCode('supervisor', clock) }),
  });
  const { token } = (await login.json()) as { token: string };
  let copies = 0;
  let after = 0;
  for (;;) {
    const response = await fetch(`${serviceUrl}/v1/sync/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = PullResponse.parse(await response.json());
    copies += page.events.filter(({ event }) => event.id === eventId).length;
    after = page.cursor;
    if (!page.hasMore) return copies;
  }
}

describe('offline capture and sync against the real case service', () => {
  // The service on disk, started once: a new embedded database (PGlite's initdb) and the demo seed (a
  // production-cost scrypt hash per demo agent) cost several seconds of CPU, about half of this file's,
  // and are the set-up, not what the test proves; as a hook they do not eat into the test's own time.
  let serviceDir = '';
  let firstStart: CaseService | null = null;
  beforeAll(async () => {
    serviceDir = await mkdtemp(join(tmpdir(), 'agent-console-service-'));
    firstStart = await startCaseService({ now: clock, dataDir: serviceDir, port: 0, seed: SMALL_BANK, logger: false });
  });
  afterAll(async () => {
    await firstStart?.close();
    if (serviceDir) await rm(serviceDir, { recursive: true, force: true });
  });

  it('accepts a note while the service is down, syncs it exactly once when it returns, and keeps it across a restart', async () => {
    const desktopDir = await tempDir('agent-console-desktop-');
    const key = testKey();
    if (!firstStart) throw new Error('the case service did not start');
    let service: CaseService | null = firstStart;
    cleanups.push(async () => service?.close());
    const port = service.port;

    const openDesktop = () =>
      createConsoleService({
        dataDir: desktopDir,
        serviceUrl: `http://127.0.0.1:${port}`,
        keyProtectors: [createMemoryKeyProtector(key)],
        backoff: { initialMs: 50, maxMs: 400 },
        requestTimeoutMs: 2_000,
        warn: () => undefined,
      });
    let desktop: ConsoleService = await openDesktop();
    cleanups.push(async () => desktop.close());

    const login = await desktop.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: freshDemoTotpCode('agent', clock) });
    expect(login).toMatchObject({ ok: true, value: { agent: { id: 'AGT-001' } } });
    const online = await desktop.dispatchIpc('sync.now', {});
    expect(online).toMatchObject({ ok: true, value: { state: 'online', pending: 0 } });
    // A case of the agent's own: the service applies a note only where the case policy lets them write.
    const held = desktop.journal.since(0).events.flatMap((stored) => {
      const parsed = parseCaseEvent(stored.event);
      return parsed.ok ? [parsed.event] : [];
    });
    const caseId = [...new Set(held.map((event) => event.caseId))].find((id) => foldCase(held.filter((event) => event.caseId === id))?.ownerId === 'AGT-001') ?? '';
    expect(caseId).not.toBe('');

    // The branch link goes down.
    await service.close();
    service = null;

    const note = { id: randomUUID(), caseId, type: 'note.added' as const, payload: { text: 'Customer visited the branch; complaint taken on paper form 12.' } };
    const appended = await desktop.dispatchIpc('events.append', note);
    expect(appended.ok).toBe(true);
    if (!appended.ok) return;
    const { event } = ipcContract['events.append'].response.parse(appended.value);
    expect(event.actorId).toBe('AGT-001');
    expect(desktop.journal.get(note.id)).toMatchObject({ synced: false, seq: null });

    await vi.waitFor(() => expect(desktop.sync.status()).toMatchObject({ state: 'offline', pending: 1 }), { timeout: 5_000 });
    const offline = await desktop.dispatchIpc('sync.status', {});
    expect(offline).toMatchObject({ ok: true, value: { state: 'offline', pending: 1, lastError: expect.stringMatching(/cannot be reached/) } });

    // The service comes back on the same data and port; the engine's retry finds it without being asked.
    service = await startCaseService({ now: clock, dataDir: serviceDir, port, seed: SMALL_BANK, logger: false });
    await vi.waitFor(() => expect(desktop.sync.status()).toMatchObject<Partial<SyncStatus>>({ state: 'online', pending: 0, lastError: null }), { timeout: 10_000, interval: 50 });
    expect(desktop.journal.get(note.id)).toMatchObject({ synced: true });
    expect(await serviceCopiesOf(service.url, note.id)).toBe(1);

    // A second sync (e.g. the agent pressing "sync now") changes nothing on the service.
    await desktop.dispatchIpc('sync.now', {});
    expect(await serviceCopiesOf(service.url, note.id)).toBe(1);

    // Restart the desktop services from the same data folder: once the agent signs in again, the note is there.
    const seqBefore = desktop.journal.get(note.id)?.seq;
    await desktop.close();
    desktop = await openDesktop();
    expect(await desktop.dispatchIpc('session.current', {})).toMatchObject({ ok: true, value: { agent: null } });
    expect(await desktop.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: freshDemoTotpCode('agent', clock) })).toMatchObject({ ok: true, value: { storage: { state: 'open' } } });
    expect(desktop.journal.get(note.id)).toMatchObject({ event, synced: true, seq: seqBefore });
    const since = await desktop.dispatchIpc('events.since', { afterLocalSeq: 0 });
    expect(since.ok && ipcContract['events.since'].response.parse(since.value).events.filter((stored) => stored.event.id === note.id)).toHaveLength(1);
  });
});
