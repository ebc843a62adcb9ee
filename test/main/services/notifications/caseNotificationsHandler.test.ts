import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, startCaseService, type CaseService } from '../../../../src/server/index';
import { applyCaseEvents } from '../../../../src/server/sync/applyCaseEvents';
import { CustomerNotificationsResponse } from '../../../../src/shared/notifications/deliveryLog';
import { makeEvent } from '../../../server/helpers/events';
import { tempDir, testKey } from '../../support';
import { freshDemoTotpCode, steppingClock } from '../../../server/helpers/freshTotp';

/** The service's clock: real time, moved on a TOTP step when a user's sign-ins here have used every code it accepts now (each code signs in once). */
const clock = steppingClock();

let service: CaseService;
let serviceDir: string;
let caseId: string;
beforeAll(async () => {
  serviceDir = await mkdtemp(join(tmpdir(), 'agent-console-notify-svc-'));
  service = await startCaseService({ now: clock, dataDir: serviceDir, port: 0, seed: { customers: 60, transactions: 40, openCases: 6, resolvedCases: 1, historyDays: 2, contactsPerDay: 5 }, logger: false });
  // One of the agent's open cases is resolved (by the service's own write path): its customer is told.
  const { rows } = await service.db.query<{ case_id: string; customer_id: string; owner_id: string }>(
    "SELECT c.case_id, c.customer_id, c.owner_id FROM cases c JOIN agents a ON a.id = c.owner_id WHERE a.username = 'agent' AND c.status IN ('new', 'open') AND c.customer_id IS NOT NULL ORDER BY c.case_id LIMIT 1",
  );
  const target = rows[0]!;
  caseId = target.case_id;
  await service.db.query("UPDATE customers SET notify_via = 'email', email = 'pat.doe@example.com' WHERE id = $1", [target.customer_id]);
  await service.db.transaction((tx) =>
    applyCaseEvents(tx, [makeEvent('case.resolved', { caseId, actorId: target.owner_id, at: new Date(), payload: { resolution: 'Done', code: 'fee_refunded' } })], { pushedBy: null, now: new Date() }),
  );
}, 120_000);
afterAll(async () => {
  await service.close();
  await rm(serviceDir, { recursive: true, force: true });
});

const consoles: ConsoleService[] = [];
afterEach(async () => {
  await Promise.all(consoles.splice(0).map((c) => c.close()));
});

async function signedIn(username: string): Promise<ConsoleService> {
  const console = await createConsoleService({
    dataDir: await tempDir(),
    serviceUrl: service.url,
    keyProtectors: [createMemoryKeyProtector(testKey())],
    requestTimeoutMs: 5_000,
    warn: () => undefined,
    logError: () => undefined,
  });
  consoles.push(console);
  const login = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, clock) });
  if (!login.ok) throw new Error(login.error.message);
  return console;
}

describe('cases.notifications (main)', () => {
  it('gives the case owner the log from the service, masked; another team’s agent is refused with the service’s reason', async () => {
    const owner = await signedIn('agent');
    const answer = await owner.dispatchIpc('cases.notifications', { caseId });
    if (!answer.ok) throw new Error(answer.error.message);
    const log = CustomerNotificationsResponse.parse(answer.value);
    expect(log.notifications.map((entry) => [entry.channel, entry.recipient, entry.status])).toEqual([['email', 'p•••@example.com', 'Resolved']]);

    const stranger = await signedIn('agent08');
    expect(await stranger.dispatchIpc('cases.notifications', { caseId })).toMatchObject({ ok: false, error: { message: expect.stringContaining(`You may not read case ${caseId}`) } });
  });

  it('is refused while the console is locked', async () => {
    const owner = await signedIn('agent');
    await owner.dispatchIpc('session.lock', {});
    expect(await owner.dispatchIpc('cases.notifications', { caseId })).toMatchObject({ ok: false, error: { code: 'screen_locked' } });
  });
});
