import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServiceProcess, stopServiceProcess } from '../../../scripts/caseServiceProcess';
import { createConsoleService, type ConsoleService } from '../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../src/main/services/keys/passwordKeyProtector';
import { randomSchemaName } from '../../../src/server/db/database';
import { DEMO_PASSWORD, demoTotpCode, startCaseService, type CaseService } from '../../../src/server/index';
import { LoginResponse, PushResponse } from '../../../src/shared/sync/protocol';
import { tempDir, testKey } from '../../main/support';
import { makeEvent } from '../helpers/events';

const DATABASE_URL = process.env.DATABASE_URL;
const SMALL_BANK = { customers: 30, transactions: 120, openCases: 6, resolvedCases: 2 };
/** The desktop would poll only every 10 minutes: whatever arrives sooner came by live push. */
const POLL_MS = 600_000;
/** Far below the poll: a nudge through PostgreSQL NOTIFY, a pull, the journal. */
const LIVE_BOUND_MS = 3_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function signInAt(url: string, username: string, deviceId: string): Promise<LoginResponse> {
  const response = await fetch(`${url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId, otp: demoTotpCode(username) }),
  });
  expect(response.status).toBe(200);
  return LoginResponse.parse(await response.json());
}

async function pushAt(url: string, token: string, events: unknown[]): Promise<void> {
  const response = await fetch(`${url}/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ events }) });
  expect(response.status).toBe(200);
  const { results } = PushResponse.parse(await response.json());
  expect(results.map((result) => (result.outcome === 'rejected' ? result.reason : 'ok'))).toEqual(events.map(() => 'ok'));
}

/** Resolves with how long it took for the desktop's journal to hold the event. */
async function arrival(desktop: ConsoleService, eventId: string, startedAt: number): Promise<number> {
  while (!desktop.journal.get(eventId)) {
    if (Date.now() - startedAt > 20_000) throw new Error(`event ${eventId} did not reach the desktop in 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - startedAt;
}

describe.skipIf(!DATABASE_URL)('live push across two service processes on one PostgreSQL (LISTEN/NOTIFY)', () => {
  const schema = randomSchemaName('live');
  let instanceB: CaseService;
  let processRoot: string;
  let urlA: string;
  let desktop: ConsoleService;

  beforeAll(async () => {
    // B in this process (seeds the schema), A in a process of its own on the same schema.
    instanceB = await startCaseService({ databaseUrl: DATABASE_URL, schema, port: 0, seed: SMALL_BANK, logger: false });
    processRoot = await tempDir('agent-console-live-a-');
    urlA = (await startServiceProcess({ dataRoot: processRoot, port: await freePort(), databaseUrl: DATABASE_URL, extraArgs: ['--schema', schema, '--no-seed', '--no-escalation'] })).url;
    desktop = await createConsoleService({
      dataDir: await tempDir('agent-console-live-desktop-'),
      serviceUrl: instanceB.url,
      keyProtectors: [createMemoryKeyProtector(testKey())],
      pollIntervalMs: POLL_MS,
      warn: () => undefined,
      logError: () => undefined,
    });
    expect(await desktop.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') })).toMatchObject({ ok: true });
    expect(await desktop.dispatchIpc('sync.now', {})).toMatchObject({ ok: true, value: { state: 'online' } });
  }, 180_000);

  afterAll(async () => {
    await desktop?.close();
    if (processRoot) await stopServiceProcess(processRoot);
    await instanceB?.db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await instanceB?.close();
  });

  const ownCase = () => {
    const held = desktop.journal.since(0).events.find((stored) => stored.event.type === 'case.created' && (stored.event.payload as { ownerId?: string }).ownerId === 'AGT-001');
    if (!held) throw new Error('the agent holds no case of their own');
    return held.event.caseId;
  };
  // Signed in once: instance A runs on real time in a process of its own, and a TOTP code signs in once.
  let supervisorAtA: Promise<LoginResponse> | undefined;
  const supervisorSession = () => (supervisorAtA ??= signInAt(urlA, 'supervisor', 'live-supervisor-a'));
  const waitForLive = async () => {
    const deadline = Date.now() + 20_000;
    while (!desktop.workspace()?.sync || desktop.sync.status().state !== 'online') {
      if (Date.now() > deadline) throw new Error('the desktop did not come online');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('an event pushed through instance A reaches a desktop connected to instance B within seconds, without a poll', async () => {
    await waitForLive();
    const supervisor = await supervisorSession();
    const note = makeEvent('note.added', { caseId: ownCase(), actorId: supervisor.agent.id, at: new Date(), deviceId: 'live-supervisor-a', payload: { text: 'Checked with the branch: card reissued.' } });
    const startedAt = Date.now();
    await pushAt(urlA, supervisor.token, [note]);
    expect(await arrival(desktop, note.id, startedAt)).toBeLessThan(LIVE_BOUND_MS);
  });

  it('a supervisor’s approval decided through instance A reaches the requesting agent’s desktop live', async () => {
    const customerId = (await instanceB.db.query<{ id: string }>('SELECT id FROM customers ORDER BY id LIMIT 1')).rows[0]!.id;
    const caseId = `CASE-LIVE-${randomUUID().slice(0, 8)}`;
    const requestId = `REQ-${randomUUID().slice(0, 8)}`;
    const append = async (type: string, payload: object) => expect(await desktop.dispatchIpc('events.append', { id: randomUUID(), caseId, type, payload })).toMatchObject({ ok: true });
    await append('case.created', { customerId, caseType: 'complaint', severity: 'S3', channel: 'phone', subject: 'Fee charged twice', ownerId: 'AGT-001', queueId: 'T1-EAST' });
    await append('contact.linked', { contactId: `CT-${caseId}`, channel: 'phone', direction: 'inbound', summary: 'Called about a double fee' });
    await append('customer.verified', { customerId, method: 'security_questions' });
    await append('remediation.requested', { requestId, kind: 'refund', amountCents: 50_000, reason: 'Fee charged twice', approval: 'supervisor' });
    expect(await desktop.dispatchIpc('sync.now', {})).toMatchObject({ ok: true, value: { state: 'online', pending: 0, rejected: [] } });

    const supervisor = await supervisorSession();
    const approval = makeEvent('remediation.approved', { caseId, actorId: supervisor.agent.id, at: new Date(), deviceId: 'live-supervisor-a', payload: { requestId } });
    const startedAt = Date.now();
    await pushAt(urlA, supervisor.token, [approval]);
    expect(await arrival(desktop, approval.id, startedAt)).toBeLessThan(LIVE_BOUND_MS);
  });
});
