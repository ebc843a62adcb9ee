import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseService, type CaseService } from '../../../src/server/index';
import { CustomerNotificationsResponse } from '../../../src/shared/notifications/deliveryLog';
import { PushResponse } from '../../../src/shared/sync/protocol';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/testSmtpServer';
import { makeEvent } from '../helpers/events';
import { call, signIn } from '../helpers/http';

const SMALL = { customers: 60, transactions: 300, openCases: 12, resolvedCases: 2 };

describe('customer notifications in the running case service', () => {
  let smtp: TestSmtpServer;
  let service: CaseService;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    service = await startCaseService({
      port: 0,
      seed: SMALL,
      notifications: { smtp: { host: smtp.host, port: smtp.port, tls: 'none', from: 'Northwind Bank <service@bank.example>' }, intervalMs: 200 },
    });
  });
  afterAll(async () => {
    await service?.close();
    await smtp?.close();
  });

  it('a pushed resolution e-mails the customer the tracking reference, and the case shows the delivery to who may read it', async () => {
    const agent = await signIn(service.app, 'agent', 'desk-1');
    const { rows } = await service.db.query<{ case_id: string; customer_id: string }>(
      "SELECT case_id, customer_id FROM cases WHERE owner_id = $1 AND status IN ('new', 'open') AND customer_id IS NOT NULL ORDER BY case_id LIMIT 1",
      [agent.agent.id],
    );
    const target = rows[0]!;
    await service.db.query("UPDATE customers SET notify_via = 'email', email = 'robin.hill@example.com' WHERE id = $1", [target.customer_id]);
    const resolution = makeEvent('case.resolved', { caseId: target.case_id, actorId: agent.agent.id, at: new Date(), deviceId: 'desk-1', payload: { resolution: 'Fee refunded', code: 'fee_refunded' } });
    const pushed = await call(service.app, { method: 'POST', url: '/v1/sync/push', token: agent.token, payload: { events: [resolution] } });
    expect(PushResponse.parse(pushed.body).results[0]?.outcome).toBe('applied');

    await smtp.waitFor(1);
    const [{ mail, to }] = smtp.received as [(typeof smtp.received)[number]];
    expect(to).toEqual(['robin.hill@example.com']);
    expect(mail.subject).toBe(`Your request ${target.case_id} is resolved`);
    expect(mail.text).toContain(`Tracking reference: ${target.case_id}`);
    expect(mail.text).toContain('Status: Resolved');

    const url = `/v1/cases/${encodeURIComponent(target.case_id)}/notifications`;
    let log = CustomerNotificationsResponse.parse((await call(service.app, { method: 'GET', url, token: agent.token })).body);
    for (let tries = 0; tries < 50 && log.notifications[0]?.state !== 'sent'; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      log = CustomerNotificationsResponse.parse((await call(service.app, { method: 'GET', url, token: agent.token })).body);
    }
    expect(log.notifications.map((entry) => [entry.channel, entry.recipient, entry.state, entry.status])).toEqual([['email', 'r•••@example.com', 'sent', 'Resolved']]);
    // The full address never leaves in the answer.
    expect(JSON.stringify(log)).not.toContain('robin.hill');

    // A Tier 1 agent of the other team may not read that case, so not its notifications either.
    const other = await signIn(service.app, 'agent08', 'desk-2');
    const refused = await call(service.app, { method: 'GET', url, token: other.token });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain('r•••@example.com');
    expect((await call(service.app, { method: 'GET', url: '/v1/cases/AC-NOSUCH-CASE2/notifications', token: agent.token })).status).toBe(404);
    expect((await call(service.app, { method: 'GET', url })).status).toBe(401);
  });
});
