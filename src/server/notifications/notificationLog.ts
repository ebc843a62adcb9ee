import { CustomerNotification } from '../../shared/notifications/deliveryLog';
import { maskEmail, maskPhone } from '../../shared/privacy/masking';
import type { Queryable } from '../db/database';

type LogRow = {
  id: string;
  case_id: string;
  event_id: string;
  notice: string;
  status_text: string;
  channel: string;
  recipient: string;
  state: string;
  attempts: unknown;
  last_error: string | null;
  created_at: unknown;
  last_attempt_at: unknown;
  next_attempt_at: unknown;
  sent_at: unknown;
};

/** A case's customer notifications in the order of the events that called for them, each address masked (the log never shows one in full). */
export async function listCaseNotifications(q: Queryable, caseId: string): Promise<CustomerNotification[]> {
  const { rows } = await q.query<LogRow>(
    `SELECT n.id::text AS id, n.case_id, n.event_id::text AS event_id, n.notice, n.status_text, n.channel, n.recipient, n.state, n.attempts,
            n.last_error, n.created_at, n.last_attempt_at, n.next_attempt_at, n.sent_at
       FROM customer_notifications n LEFT JOIN case_events e ON e.event_id = n.event_id
      WHERE n.case_id = $1 ORDER BY e.seq, n.created_at, n.channel LIMIT 500`,
    [caseId],
  );
  return rows.map((row) =>
    CustomerNotification.parse({
      id: row.id,
      caseId: row.case_id,
      eventId: row.event_id,
      notice: row.notice,
      status: row.status_text,
      channel: row.channel,
      recipient: row.channel === 'email' ? maskEmail(row.recipient) : maskPhone(row.recipient),
      state: row.state,
      attempts: Number(row.attempts),
      lastError: row.last_error,
      createdAt: instant(row.created_at),
      lastAttemptAt: instantOrNull(row.last_attempt_at),
      nextAttemptAt: row.state === 'retrying' ? instantOrNull(row.next_attempt_at) : null,
      sentAt: instantOrNull(row.sent_at),
    }),
  );
}

function instant(value: unknown): string {
  return new Date(value as string | Date).toISOString();
}

function instantOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : instant(value);
}
