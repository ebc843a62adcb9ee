import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrate';
import { DEFAULT_CASE_OUTBOX } from '../../../src/server/notifications/caseOutbox';
import { createNotificationDispatcher, type NotificationDispatcherOptions } from '../../../src/server/notifications/notificationDispatcher';
import { listCaseNotifications } from '../../../src/server/notifications/notificationLog';
import { PermanentDeliveryError, smsWebhookSender, smtpSender, type NotificationSender, type OutgoingNotification } from '../../../src/server/notifications/notificationSenders';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { verifyWebhookSignature } from '../../../src/server/webhooks/webhookSignature';
import { describeNotification } from '../../../src/shared/notifications/deliveryLog';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/testSmtpServer';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { caseCreated, makeEvent, newCaseId } from '../helpers/events';
import { movableClock, recordingLog } from '../sla/slaTestKit';
import { startReceiver } from '../webhooks/webhookReceiver';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const SMS_SECRET = 'sms-provider-secret-0123456789';

let smtp: TestSmtpServer;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  smtp = await startTestSmtpServer();
  receiver = await startReceiver();
});
afterAll(async () => {
  await smtp.close();
  await receiver.close();
});

async function setup(db: Database): Promise<void> {
  await migrate(db);
  await insertAgents(db, [{ id: 'AGT-1', role: 'tier1_agent', teamId: 'T1-EAST' }]);
  await insertCustomers(db, [{ id: 'CUS-1' }]);
  await db.query(`UPDATE customers SET full_name = 'Jordan Lee', email = 'jordan.lee@example.com', phone = '+15550148801', notify_via = 'email_and_sms' WHERE id = 'CUS-1'`);
}

const mailSender = () => smtpSender({ host: smtp.host, port: smtp.port, tls: 'none', from: 'Northwind Bank <service@bank.example>' }, 5_000);

describeEachBackend(
  'customer notification delivery',
  (suite) => {
    /** A case opened and resolved for CUS-1: two notices, each by e-mail and SMS. */
    const resolvedCase = async (now: Date) => {
      const caseId = newCaseId();
      await suite.db.transaction((tx) =>
        applyCaseEvents(
          tx,
          [caseCreated(caseId, 'AGT-1', now, 'CUS-1'), makeEvent('case.resolved', { caseId, actorId: 'AGT-1', at: now, payload: { resolution: 'Refunded', code: 'fee_refunded' } })],
          { pushedBy: null, now, outbox: DEFAULT_CASE_OUTBOX },
        ),
      );
      return caseId;
    };
    const dispatcher = (options: Partial<NotificationDispatcherOptions>) => createNotificationDispatcher({ db: suite.db, senders: [], log: recordingLog(), ...options });

    beforeEach(async () => {
      await suite.db.query('DELETE FROM customer_notifications');
      smtp.received.length = 0;
      receiver.received.length = 0;
    });

    it('sends the e-mail over SMTP to a real server: the reference and the status arrive', async () => {
      const caseId = await resolvedCase(T0);
      const outcomes = await dispatcher({ senders: [mailSender()], now: () => T0 }).deliverDue();
      expect(outcomes.filter((outcome) => outcome.channel === 'email').map((outcome) => outcome.state)).toEqual(['sent', 'sent']);
      await smtp.waitFor(2);
      const resolvedMail = smtp.received.find(({ mail }) => mail.subject?.includes('resolved'));
      expect(resolvedMail?.to).toEqual(['jordan.lee@example.com']);
      expect(resolvedMail?.mail.subject).toBe(`Your request ${caseId} is resolved`);
      expect(resolvedMail?.mail.text).toContain(`Tracking reference: ${caseId}`);
      expect(resolvedMail?.mail.text).toContain('Status: Resolved');
      expect(resolvedMail?.mail.from?.text).toContain('service@bank.example');
      expect(resolvedMail?.mail.headers.get('x-case-reference')).toBe(caseId);
      const log = await listCaseNotifications(suite.db, caseId);
      const sentMail = log.find((entry) => entry.channel === 'email' && entry.notice === 'resolved')!;
      expect(describeNotification(sentMail, () => '12:00')).toBe('E-mail to j•••@example.com sent 12:00 — Resolved');
      // No SMS sender here: those rows say so and are never sent later.
      const sms = log.filter((entry) => entry.channel === 'sms');
      expect(sms.map((entry) => entry.state)).toEqual(['not_configured', 'not_configured']);
      expect(describeNotification(sms[0]!, () => '12:00')).toBe('SMS to ••• ••• 8801 not sent: SMS delivery is not configured on the case service — Received');
    });

    it('retries a mail server that refuses with back-off, then sends; gives up after the attempts allowed', async () => {
      const caseId = await resolvedCase(T0);
      await suite.db.query("DELETE FROM customer_notifications WHERE channel = 'sms' OR notice = 'opened'");
      const clock = movableClock(T0);
      const worker = dispatcher({ senders: [mailSender()], now: clock.now, retry: { firstDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 4 } });
      smtp.refuseNext(2);
      expect((await worker.deliverDue()).map((outcome) => [outcome.state, outcome.attempt])).toEqual([['retrying', 1]]);
      let [entry] = await listCaseNotifications(suite.db, caseId);
      expect(entry?.state).toBe('retrying');
      expect(entry?.lastError).toMatch(/451/);
      expect(entry?.nextAttemptAt).toBe(new Date(T0.getTime() + 1_000).toISOString());
      expect(await worker.deliverDue()).toEqual([]); // not due yet
      clock.advance(1_000);
      expect((await worker.deliverDue()).map((outcome) => [outcome.state, outcome.attempt])).toEqual([['retrying', 2]]);
      clock.advance(1_999);
      expect(await worker.deliverDue()).toEqual([]); // the second wait is doubled
      clock.advance(1);
      expect((await worker.deliverDue()).map((outcome) => [outcome.state, outcome.attempt])).toEqual([['sent', 3]]);
      [entry] = await listCaseNotifications(suite.db, caseId);
      expect(entry).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
      expect(smtp.received).toHaveLength(1);

      const second = await resolvedCase(clock.now());
      await suite.db.query("DELETE FROM customer_notifications WHERE case_id = $1 AND (channel = 'sms' OR notice = 'opened')", [second]);
      smtp.refuseNext(10);
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await worker.deliverDue();
        clock.advance(60_000);
      }
      [entry] = await listCaseNotifications(suite.db, second);
      expect(entry).toMatchObject({ state: 'failed', attempts: 4 });
      expect(describeNotification(entry!, () => '')).toMatch(/^E-mail to j•••@example\.com not delivered after 4 attempts \(.*451.*\) — Resolved$/);
      smtp.refuseNext(0);
    });

    it('sends SMS through the provider webhook, signed with the shared secret', async () => {
      const caseId = await resolvedCase(T0);
      const outcomes = await dispatcher({ senders: [smsWebhookSender({ url: receiver.url, secret: SMS_SECRET }, 5_000)], now: () => T0 }).deliverDue();
      expect(outcomes.filter((outcome) => outcome.channel === 'sms').map((outcome) => outcome.state)).toEqual(['sent', 'sent']);
      expect(receiver.received).toHaveLength(2);
      for (const hook of receiver.received) {
        expect(verifyWebhookSignature(hook.body, SMS_SECRET, hook.headers['x-agentconsole-signature'] as string)).toBe(true);
        expect(verifyWebhookSignature(hook.body, 'another-secret-0123456789', hook.headers['x-agentconsole-signature'] as string)).toBe(false);
      }
      const bodies = receiver.received.map((hook) => JSON.parse(hook.body) as { to: string; text: string; reference: string });
      expect(bodies.every((body) => body.to === '+15550148801' && body.reference === caseId && body.text.includes(caseId))).toBe(true);
      expect(bodies.map((body) => body.text)).toContainEqual(expect.stringContaining('Status: Resolved'));
    });

    it('fails at once on a refusal no retry can fix', async () => {
      const caseId = await resolvedCase(T0);
      receiver.answerNext(400, 400);
      await dispatcher({ senders: [smsWebhookSender({ url: receiver.url, secret: SMS_SECRET }, 5_000)], now: () => T0 }).deliverDue();
      const sms = (await listCaseNotifications(suite.db, caseId)).filter((entry) => entry.channel === 'sms');
      expect(sms.map((entry) => [entry.state, entry.attempts, entry.lastError])).toEqual([
        ['failed', 1, 'SMS provider answered HTTP 400'],
        ['failed', 1, 'SMS provider answered HTTP 400'],
      ]);
    });

    it.skipIf(suite.backend !== 'postgres')('several workers on one PostgreSQL never send one row twice', async () => {
      for (let index = 0; index < 15; index += 1) await resolvedCase(T0);
      await suite.db.query("DELETE FROM customer_notifications WHERE channel = 'sms'");
      const sent: string[] = [];
      const slowSender: NotificationSender = {
        channel: 'email',
        async send(message: OutgoingNotification) {
          sent.push(message.id);
          await new Promise((resolve) => setTimeout(resolve, 5));
        },
        async close() {},
      };
      const workers = Array.from({ length: 4 }, () => dispatcher({ senders: [slowSender], now: () => T0, batchSize: 3 }));
      const outcomes = (await Promise.all(workers.map((worker) => worker.deliverDue()))).flat();
      expect(sent).toHaveLength(30);
      expect(new Set(sent).size).toBe(30);
      expect(outcomes.filter((outcome) => outcome.state === 'sent')).toHaveLength(30);
      const { rows } = await suite.db.query<{ n: unknown }>("SELECT count(*) AS n FROM customer_notifications WHERE state = 'sent' AND attempts = 1");
      expect(Number(rows[0]?.n)).toBe(30);
    });

    it('marks a row failed at once when the sender says it is permanent', async () => {
      const caseId = await resolvedCase(T0);
      const refusing: NotificationSender = {
        channel: 'email',
        send: () => Promise.reject(new PermanentDeliveryError('mail server answered: 550 no such user')),
        close: async () => {},
      };
      await dispatcher({ senders: [refusing], now: () => T0 }).deliverDue();
      const mail = (await listCaseNotifications(suite.db, caseId)).filter((entry) => entry.channel === 'email');
      expect(mail.map((entry) => entry.state)).toEqual(['failed', 'failed']);
    });
  },
  setup,
);
