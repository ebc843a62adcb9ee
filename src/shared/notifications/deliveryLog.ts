import { z } from 'zod';
import { IsoInstant } from '../domain/customer';
import { NoticeKind, NotificationChannel } from './notificationTemplates';

/**
 * A customer notification's delivery: queued (not tried yet), retrying (a try failed, another is
 * due), sent (the mail server or SMS provider took it), failed (every try failed), or
 * not_configured (this service has no sender for the channel, so it was never sent).
 */
export const DeliveryState = z.enum(['queued', 'retrying', 'sent', 'failed', 'not_configured']);
export type DeliveryState = z.infer<typeof DeliveryState>;

/** One row of a case's customer-notification log, as the service answers it: the address masked. */
export const CustomerNotification = z.object({
  id: z.uuid(),
  caseId: z.string(),
  eventId: z.uuid(),
  notice: NoticeKind,
  /** The status the message told the customer, in the words it used ("Resolved"). */
  status: z.string(),
  channel: NotificationChannel,
  /** `j•••@example.com` or `••• ••• 8801`: never the address itself. */
  recipient: z.string(),
  state: DeliveryState,
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  createdAt: IsoInstant,
  lastAttemptAt: IsoInstant.nullable(),
  nextAttemptAt: IsoInstant.nullable(),
  sentAt: IsoInstant.nullable(),
});
export type CustomerNotification = z.infer<typeof CustomerNotification>;

export const CustomerNotificationsResponse = z.object({ notifications: z.array(CustomerNotification) });
export type CustomerNotificationsResponse = z.infer<typeof CustomerNotificationsResponse>;

const CHANNEL_WORD: Record<z.infer<typeof NotificationChannel>, string> = { email: 'E-mail', sms: 'SMS' };

/**
 * The log line a person reads: "E-mail to j•••@example.com sent 10:42 — Resolved".
 * `time` formats an instant in the reader's zone.
 */
export function describeNotification(notification: CustomerNotification, time: (iso: string) => string): string {
  const to = `${CHANNEL_WORD[notification.channel]} to ${notification.recipient}`;
  const error = notification.lastError ? ` (${notification.lastError})` : '';
  let what: string;
  switch (notification.state) {
    case 'sent':
      what = `sent ${time(notification.sentAt ?? notification.createdAt)}`;
      break;
    case 'queued':
      what = `queued ${time(notification.createdAt)}`;
      break;
    case 'retrying':
      what = `attempt ${notification.attempts} failed${error}; retrying${notification.nextAttemptAt ? ` at ${time(notification.nextAttemptAt)}` : ''}`;
      break;
    case 'failed':
      what = `not delivered after ${notification.attempts} attempt${notification.attempts === 1 ? '' : 's'}${error}`;
      break;
    case 'not_configured':
      what = `not sent: ${notification.channel === 'email' ? 'e-mail' : 'SMS'} delivery is not configured on the case service`;
      break;
  }
  return `${to} ${what} — ${notification.status}`;
}
