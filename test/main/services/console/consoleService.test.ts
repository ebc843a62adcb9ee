import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleService, MAX_EVENT_BYTES, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD } from '../../../../src/server/index';
import { IpcResult, ipcContract, type IpcEventPayload } from '../../../../src/shared/ipc/contract';
import { tempDir, testKey } from '../../support';
import { freshDemoTotpCode } from '../../../server/helpers/freshTotp';
import { useDemoCaseService } from './demoCaseService';

const demo = useDemoCaseService();
const { clock, consoles } = demo;

/** Switch `down` to make the service unreachable from this console without stopping it. */
const network = { down: false };
afterEach(() => {
  network.down = false;
});
const switchableFetch: typeof fetch = (input, init) => (network.down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));

async function openConsole(options: { dataDir?: string; key?: Buffer; serviceUrl?: string } = {}) {
  const dataDir = options.dataDir ?? (await tempDir());
  const logged: string[] = [];
  const console = await createConsoleService({
    dataDir,
    serviceUrl: options.serviceUrl ?? demo.service.url,
    keyProtectors: [createMemoryKeyProtector(options.key ?? testKey())],
    fetch: switchableFetch,
    requestTimeoutMs: 2_000,
    warn: () => undefined,
    logError: (message) => logged.push(message),
  });
  consoles.push(console);
  return { console, dataDir, logged };
}

async function signIn(console: ConsoleService, username = 'agent') {
  const result = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, clock) });
  if (!result.ok) throw new Error(result.error.message);
  return result.value as { agent: { id: string } };
}

const newCase = () => ({
  id: randomUUID(),
  caseId: `CASE-T-${randomUUID().slice(0, 8)}`,
  type: 'case.created' as const,
  payload: { customerId: null, caseType: 'complaint', severity: 'S3', channel: 'walk_in', subject: 'Fee charged twice', ownerId: 'AGT-001', queueId: 'T1-EAST' },
});

describe('console service', () => {
  it('signs in (which unlocks the agent’s data), asks again after a restart, keeps the data, and signs out', async () => {
    const key = testKey();
    const { console, dataDir } = await openConsole({ key });
    expect(await console.dispatchIpc('session.current', {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    expect(await console.dispatchIpc('events.since', { afterLocalSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const { agent } = await signIn(console);
    expect(agent.id).toBe('AGT-001');
    expect(await console.dispatchIpc('session.current', {})).toMatchObject({ ok: true, value: { agent: { id: 'AGT-001' }, storage: { state: 'open' } } });
    const draft = newCase();
    await console.dispatchIpc('events.append', draft);
    await console.close();
    consoles.pop();

    // Nothing is open until the agent signs in again: the token and the key lived in memory only.
    const { console: again } = await openConsole({ dataDir, key });
    expect(await again.dispatchIpc('session.current', {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    await signIn(again);
    expect(again.journal.get(draft.id)).toBeDefined();
    expect(await again.dispatchIpc('session.logout', {})).toEqual({ ok: true, value: { ok: true } });
    expect(await again.dispatchIpc('session.current', {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    expect(again.workspace()).toBeNull();
  });

  it('answers a wrong password with the service’s message', async () => {
    const { console } = await openConsole();
    const result = await console.dispatchIpc('session.login', { username: 'agent', password: 'wrong' });
    expect(result).toEqual({ ok: false, error: { code: 'invalid_credentials', message: 'Wrong user name or password.', hint: expect.any(String) } });
  });

  it('tells the agent the service cannot be reached when it is down', async () => {
    const { console } = await openConsole({ serviceUrl: 'http://127.0.0.1:9' });
    const result = await console.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('service_unreachable');
    expect(result.error.message).toMatch(/case service cannot be reached.*try again.*call/i);
  });

  it('fills author, device, clock and time itself, and answers only after the journal has it', async () => {
    const { console } = await openConsole();
    const { agent } = await signIn(console);
    const draft = newCase();
    const result = await console.dispatchIpc('events.append', draft);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const value = ipcContract['events.append'].response.parse(result.value);
    expect(value.event).toMatchObject({ id: draft.id, actorId: agent.id, deviceId: console.journal.deviceId, schemaVersion: 1 });
    expect(console.journal.get(draft.id)?.event).toEqual(value.event);
    expect(value.localSeq).toBe(console.journal.get(draft.id)?.localSeq);
    // Idempotent on the draft id: a retry returns the same stored event.
    expect(await console.dispatchIpc('events.append', draft)).toEqual(result);
    const changed = { ...draft, payload: { ...draft.payload, subject: 'Something else' } };
    expect(await console.dispatchIpc('events.append', changed)).toMatchObject({ ok: false, error: { code: 'duplicate_event_id' } });
  });

  it('refuses hostile or malformed requests with clear messages and records nothing', async () => {
    const { console, logged } = await openConsole();
    const beforeSignIn = await console.dispatchIpc('events.append', newCase());
    expect(beforeSignIn).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await signIn(console);
    const base = newCase();
    const attempts: [string, unknown, RegExp][] = [
      ['events.append', { ...base, actorId: 'AGT-014' }, /Unrecognized key.*actorId/],
      ['events.append', { ...base, id: 'not-a-uuid' }, /id/],
      ['events.append', { ...base, type: 'case.deleted' }, /type/],
      ['events.append', { ...base, payload: { ...base.payload, severity: 'S9' } }, /payload\.severity/],
      ['events.append', { ...base, type: 'note.added', payload: { text: '   ' } }, /a note cannot be empty/],
      ['events.append', { ...base, type: 'workflow.answered', payload: { workflowId: 'w', version: 1, stepId: 's', fieldId: 'f', value: 'x'.repeat(MAX_EVENT_BYTES) } }, /larger than 64 KB/],
      ['events.append', null, /Invalid events.append request/],
      ['events.since', { afterLocalSeq: -1 }, /afterLocalSeq/],
      ['customers.get', { ids: [] }, /ids/],
      ['session.login', { username: '', password: 'x' }, /Enter your user name/],
      ['__proto__', {}, /No such request/],
      ['constructor', {}, /No such request/],
      ['sync.now', { extra: true }, /Unrecognized key/],
    ];
    for (const [channel, request, message] of attempts) {
      const result = await console.dispatchIpc(channel, request);
      expect(IpcResult.parse(result), `${channel} ${JSON.stringify(request)?.slice(0, 80)}`).toMatchObject({ ok: false });
      if (!result.ok) expect(result.error.message).toMatch(message);
      if (!result.ok) expect(JSON.stringify(result.error)).not.toMatch(/\bat .*\.ts:\d+/);
    }
    // Sync may have pulled the agent's cases meanwhile; nothing of these attempts was recorded.
    expect(console.journal.since(0).events.filter((stored) => stored.event.caseId === base.caseId)).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('serves events since a local sequence and announces changes', async () => {
    const { console } = await openConsole();
    await signIn(console);
    await console.sync.syncNow();
    const initial = await console.dispatchIpc('events.since', { afterLocalSeq: 0 });
    if (!initial.ok) throw new Error(initial.error.message);
    const { events, localSeq } = ipcContract['events.since'].response.parse(initial.value);
    expect(events.length).toBeGreaterThan(0); // the demo bank's cases, pulled
    expect(events.every((e) => e.synced && e.seq !== null)).toBe(true);

    const changes: IpcEventPayload<'events.changed'>[] = [];
    console.on('events.changed', (payload) => changes.push(payload));
    const draft = newCase();
    await console.dispatchIpc('events.append', draft);
    const next = await console.dispatchIpc('events.since', { afterLocalSeq: localSeq });
    if (!next.ok) throw new Error(next.error.message);
    const after = ipcContract['events.since'].response.parse(next.value);
    expect(after.events.map((e) => e.event.id)).toContain(draft.id);
    expect(changes[0]).toEqual({ localSeq: localSeq + 1 });
    await console.sync.whenIdle();
    expect(console.journal.get(draft.id)).toMatchObject({ synced: true });
  });

  it('fetches customers and agents, and serves them from the encrypted cache while the service is unreachable', async () => {
    const { console } = await openConsole();
    await signIn(console);
    await console.sync.syncNow();
    const created = console.journal.since(0).events.find((e) => e.event.type === 'case.created' && (e.event.payload as { customerId: string | null }).customerId);
    const customerId = (created?.event.payload as { customerId: string }).customerId;
    const online = await console.dispatchIpc('customers.get', { ids: [customerId] });
    expect(online).toMatchObject({ ok: true, value: { customers: [{ customer: { id: customerId } }] } });
    expect(await console.dispatchIpc('agents.list', {})).toMatchObject({ ok: true, value: { agents: expect.arrayContaining([expect.objectContaining({ id: 'AGT-001' })]) } });
    network.down = true;
    const offline = console;
    expect(await offline.dispatchIpc('customers.get', { ids: [customerId] })).toEqual(online);
    expect(await offline.dispatchIpc('agents.list', {})).toMatchObject({ ok: true, value: { agents: expect.arrayContaining([expect.objectContaining({ id: 'AGT-001' })]) } });
    expect(await offline.dispatchIpc('customers.get', { ids: ['CUST-NOT-CACHED'] })).toMatchObject({ ok: false, error: { code: 'service_unreachable' } });
  });

  it('ends the session when the service no longer accepts the token', async () => {
    const { console } = await openConsole();
    await signIn(console);
    await console.sync.whenIdle();
    const ended: IpcEventPayload<'session.ended'>[] = [];
    console.on('session.ended', (payload) => ended.push(payload));
    // The service forgets every session (as after a reset): the saved token is refused.
    await demo.service.db.query('DELETE FROM sessions');
    const status = await console.dispatchIpc('sync.now', {});
    expect(status).toMatchObject({ ok: true, value: { state: 'offline', lastError: expect.stringMatching(/sign in again/i) } });
    expect(ended).toHaveLength(1);
    expect(ended[0]?.reason).toMatch(/sign in again/i);
    expect(await console.dispatchIpc('session.current', {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    // Signing in again picks up the same data.
    await signIn(console);
    expect(console.journal.localSeq).toBeGreaterThan(0);
  });
});
