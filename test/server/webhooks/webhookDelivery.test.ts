import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEscalationSweeper } from '../../../src/server/sla/escalationSweeper';
import { listWebhookDeliveries } from '../../../src/server/webhooks/deliveryLog';
import type { WebhookEndpoint } from '../../../src/server/webhooks/webhookConfig';
import { createWebhookDispatcher, type WebhookDispatcherOptions } from '../../../src/server/webhooks/webhookDispatcher';
import { WebhookPayload } from '../../../src/server/webhooks/webhookPayload';
import { describeEachBackend } from '../helpers/backends';
import { createdEvent, eventsOf, HOUR, MINUTE, newTestCaseId, prepareDirectory, record, recordingLog, testSlaConfig } from '../sla/slaTestKit';
import { startReceiver } from './webhookReceiver';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECRET = 'receiver-secret-0123456789';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describeEachBackend(
  'webhook delivery',
  (suite) => {
    const config = testSlaConfig();
    const endpoints = (): WebhookEndpoint[] => [{ url: receiver.url, secret: SECRET }];
    const dispatcherAt = (when: Date, extra: Partial<WebhookDispatcherOptions> = {}) =>
      createWebhookDispatcher({ db: suite.db, endpoints, now: () => when, log: recordingLog(), ...extra });

    /** A case whose first response is overdue at `sweepAt`, swept with the receiver configured; returns its id. */
    const breachedCase = async (owner: string, sweepAt: Date) => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, owner, T0)]);
      const report = await createEscalationSweeper({ db: suite.db, config: () => config, now: () => sweepAt, log: recordingLog(), webhookEndpoints: endpoints }).sweepNow();
      return { caseId, report };
    };
    const receivedFor = (caseId: string) => receiver.received.filter((hook) => (JSON.parse(hook.body) as { caseId: string }).caseId === caseId);

    it('posts the breach and the escalation, signed with HMAC-SHA256 of the exact body', async () => {
      const sweepAt = at(HOUR + MINUTE);
      const { caseId, report } = await breachedCase('AGT-001', sweepAt);
      expect(report.webhookEvents.sort()).toEqual(['case.escalated', 'sla.breached']);
      const outcomes = await dispatcherAt(sweepAt).deliverDue();
      expect(outcomes.filter((o) => o.delivered).length).toBeGreaterThanOrEqual(2);

      const hooks = receivedFor(caseId);
      expect(hooks.map((hook) => hook.headers['x-agentconsole-event-type']).sort()).toEqual(['case.escalated', 'sla.breached']);
      for (const hook of hooks) {
        const expected = `sha256=${createHmac('sha256', SECRET).update(hook.body).digest('hex')}`;
        expect(hook.headers['x-agentconsole-signature']).toBe(expected);
        expect(hook.headers['x-agentconsole-signature']).not.toBe(`sha256=${createHmac('sha256', 'another-secret-123456').update(hook.body).digest('hex')}`);
        expect(hook.headers['x-agentconsole-timestamp']).toBe(sweepAt.toISOString());
        expect(hook.headers['x-agentconsole-attempt']).toBe('1');
        const payload = WebhookPayload.parse(JSON.parse(hook.body));
        expect(hook.headers['x-agentconsole-event-id']).toBe(payload.id);
      }
      const escalated = WebhookPayload.parse(JSON.parse(hooks.find((hook) => hook.headers['x-agentconsole-event-type'] === 'case.escalated')?.body ?? '{}'));
      const [event] = (await eventsOf(suite.db, caseId)).filter((e) => e.type === 'case.escalated');
      expect(escalated).toMatchObject({ id: event?.id, caseId, occurredAt: sweepAt.toISOString(), data: { level: 2, fromOwnerId: 'AGT-001', toOwnerId: 'AGT-014', clock: { id: 'first_response', dueAt: at(HOUR).toISOString() } } });

      // Nothing left to send: a second run posts nothing more.
      const before = receiver.received.length;
      await dispatcherAt(sweepAt).deliverDue();
      expect(receiver.received.length).toBe(before);
    });

    it('retries a failed delivery with backoff, across a restart, and logs every attempt', async () => {
      const sweepAt = at(3 * HOUR);
      receiver.received.length = 0;
      const { caseId } = await breachedCase('AGT-002', sweepAt);
      // Every pending delivery (this case's two, and any other) fails once, then succeeds.
      receiver.answerNext(500, 500);
      const first = await dispatcherAt(sweepAt).deliverDue();
      const failed = first.filter((o) => !o.delivered);
      expect(failed.map((o) => [o.attempt, o.statusCode, o.nextAttemptAt?.toISOString()])).toEqual([
        [1, 500, at(3 * HOUR + 10_000).toISOString()],
        [1, 500, at(3 * HOUR + 10_000).toISOString()],
      ]);
      // Not due yet: nothing is sent.
      expect(await dispatcherAt(at(3 * HOUR + 9_000)).deliverDue()).toEqual([]);
      // A new dispatcher (the service restarted) picks the retries up from the database.
      const second = await dispatcherAt(at(3 * HOUR + 10_000)).deliverDue();
      expect(second.map((o) => [o.attempt, o.delivered, o.statusCode])).toEqual([
        [2, true, 200],
        [2, true, 200],
      ]);
      expect(receivedFor(caseId).map((hook) => hook.headers['x-agentconsole-attempt']).sort()).toEqual(['1', '1', '2', '2']);

      const log = await listWebhookDeliveries(suite.db, { caseId, limit: 10 });
      expect(log).toHaveLength(2);
      for (const delivery of log) {
        expect(delivery).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: at(3 * HOUR + 10_000).toISOString() });
        expect(delivery.attemptLog.map((a) => [a.attempt, a.statusCode, a.error, a.nextAttemptAt])).toEqual([
          [1, 500, 'receiver answered HTTP 500', at(3 * HOUR + 10_000).toISOString()],
          [2, 200, null, null],
        ]);
      }
    });

    it('doubles the wait after each failure and gives up after the last attempt', async () => {
      const sweepAt = at(5 * HOUR);
      const { caseId } = await breachedCase('AGT-003', sweepAt);
      const retry = { firstDelayMs: 10_000, maxDelayMs: 30_000, maxAttempts: 4 };
      let now = sweepAt.getTime();
      const waits: (number | null)[] = [];
      for (let attempt = 1; attempt <= 4; attempt += 1) {
        receiver.answerNext(503, 503);
        const outcomes = (await dispatcherAt(new Date(now), { retry }).deliverDue()).filter((o) => o.attempt === attempt);
        const next = outcomes[0]?.nextAttemptAt ?? null;
        waits.push(next ? next.getTime() - now : null);
        if (next) now = next.getTime();
      }
      expect(waits).toEqual([10_000, 20_000, 30_000, null]);
      const log = await listWebhookDeliveries(suite.db, { caseId, limit: 10 });
      expect(log.map((d) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
        ['failed', 4, 503],
        ['failed', 4, 503],
      ]);
      expect(await listWebhookDeliveries(suite.db, { status: 'failed', caseId, limit: 10 })).toHaveLength(2);
    });

    it('records an unreachable receiver as an error, and drops deliveries to an endpoint no longer configured', async () => {
      const sweepAt = at(7 * HOUR);
      const closed = 'http://127.0.0.1:9/hook'; // discard port: nothing listens
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-004', T0)]);
      await createEscalationSweeper({
        db: suite.db,
        config: () => config,
        now: () => sweepAt,
        log: recordingLog(),
        webhookEndpoints: () => [{ url: closed, secret: SECRET, events: ['sla.breached'] }],
      }).sweepNow();
      const unreachable = await dispatcherAt(sweepAt, { endpoints: () => [{ url: closed, secret: SECRET }] }).deliverDue();
      const mine = unreachable.filter((o) => o.endpointUrl === closed);
      expect(mine).toHaveLength(1); // only the subscribed type
      expect(mine[0]).toMatchObject({ delivered: false, statusCode: null, attempt: 1 });
      expect(mine[0]?.error).toMatch(/fetch failed|ECONNREFUSED/);

      const dropped = await dispatcherAt(at(8 * HOUR), { endpoints: () => [] }).deliverDue();
      expect(dropped.filter((o) => o.endpointUrl === closed).map((o) => o.error)).toEqual(['the endpoint is no longer configured']);
      const [delivery] = await listWebhookDeliveries(suite.db, { caseId, limit: 10 });
      expect(delivery).toMatchObject({ status: 'failed', lastError: 'the endpoint is no longer configured', nextAttemptAt: null });
    });
  },
  prepareDirectory,
);
