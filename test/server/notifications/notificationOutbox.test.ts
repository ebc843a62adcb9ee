import { expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { migrate } from '../../../src/server/db/migrate';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { DEFAULT_CASE_OUTBOX } from '../../../src/server/notifications/caseOutbox';
import { listCaseNotifications } from '../../../src/server/notifications/notificationLog';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { caseCreated, makeEvent, newCaseId } from '../helpers/events';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ENDPOINT = { url: 'http://127.0.0.1:9/hook', secret: 'receiver-secret-0123456789' };

async function setup(db: Database): Promise<void> {
  await migrate(db);
  await insertAgents(db, [{ id: 'AGT-1', role: 'tier1_agent', teamId: 'T1-EAST' }]);
  await insertCustomers(db, [{ id: 'CUS-MAIL' }, { id: 'CUS-BOTH' }, { id: 'CUS-NONE' }]);
  await db.query(`UPDATE customers SET full_name = 'Jordan Lee', email = 'jordan.lee@example.com', phone = '+15550148801' WHERE id IN ('CUS-MAIL', 'CUS-BOTH', 'CUS-NONE')`);
  await db.query(`UPDATE customers SET notify_via = 'email_and_sms' WHERE id = 'CUS-BOTH'`);
  await db.query(`UPDATE customers SET notify_via = 'none' WHERE id = 'CUS-NONE'`);
}

type OutboxRow = { notice: string; channel: string; recipient: string; subject: string | null; body: string; state: string };

describeEachBackend(
  'customer notification outbox',
  (suite) => {
    const write = (events: unknown[], minutes = 1) =>
      suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: null, now: at(minutes), outbox: { ...DEFAULT_CASE_OUTBOX, webhookEndpoints: [ENDPOINT] } }));
    const rowsOf = async (caseId: string) =>
      (await suite.db.query<OutboxRow>('SELECT notice, channel, recipient, subject, body, state FROM customer_notifications WHERE case_id = $1 ORDER BY created_at, notice, channel', [caseId])).rows;

    it('queues the notice with the event that calls for it, once, even when the event is written again', async () => {
      const caseId = newCaseId();
      const created = caseCreated(caseId, 'AGT-1', T0, 'CUS-MAIL');
      const resolved = makeEvent('case.resolved', { caseId, actorId: 'AGT-1', at: at(5), payload: { resolution: 'Fee of $35 refunded to account 4400123456', code: 'fee_refunded' } });
      expect((await write([created, resolved])).map((outcome) => outcome.outcome)).toEqual(['applied', 'applied']);
      const rows = await rowsOf(caseId);
      expect(rows.map((row) => [row.notice, row.channel, row.recipient, row.state])).toEqual([
        ['opened', 'email', 'jordan.lee@example.com', 'queued'],
        ['resolved', 'email', 'jordan.lee@example.com', 'queued'],
      ]);
      const resolvedMail = rows[1]!;
      expect(resolvedMail.subject).toBe(`Your request ${caseId} is resolved`);
      expect(resolvedMail.body).toContain(`Tracking reference: ${caseId}`);
      expect(resolvedMail.body).toContain('Status: Resolved');
      expect(resolvedMail.body).toContain('Dear Jordan,');
      // The agent's resolution text (with an account number in it) never reaches the customer's message.
      expect(resolvedMail.body).not.toContain('4400123456');

      expect((await write([created, resolved], 9)).map((outcome) => outcome.outcome)).toEqual(['duplicate', 'duplicate']);
      expect(await rowsOf(caseId)).toHaveLength(2);
    });

    it('writes nothing when the transaction that wrote the event rolls back', async () => {
      const caseId = newCaseId();
      await expect(
        suite.db.transaction(async (tx) => {
          await applyCaseEvents(tx, [caseCreated(caseId, 'AGT-1', T0, 'CUS-MAIL')], { pushedBy: null, now: at(1) });
          throw new Error('the request failed after the write');
        }),
      ).rejects.toThrow('failed after the write');
      expect(await rowsOf(caseId)).toEqual([]);
    });

    it('follows the channel the customer chose: both, or none without consent', async () => {
      const both = newCaseId();
      const none = newCaseId();
      await write([caseCreated(both, 'AGT-1', T0, 'CUS-BOTH'), caseCreated(none, 'AGT-1', T0, 'CUS-NONE')]);
      const rows = await rowsOf(both);
      expect(rows.map((row) => [row.channel, row.recipient])).toEqual([
        ['email', 'jordan.lee@example.com'],
        ['sms', '+15550148801'],
      ]);
      expect(rows[1]!.subject).toBeNull();
      expect(rows[1]!.body).toContain(both);
      expect(await rowsOf(none)).toEqual([]);
    });

    it('history written without an outbox (the demo seed) queues nothing', async () => {
      const caseId = newCaseId();
      await suite.db.transaction((tx) => applyCaseEvents(tx, [caseCreated(caseId, 'AGT-1', T0, 'CUS-MAIL')], { pushedBy: null, now: at(1), outbox: false }));
      expect(await rowsOf(caseId)).toEqual([]);
    });

    it('signs webhooks for a status change, a resolution and an escalation by hand, not for notes', async () => {
      const caseId = newCaseId();
      await write([
        caseCreated(caseId, 'AGT-1', T0, 'CUS-MAIL'),
        makeEvent('note.added', { caseId, actorId: 'AGT-1', at: at(1), payload: { text: 'Called back' } }),
        makeEvent('status.changed', { caseId, actorId: 'AGT-1', at: at(2), payload: { to: 'waiting_on_customer', from: 'open' } }),
        makeEvent('case.escalated', { caseId, actorId: 'AGT-1', at: at(3), payload: { level: 2, toOwnerId: 'AGT-1', reason: 'Customer asked for a manager', automatic: false } }),
        makeEvent('case.resolved', { caseId, actorId: 'AGT-1', at: at(4), payload: { resolution: 'Done', code: 'fee_refunded' } }),
      ]);
      const { rows } = await suite.db.query<{ type: string; body: string; endpoint_url: string }>(
        'SELECT e.type, e.body, d.endpoint_url FROM webhook_events e JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.case_id = $1 ORDER BY e.created_at, e.type',
        [caseId],
      );
      expect(rows.map((row) => row.type).sort()).toEqual(['case.escalated', 'case.resolved', 'case.status_changed']);
      expect(rows.every((row) => row.endpoint_url === ENDPOINT.url)).toBe(true);
      const status = JSON.parse(rows.find((row) => row.type === 'case.status_changed')!.body) as { data: { from: string; to: string } };
      expect(status.data).toMatchObject({ from: 'open', to: 'waiting_on_customer' });
      expect((await rowsOf(caseId)).map((row) => row.notice).sort()).toEqual(['escalated', 'opened', 'resolved', 'waiting_on_customer']);
    });

    it('answers the log with the address masked', async () => {
      const caseId = newCaseId();
      await write([caseCreated(caseId, 'AGT-1', T0, 'CUS-BOTH')]);
      const log = await listCaseNotifications(suite.db, caseId);
      expect(log.map((entry) => [entry.channel, entry.recipient, entry.state, entry.status])).toEqual([
        ['email', 'j•••@example.com', 'queued', 'Received'],
        ['sms', '••• ••• 8801', 'queued', 'Received'],
      ]);
    });
  },
  setup,
);
