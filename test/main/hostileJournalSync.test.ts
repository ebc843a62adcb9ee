import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleService } from '../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, demoTotpCode, startCaseService } from '../../src/server/index';
import type { CaseEventEnvelope } from '../../src/shared/domain/caseEvent';
import { PullResponse } from '../../src/shared/sync/protocol';
import { tempDir, testKey } from './support';

const SMALL_BANK = { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function serviceEventIds(serviceUrl: string): Promise<Set<string>> {
  const login = await fetch(`${serviceUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD, deviceId: 'verifier', otp: demoTotpCode('supervisor') }),
  });
  const { token } = (await login.json()) as { token: string };
  const ids = new Set<string>();
  for (let after = 0; ; ) {
    const response = await fetch(`${serviceUrl}/v1/sync/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
    const page = PullResponse.parse(await response.json());
    for (const { event } of page.events) ids.add(event.id);
    after = page.cursor;
    if (!page.hasMore) return ids;
  }
}

describe('a hostile event already in a desktop journal (written by an older console)', () => {
  it('is refused by the service with its reason while the queue behind it still syncs, and sync ends online (never offline)', async () => {
    const service = await startCaseService({ dataDir: await tempDir('agent-console-service-'), port: 0, seed: SMALL_BANK, logger: false });
    cleanups.push(() => service.close());
    const serviceUrl = `http://127.0.0.1:${service.port}`;
    const desktop = await createConsoleService({
      dataDir: await tempDir('agent-console-desktop-'),
      serviceUrl,
      keyProtectors: [createMemoryKeyProtector(testKey())],
      backoff: { initialMs: 50, maxMs: 400 },
      requestTimeoutMs: 5_000,
      warn: () => undefined,
    });
    cleanups.push(() => desktop.close());
    expect(await desktop.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') })).toMatchObject({ ok: true });
    expect(await desktop.dispatchIpc('sync.now', {})).toMatchObject({ ok: true, value: { state: 'online', pending: 0 } });
    // A case this agent may write to: one they own (the policy refuses notes on cases outside their scope).
    const created = desktop.journal.since(0).events.filter((stored) => stored.event.type === 'case.created');
    const caseId = created.find((stored) => (stored.event.payload as { ownerId?: string | null }).ownerId === 'AGT-001')?.event.caseId ?? '';
    expect(caseId).not.toBe('');

    // What today's console refuses at entry, but an older one wrote straight into its journal.
    const hostile = (text: string): CaseEventEnvelope => ({
      id: randomUUID(),
      caseId,
      schemaVersion: 1,
      at: new Date().toISOString(),
      hlc: `${String(Date.now()).padStart(15, '0')}-00000-old-console`,
      actorId: 'AGT-001',
      deviceId: 'old-console',
      type: 'note.added',
      payload: { text },
    });
    const withNul = hostile('Balance\u0000 check');
    const withSurrogate = hostile('Cut emoji \uD83D');
    const oversize = hostile('x'.repeat(70_000));
    for (const event of [withNul, withSurrogate, oversize]) await desktop.journal.appendLocal(event);
    const ordinary = await Promise.all(
      ['Called back; customer satisfied.', 'Sent the fee refund letter.', 'Closed the loop with the branch.'].map(async (text) => {
        const id = randomUUID();
        expect(await desktop.dispatchIpc('events.append', { id, caseId, type: 'note.added', payload: { text } })).toMatchObject({ ok: true });
        return id;
      }),
    );

    const after = await desktop.dispatchIpc('sync.now', {});
    expect(after).toMatchObject({ ok: true, value: { state: 'online', pending: 0, lastError: null } });
    const status = desktop.sync.status();
    expect(Object.fromEntries(status.rejected.map((item) => [item.eventId, item.reason]))).toEqual({
      [withNul.id]: expect.stringMatching(/payload\.text: contains a NUL character/),
      [withSurrogate.id]: expect.stringMatching(/payload\.text: contains an unpaired UTF-16 surrogate/),
      [oversize.id]: expect.stringMatching(/at most 64 KB/),
    });
    const held = await serviceEventIds(serviceUrl);
    for (const id of ordinary) expect(held.has(id)).toBe(true);
    for (const event of [withNul, withSurrogate, oversize]) expect(held.has(event.id)).toBe(false);
  }, 120_000);
});
