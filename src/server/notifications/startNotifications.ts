import type { Database } from '../db/database';
import type { Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import type { RetryPolicy } from '../outbox/retryPolicy';
import type { NotificationSettings } from './notificationConfig';
import { createNotificationDispatcher, type NotificationDispatcher } from './notificationDispatcher';
import { smsWebhookSender, smtpSender, type NotificationSender } from './notificationSenders';

export interface NotificationServiceOptions extends Partial<NotificationSettings> {
  retry?: Partial<RetryPolicy>;
  /** Default 2 s; a push that queues a notification also wakes the worker at once. */
  intervalMs?: number;
  /** Per message (SMTP connection and answers, SMS request). Default 15 s. */
  timeoutMs?: number;
  scheduler?: Scheduler;
}

/** Starts the delivery worker with a sender per configured channel, and says in the log what is and is not configured. */
export function startCustomerNotifications(options: NotificationServiceOptions & { db: Database; now: () => Date; log: ServiceLog }): NotificationDispatcher {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const senders: NotificationSender[] = [];
  if (options.smtp) senders.push(smtpSender(options.smtp, timeoutMs));
  if (options.sms) senders.push(smsWebhookSender(options.sms, timeoutMs));
  options.log.info(
    `Customer notifications: e-mail ${options.smtp ? `via SMTP ${options.smtp.host}:${options.smtp.port}` : 'not configured (set AGENT_CONSOLE_SMTP_HOST)'}, SMS ${options.sms ? `via ${new URL(options.sms.url).host}` : 'not configured (set AGENT_CONSOLE_SMS_WEBHOOK_URL)'}`,
  );
  const dispatcher = createNotificationDispatcher({
    db: options.db,
    senders,
    now: options.now,
    log: options.log,
    retry: options.retry,
    intervalMs: options.intervalMs,
    scheduler: options.scheduler,
    leaseMs: timeoutMs * 2 + 30_000,
  });
  dispatcher.start();
  // Rows left due by an earlier run (or another instance) go out now, not after an interval.
  dispatcher.trigger();
  return dispatcher;
}
