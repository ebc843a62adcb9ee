import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { startCtiIntake, type CtiIntakeServer } from '../../../../src/main/services/screenpop/ctiIntake';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, startCaseService, type CaseService } from '../../../../src/server/index';
import { SHARED_PHONE_EVERY } from '../../../../src/server/seed/generateDemoBank';
import type { IpcEventPayload, IpcResponse } from '../../../../src/shared/ipc/contract';
import { tempDir, testKey } from '../../support';
import { freshDemoTotpCode, steppingClock } from '../../../server/helpers/freshTotp';

/** The service's clock: real time, moved on a TOTP step when a user's sign-ins here have used every code it accepts now (each code signs in once). */
const clock = steppingClock();

let service: CaseService;
beforeAll(async () => {
  // In memory: temp directories are removed after every test, and this service outlives them.
  service = await startCaseService({ now: clock,
    port: 0,
    seed: { customers: SHARED_PHONE_EVERY + 10, transactions: 2_000, openCases: 40, resolvedCases: 2 },
    logger: false,
  });
});
afterAll(async () => {
  await service.close();
});

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function openConsole(serviceUrl = service.url, throttleMs = 50) {
  const console = await createConsoleService({
    dataDir: await tempDir(),
    serviceUrl,
    keyProtectors: [createMemoryKeyProtector(testKey())],
    requestTimeoutMs: 2_000,
    screenPop: { throttleMs },
    warn: () => undefined,
    logError: () => undefined,
  });
  closers.push(() => console.close());
  const pops: IpcEventPayload<'screenpop.requested'>[] = [];
  console.on('screenpop.requested', (request) => pops.push(request));
  return { console, pops };
}

async function invoke<C extends Parameters<ConsoleService['dispatchIpc']>[0]>(console: ConsoleService, channel: C, request: unknown) {
  const result = await console.dispatchIpc(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as never;
}

async function signIn(console: ConsoleService, username: string) {
  await invoke(console, 'session.login', { username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, clock) });
}

async function firstCustomer() {
  const { rows } = await service.db.query<{ id: string; phone: string; account_id: string; account_number: string }>(
    'SELECT c.id, c.phone, a.id AS account_id, a.account_number FROM customers c JOIN accounts a ON a.customer_id = c.id ORDER BY c.id LIMIT 1',
  );
  if (!rows[0]) throw new Error('no customer');
  return rows[0];
}

async function allWorkingSet(console: ConsoleService) {
  const customers: IpcResponse<'workingSet.get'>['customers'] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page: IpcResponse<'workingSet.get'> = await invoke(console, 'workingSet.get', { offset });
    customers.push(...page.customers);
    offset = page.nextOffset;
  }
  return customers;
}

describe('screen pops in main', () => {
  it('CTI contacts reach the renderer as pops; a flood keeps every contact in the history', async () => {
    // A window wider than the flood takes to arrive on a loaded machine, so the bound below is about the throttle, not the CPU.
    const { console, pops } = await openConsole(service.url, 1_000);
    await signIn(console, 'agent');
    const cti: CtiIntakeServer = await startCtiIntake({ dataDir: await tempDir(), port: 0, onIntake: (intake, arrivedAt) => console.receivePop(intake, 'cti', arrivedAt) });
    closers.push(() => cti.close());
    const send = (n: number) =>
      fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ani: `+1555010${String(n).padStart(4, '0')}`, channel: 'phone', contactId: `c${n}` }) });
    const replies = await Promise.all(Array.from({ length: 30 }, (_, n) => send(n)));
    expect(replies.every((reply) => reply.status === 202)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const { entries }: IpcResponse<'screenpop.history'> = await invoke(console, 'screenpop.history', {});
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((entry) => entry.intake?.contactId)).size).toBe(30);
    // The newest contact is on screen; the flood did not pop thirty screens.
    expect(pops.length).toBeLessThanOrEqual(3);
    expect(pops.at(-1)?.popId).toBe(entries[0]?.popId);

    // Signed out, the console takes no contact: none waits to pop, late, at the next sign-in.
    await invoke(console, 'session.logout', {});
    const refused = await send(99);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('no_agent');
    await signIn(console, 'agent');
    const after: IpcResponse<'screenpop.history'> = await invoke(console, 'screenpop.history', {});
    expect(after.entries).toHaveLength(30);
  });

  it('keeps a working set with blind indexes and finds a contact in it', async () => {
    const { console } = await openConsole();
    await signIn(console, 'branch');
    await console.screenPops.workingSet.refresh();
    const set = await allWorkingSet(console);
    const { rows } = await service.db.query<{ n: unknown }>("SELECT count(*) AS n FROM customers WHERE branch_id = 'BR-001'");
    expect(set.length).toBeGreaterThanOrEqual(Number(rows[0]?.n));
    const someone = set[0];
    if (!someone) throw new Error('empty working set');
    const found: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { identifiers: { ani: someone.detail.customer.phone } });
    expect(found.source).toBe('working_set');
    expect(found.customers.map((c) => c.detail.customer.id)).toContain(someone.detail.customer.id);
    const digests: IpcResponse<'lookup.digests'> = await invoke(console, 'lookup.digests', { query: someone.detail.customer.phone });
    expect(digests.phone).toBe(someone.digests.phone);
  });

  it('looks up a contact outside the working set at the service, caches it, and answers offline from the cache', async () => {
    const standIn = await startCaseService({ now: clock, port: 0, seed: { customers: 20, transactions: 100, openCases: 2, resolvedCases: 1 }, logger: false });
    closers.push(() => standIn.close().catch(() => undefined));
    const { rows } = await standIn.db.query<{ customer_id: string; account_id: string; account_number: string }>('SELECT customer_id, id AS account_id, account_number FROM accounts ORDER BY id DESC LIMIT 1');
    const account = rows[0];
    if (!account) throw new Error('no account');
    const { console } = await openConsole(standIn.url);
    await signIn(console, 'agent');
    const viaService: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { identifiers: { accountNumber: account.account_number } });
    expect(viaService).toMatchObject({ source: 'service', hits: { accountNumber: [account.customer_id] } });
    expect(viaService.customers.map((c) => c.detail.customer.id)).toEqual([account.customer_id]);
    expect(viaService.customers[0]?.digests.accounts[account.account_id]).toMatch(/^[0-9a-f]{32}$/);

    await standIn.close();
    const offline: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { identifiers: { accountNumber: account.account_number } });
    expect(offline).toMatchObject({ source: 'working_set', hits: { accountNumber: [account.customer_id] } });
    expect(offline.customers.map((c) => c.detail.customer.id)).toEqual([account.customer_id]);
    const unknown: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { identifiers: { ani: '+19995550100' } });
    expect(unknown).toEqual({ customers: [], hits: { ani: [] }, source: 'working_set', alsoKept: [], more: false });
  });

  it('keeps whoever shares a line with a customer it searched for, so a later call from the line offers both', async () => {
    const { rows } = await service.db.query<{ phone: string; ids: string[] }>('SELECT phone, array_agg(id ORDER BY id) AS ids FROM customers GROUP BY phone HAVING count(*) > 1 ORDER BY 1 LIMIT 1');
    const line = rows[0];
    const [searched, ...others] = line?.ids ?? [];
    if (!line || !searched || others.length === 0) throw new Error('the demo bank has no shared phone');
    const { console } = await openConsole();
    await signIn(console, 'compliance');
    const found: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { query: searched });
    expect(found.customers.map((c) => c.detail.customer.id)).toEqual([searched]);
    expect(found.alsoKept.map((c) => c.detail.customer.id).sort()).toEqual(others.sort());
    const call: IpcResponse<'screenpop.lookup'> = await invoke(console, 'screenpop.lookup', { identifiers: { ani: line.phone } });
    expect(call.source).toBe('working_set');
    expect(call.hits.ani?.sort()).toEqual([...line.ids].sort());
  });

  it('reveals to a permitted role only after recording sensitive.revealed on the case', async () => {
    const target = await firstCustomer();
    const { console } = await openConsole();
    await signIn(console, 'specialist');
    const revealed: IpcResponse<'sensitive.reveal'> = await invoke(console, 'sensitive.reveal', {
      caseId: 'CASE-100001',
      customerId: target.id,
      field: 'account_number',
      targetId: target.account_id,
      reason: 'Customer needs it for a wire transfer form',
    });
    expect(revealed.value).toBe(target.account_number);
    const recorded = console.journal.since(0).events.map((stored) => stored.event).filter((event) => event.type === 'sensitive.revealed');
    expect(recorded).toMatchObject([{ caseId: 'CASE-100001', type: 'sensitive.revealed', actorId: 'AGT-013', payload: { field: 'account_number', targetId: target.account_id } }]);
    expect(JSON.stringify(recorded)).not.toContain(target.account_number);
  });

  it('refuses a tier 1 agent and records nothing', async () => {
    const target = await firstCustomer();
    const { console } = await openConsole();
    await signIn(console, 'agent');
    const result = await console.dispatchIpc('sensitive.reveal', { caseId: 'CASE-100001', customerId: target.id, field: 'phone', targetId: target.id, reason: 'curious' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_permitted' } });
    // Sync may pull other people's reveals on this customer's cases; none is this agent's.
    expect(console.journal.since(0).events.filter((stored) => stored.event.type === 'sensitive.revealed' && stored.event.actorId === 'AGT-001')).toEqual([]);
  });
});
