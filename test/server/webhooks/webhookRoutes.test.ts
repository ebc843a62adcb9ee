import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { createEscalationSweeper } from '../../../src/server/sla/escalationSweeper';
import { WebhookDeliveriesResponse } from '../../../src/server/webhooks/deliveryLog';
import { createWebhookDispatcher } from '../../../src/server/webhooks/webhookDispatcher';
import { ApiError } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { call, signIn } from '../helpers/http';
import { createdEvent, HOUR, newTestCaseId, prepareDirectory, record, recordingLog, testSlaConfig } from '../sla/slaTestKit';
import { startReceiver } from './webhookReceiver';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const SWEEP_AT = new Date(T0.getTime() + 2 * HOUR);

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describeEachBackend(
  'GET /v1/webhooks/deliveries',
  (suite) => {
    let app: FastifyInstance;
    const caseId = newTestCaseId();
    beforeAll(async () => {
      // Sessions are checked against the service clock: keep it at the sweep so tokens stay valid.
      app = buildApp({ db: suite.db, now: () => SWEEP_AT });
      await record(suite.db, [createdEvent(caseId, 'AGT-001', T0)]);
      const endpoints = () => [{ url: receiver.url, secret: 'route-test-secret-0001' }];
      await createEscalationSweeper({ db: suite.db, config: testSlaConfig, now: () => SWEEP_AT, log: recordingLog(), webhookEndpoints: endpoints }).sweepNow();
      receiver.answerNext(502);
      await createWebhookDispatcher({ db: suite.db, endpoints, now: () => SWEEP_AT, log: recordingLog() }).deliverDue();
    });
    afterAll(async () => {
      await app.close();
    });

    it('shows supervisors and compliance every delivery with its attempts', async () => {
      for (const username of ['supervisor', 'compliance']) {
        const { token } = await signIn(app, username);
        const reply = await call(app, { method: 'GET', url: `/v1/webhooks/deliveries?caseId=${caseId}`, token });
        expect(reply.status).toBe(200);
        const { deliveries } = WebhookDeliveriesResponse.parse(reply.body);
        expect(deliveries.map((d) => d.type).sort()).toEqual(['case.escalated', 'sla.breached']);
        expect(deliveries.every((d) => d.caseId === caseId && d.endpointUrl === receiver.url)).toBe(true);
        const statuses = deliveries.map((d) => [d.status, d.attempts, d.attemptLog.map((a) => a.statusCode)]).sort();
        expect(statuses).toEqual([
          ['delivered', 1, [200]],
          ['pending', 1, [502]],
        ]);
      }
    });

    it('filters by status and limits the page', async () => {
      const { token } = await signIn(app, 'supervisor');
      const pending = WebhookDeliveriesResponse.parse((await call(app, { method: 'GET', url: `/v1/webhooks/deliveries?status=pending&caseId=${caseId}`, token })).body);
      expect(pending.deliveries.map((d) => d.status)).toEqual(['pending']);
      const one = WebhookDeliveriesResponse.parse((await call(app, { method: 'GET', url: '/v1/webhooks/deliveries?limit=1', token })).body);
      expect(one.deliveries).toHaveLength(1);
      const bad = await call(app, { method: 'GET', url: '/v1/webhooks/deliveries?limit=0', token });
      expect(bad.status).toBe(400);
    });

    it('refuses other roles and anonymous callers', async () => {
      const { token } = await signIn(app, 'agent');
      const forbidden = await call(app, { method: 'GET', url: '/v1/webhooks/deliveries', token });
      expect(forbidden.status).toBe(403);
      expect(ApiError.parse(forbidden.body).error.code).toBe('forbidden');
      const { token: specialistToken } = await signIn(app, 'specialist');
      expect((await call(app, { method: 'GET', url: '/v1/webhooks/deliveries', token: specialistToken })).status).toBe(403);
      expect((await call(app, { method: 'GET', url: '/v1/webhooks/deliveries' })).status).toBe(401);
    });
  },
  prepareDirectory,
);
