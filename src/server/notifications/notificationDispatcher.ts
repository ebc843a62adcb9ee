import type { NotificationChannel } from '../../shared/notifications/notificationTemplates';
import type { Database } from '../db/database';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outboxWorker';
import type { RetryPolicy } from '../outbox/retryPolicy';
import type { Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import { PermanentDeliveryError, type NotificationSender } from './notificationSenders';

/** 30 s, 1 min, 2 min, 4 min: five attempts in about eight minutes, then the row is failed. */
export const NOTIFICATION_RETRY_POLICY: RetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 15 * 60_000, maxAttempts: 5 };

export interface NotificationDispatcherOptions {
  db: Database;
  /** The configured senders; a channel without one marks its rows not_configured. */
  senders: readonly NotificationSender[];
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** How long a claimed row is held before another worker may take it again. Default 60 s. */
  leaseMs?: number;
  /** Default 10 rows per claim. */
  batchSize?: number;
  /** Default 2 s. */
  intervalMs?: number;
  scheduler?: Scheduler;
  log: ServiceLog;
}

export interface NotificationAttempt {
  id: string;
  caseId: string;
  channel: NotificationChannel;
  attempt: number;
  state: 'sent' | 'retrying' | 'failed' | 'not_configured';
  error: string | null;
}

export type NotificationDispatcher = OutboxWorker<NotificationAttempt>;

type Claimed = { id: string; attempts: number; case_id: string; channel: NotificationChannel; recipient: string; subject: string | null; body: string };

/**
 * The customer_notifications outbox: each claimed row goes to its channel's sender; a channel
 * with no sender marks the row not_configured, and a sender's PermanentDeliveryError fails it
 * without retries.
 */
export function createNotificationDispatcher(options: NotificationDispatcherOptions): NotificationDispatcher {
  const { db } = options;
  const senders = new Map(options.senders.map((sender) => [sender.channel, sender]));
  const worker = createOutboxWorker<Claimed, null, NotificationAttempt>({
    db,
    outbox: { table: 'customer_notifications', pending: "state IN ('queued', 'retrying')", columns: 'o.case_id, o.channel, o.recipient, o.subject, o.body' },
    async deliver(row) {
      const sender = senders.get(row.channel);
      if (!sender) return { undeliverable: `${row.channel === 'email' ? 'no SMTP server' : 'no SMS provider'} is configured on the case service` };
      try {
        await sender.send({ id: row.id, caseId: row.case_id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body });
        return { error: null, detail: null };
      } catch (caught) {
        const error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 500) || 'the sender failed without a reason';
        return { error, permanent: caught instanceof PermanentDeliveryError, detail: null };
      }
    },
    async record(row, { attempt, attemptedAt, state, error, nextAttemptAt }) {
      const stored = state === 'delivered' ? 'sent' : state;
      await db.query(
        `UPDATE customer_notifications
            SET state = $2, attempts = $3, last_attempt_at = $4, next_attempt_at = $5, last_error = $6, sent_at = $7
          WHERE id = $1`,
        [row.id, stored, attempt, attemptedAt, nextAttemptAt, error, stored === 'sent' ? attemptedAt : null],
      );
      return { id: row.id, caseId: row.case_id, channel: row.channel, attempt, state: stored, error };
    },
    async recordUndeliverable(row, error) {
      await db.query(`UPDATE customer_notifications SET state = 'not_configured', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [row.id, error]);
      return { id: row.id, caseId: row.case_id, channel: row.channel, attempt: 0, state: 'not_configured', error };
    },
    describe: (row) => `customer notification ${row.id} (${row.channel}, case ${row.case_id})`,
    name: 'customer notification',
    retry: { ...NOTIFICATION_RETRY_POLICY, ...options.retry },
    leaseMs: options.leaseMs ?? 60_000,
    batchSize: options.batchSize ?? 10,
    intervalMs: options.intervalMs ?? 2_000,
    now: options.now,
    scheduler: options.scheduler,
    log: options.log,
  });
  return {
    ...worker,
    async stop() {
      await worker.stop();
      await Promise.all(options.senders.map((sender) => sender.close()));
    },
  };
}
