import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startCaseService, type CaseService, demoTotpCode } from '../../src/server/index';
import { ApiError, LoginResponse, PullResponse, PushResponse } from '../../src/shared/sync/protocol';
import { caseCreated, newCaseId } from './helpers/events';

const SMALL = { customers: 60, transactions: 500, openCases: 12, resolvedCases: 2 };

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function get(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

describe('startCaseService over a data folder', () => {
  let dataDir: string;
  let service: CaseService | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'case-service-'));
  });
  afterAll(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('serves over HTTP on 127.0.0.1, and keeps every event across a restart without seeding twice', async () => {
    service = await startCaseService({ dataDir: path.join(dataDir, 'server'), port: 0, seed: SMALL });
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(service.port).toBeGreaterThan(0);
    expect(await (await fetch(`${service.url}/v1/health`)).json()).toEqual({ ok: true });

    const login = LoginResponse.parse((await post(`${service.url}/v1/auth/login`, { username: 'agent', password: DEMO_PASSWORD, deviceId: 'desk-1', otp: demoTotpCode('agent') })).body);
    const event = caseCreated(newCaseId(), login.agent.id, new Date(), null, 'T1-EAST', 'desk-1');
    const pushed = PushResponse.parse((await post(`${service.url}/v1/sync/push`, { events: [event] }, login.token)).body).results[0];
    expect(pushed?.outcome).toBe('applied');
    const seq = pushed?.outcome === 'applied' ? pushed.seq : -1;
    const { rows } = await service.db.query<{ n: unknown }>('SELECT count(*) AS n FROM customers');
    expect(Number(rows[0]?.n)).toBe(SMALL.customers);
    await service.close();
    await service.close(); // closing twice is harmless

    // Same folder again: the files were released, the data is there, the seed does not run twice.
    service = await startCaseService({ dataDir: path.join(dataDir, 'server'), port: 0, seed: { ...SMALL, customers: 70 } });
    const again = await service.db.query<{ n: unknown }>('SELECT count(*) AS n FROM customers');
    expect(Number(again.rows[0]?.n)).toBe(SMALL.customers);
    // Sessions live in the database, so a desktop stays signed in across a service restart.
    const pulled = PullResponse.parse(await get(`${service.url}/v1/sync/pull?after=0&limit=1000`, login.token));
    // Desktops get the SLA configuration even from an instance that does not sweep for breaches.
    expect(service.escalation).toBeNull();
    const slaConfig = (await get(`${service.url}/v1/config/sla`, login.token)) as { policies?: unknown; calendars?: unknown };
    expect(slaConfig.policies).toBeDefined();
    expect(slaConfig.calendars).toBeDefined();
    expect(pulled.events.map((e) => e.event.id)).toContain(event.id);
    const next = caseCreated(newCaseId(), login.agent.id, new Date(), null, 'T1-EAST', 'desk-1');
    const pushedAgain = PushResponse.parse((await post(`${service.url}/v1/sync/push`, { events: [next, event] }, login.token)).body).results;
    expect(pushedAgain).toEqual([
      { eventId: next.id, outcome: 'applied', seq: seq + 1 },
      { eventId: event.id, outcome: 'duplicate', seq },
    ]);
  }, 120_000); // two starts of an embedded database on disk, the first creating it (PGlite's initdb) and seeding it (a scrypt hash per demo agent): 12–14 s on a loaded machine

  it('answers a body it cannot parse with an ApiError and keeps serving', async () => {
    if (!service) throw new Error('the service was not started');
    const response = await fetch(`${service.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(response.status).toBe(400);
    expect(ApiError.parse(await response.json()).error.code).toBe('malformed_json');
    expect((await fetch(`${service.url}/v1/health`)).status).toBe(200);
  });
});
