import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoTotpCode, startCaseService, verifyWebhookSignature, type CaseService } from '../../../src/server/index';
import { SLA_ACTOR_ID } from '../../../src/server/sla/planCaseSla';
import { WebhookDeliveriesResponse } from '../../../src/server/webhooks/deliveryLog';
import { LoginResponse, PullResponse } from '../../../src/shared/sync/protocol';
import { startReceiver } from '../webhooks/webhookReceiver';
import { ManualScheduler } from './slaTestKit';

const NOW = new Date('2026-03-04T16:00:00.000Z');
const SMALL = { customers: 50, transactions: 200, openCases: 24, resolvedCases: 2 };
const SECRET = 'service-test-secret-42';

async function signIn(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD, deviceId: 'desk-1', otp: demoTotpCode(username, NOW) }) });
  return LoginResponse.parse(await response.json()).token;
}

async function pullAll(url: string, token: string) {
  const events: PullResponse['events'] = [];
  let cursor = 0;
  for (;;) {
    const page = PullResponse.parse(await (await fetch(`${url}/v1/sync/pull?after=${cursor}&limit=500`, { headers: { authorization: `Bearer ${token}` } })).json());
    events.push(...page.events);
    cursor = page.cursor;
    if (!page.hasMore) return events;
  }
}

describe('case service with SLA escalation on', () => {
  let dataDir: string;
  let service: CaseService | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'case-service-sla-'));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await service?.close();
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (sweepOnStart: boolean) =>
    startCaseService({
      dataDir,
      port: 0,
      seed: SMALL,
      now: () => NOW,
      escalation: { scheduler: new ManualScheduler(), sweepOnStart, webhooks: [{ url: receiver.url, secret: SECRET }] },
    });

  it('escalates breached demo cases once, desktops pull the escalations, webhooks go out signed, and a restart adds nothing', async () => {
    service = await start(false);
    const escalation = service.escalation;
    if (!escalation) throw new Error('escalation did not start');
    expect(escalation.config.current()?.policies.version).toBeGreaterThan(0);

    const first = await escalation.sweeper.sweepNow();
    expect(first.failures).toEqual([]);
    expect(first.escalations.length).toBeGreaterThan(0);
    const again = await escalation.sweeper.sweepNow();
    expect(again.escalations).toEqual([]);
    expect(again.webhookEvents).toEqual([]);

    // Compliance sees every case, so its desktop receives every escalation (others get those in their scope).
    const token = await signIn(service.url, 'compliance');
    const automatic = (await pullAll(service.url, token)).filter((entry) => entry.event.type === 'case.escalated' && entry.event.actorId === SLA_ACTOR_ID);
    expect(automatic.map((entry) => entry.event.id).sort()).toEqual(first.escalations.map((e) => e.eventId).sort());

    // The sweep asked the sender to run: the deliveries go out without waiting for its interval.
    await expect.poll(() => receiver.received.length).toBe(first.webhookDeliveries);
    expect(await escalation.webhooks.deliverDue()).toEqual([]);
    expect(receiver.received.every((hook) => verifyWebhookSignature(hook.body, SECRET, hook.headers['x-agentconsole-signature'] as string))).toBe(true);
    const sent = receiver.received.length;

    const supervisorToken = await signIn(service.url, 'supervisor');
    const log = WebhookDeliveriesResponse.parse(
      await (await fetch(`${service.url}/v1/webhooks/deliveries?type=case.escalated&limit=500`, { headers: { authorization: `Bearer ${supervisorToken}` } })).json(),
    );
    expect(log.deliveries.map((d) => d.eventId).sort()).toEqual(first.escalations.map((e) => e.eventId).sort());

    await service.close();
    service = await start(true); // sweeps at once, as a real restart does
    const afterRestart = await service.escalation?.sweeper.sweepNow();
    expect(afterRestart?.escalations).toEqual([]);
    const stillAutomatic = (await pullAll(service.url, token)).filter((entry) => entry.event.type === 'case.escalated' && entry.event.actorId === SLA_ACTOR_ID);
    expect(stillAutomatic).toHaveLength(automatic.length);
    await service.escalation?.webhooks.deliverDue();
    expect(receiver.received.length).toBe(sent);
  }, 60_000);
});
