import type { CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { noticeFor } from '../../shared/notifications/customerNotices';
import { BUNDLED_NOTIFICATION_TEMPLATES, renderNotice, type NotificationChannel, type NotificationTemplates } from '../../shared/notifications/notificationTemplates';
import type { Queryable } from '../db/database';
import { insertRows } from '../db/insertRows';
import { nameBasedUuid } from '../sla/nameBasedUuid';
import type { WebhookEndpoint } from '../webhooks/webhookConfig';
import { enqueueWebhookEvents } from '../webhooks/webhookOutbox';
import type { WebhookPayload } from '../webhooks/webhookPayload';

/** What the write path tells the outside about: the customer (templates) and subscribed systems (signed webhooks). */
export interface CaseOutbox {
  templates: NotificationTemplates;
  webhookEndpoints: readonly WebhookEndpoint[];
}

export const DEFAULT_CASE_OUTBOX: CaseOutbox = { templates: BUNDLED_NOTIFICATION_TEMPLATES, webhookEndpoints: [] };

/** One event the write path just appended, with the case as it stood before and after it. */
export interface AppliedCaseEvent {
  event: CaseEvent;
  seq: number;
  before: CaseState | null;
  after: CaseState;
}

type CustomerContactRow = { id: string; full_name: string; email: string; phone: string; notify_via: string };

/** The channels a customer agreed to be told on (customers.notify_via). */
export function channelsFor(notifyVia: string): NotificationChannel[] {
  if (notifyVia === 'email') return ['email'];
  if (notifyVia === 'sms') return ['sms'];
  if (notifyVia === 'email_and_sms') return ['email', 'sms'];
  return [];
}

/**
 * Writes the customer notifications and webhooks that `applied` calls for, in the caller's
 * transaction (the one that appends the events), so a message is queued exactly when its event
 * commits. Each row's key is (event, channel): an event written twice would queue nothing twice.
 */
export async function writeCaseOutbox(tx: Queryable, applied: readonly AppliedCaseEvent[], outbox: CaseOutbox, now: Date): Promise<void> {
  const webhooks = applied.flatMap(webhookFor);
  if (webhooks.length > 0) await enqueueWebhookEvents(tx, webhooks, outbox.webhookEndpoints, now);

  const notices = applied.flatMap((item) => {
    const kind = noticeFor(item.event, item.before, item.after);
    return kind && item.after.customerId ? [{ ...item, kind, customerId: item.after.customerId }] : [];
  });
  if (notices.length === 0) return;
  const { rows } = await tx.query<CustomerContactRow>('SELECT id, full_name, email, phone, notify_via FROM customers WHERE id = ANY($1::text[])', [
    [...new Set(notices.map((notice) => notice.customerId))],
  ]);
  const customers = new Map(rows.map((row) => [row.id, row]));
  const outboxRows: unknown[][] = [];
  for (const notice of notices) {
    const customer = customers.get(notice.customerId);
    if (!customer) continue;
    const rendered = renderNotice(outbox.templates, notice.kind, { reference: notice.event.caseId, firstName: firstNameOf(customer.full_name) });
    for (const channel of channelsFor(customer.notify_via)) {
      const recipient = channel === 'email' ? customer.email : customer.phone;
      if (!recipient) continue;
      outboxRows.push([
        nameBasedUuid(`customer.notification\n${notice.event.id.toLowerCase()}\n${channel}`),
        notice.event.id.toLowerCase(),
        notice.event.caseId,
        customer.id,
        notice.kind,
        rendered.status,
        channel,
        recipient,
        channel === 'email' ? rendered.email.subject : null,
        channel === 'email' ? rendered.email.text : rendered.sms,
        'queued',
        now,
        now,
      ]);
    }
  }
  if (outboxRows.length === 0) return;
  await insertRows(
    tx,
    'customer_notifications',
    [
      { name: 'id', cast: 'uuid' },
      { name: 'event_id', cast: 'uuid' },
      'case_id',
      'customer_id',
      'notice',
      'status_text',
      'channel',
      'recipient',
      'subject',
      'body',
      'state',
      { name: 'next_attempt_at', cast: 'timestamptz' },
      { name: 'created_at', cast: 'timestamptz' },
    ],
    outboxRows,
    { suffix: 'ON CONFLICT (event_id, channel) DO NOTHING' },
  );
}

function firstNameOf(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] || 'customer';
}

/**
 * Signed webhooks on a status change, a resolution and an escalation made by hand (the sweeper
 * announces its own automatic ones). The payload id is the case event's id, so a receiver dedupes
 * on it. Ids and codes only: no customer data and no agent's free text leaves in a webhook.
 */
function webhookFor({ event, seq, before, after }: AppliedCaseEvent): WebhookPayload[] {
  const base = { id: event.id.toLowerCase(), occurredAt: event.at, caseId: event.caseId };
  if (event.type === 'status.changed' && before && before.status !== after.status) {
    return [{ ...base, type: 'case.status_changed', data: { eventId: base.id, seq, from: before.status, to: after.status, actorId: event.actorId } }];
  }
  if (event.type === 'case.resolved' && before && before.status !== 'resolved' && after.status === 'resolved') {
    return [{ ...base, type: 'case.resolved', data: { eventId: base.id, seq, code: after.resolutionCode, firstContactResolution: after.firstContactResolution, actorId: event.actorId } }];
  }
  if (event.type === 'case.escalated' && !event.payload.automatic && before && after.escalationLevel > before.escalationLevel) {
    return [
      {
        ...base,
        type: 'case.escalated',
        data: { eventId: base.id, seq, level: after.escalationLevel, fromOwnerId: before.ownerId, toOwnerId: event.payload.toOwnerId, toQueueId: after.queueId, automatic: false, actorId: event.actorId },
      },
    ];
  }
  return [];
}
