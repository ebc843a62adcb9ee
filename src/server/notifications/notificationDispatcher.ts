import type { NotificationChannel } from '../../shared/notifications/notificationTemplates';
import type { Database } from '../db/database';
import { periodicTask, timerScheduler, type Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import { retryDelayMs, type RetryPolicy } from '../webhooks/retryPolicy';
import { PermanentDeliveryError, type NotificationSender, type OutgoingNotification } from './notificationSenders';

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

export interface NotificationDispatcher {
  /** Sends every notification due now and reports each attempt. */
  deliverDue(): Promise<NotificationAttempt[]>;
  trigger(): void;
  start(): void;
  stop(): Promise<void>;
}

type Claimed = { id: string; case_id: string; channel: NotificationChannel; recipient: string; subject: string | null; body: string; attempts: unknown };

const MAX_ROUNDS = 50;

/**
 * The delivery worker: claims due rows of customer_notifications (FOR UPDATE SKIP LOCKED, and a
 * lease in next_attempt_at, so several service instances share the outbox and none sends a row
 * another holds), hands each to its channel's sender and records the outcome. A failed attempt
 * is retried with back-off from the durable next_attempt_at (so retries survive a restart) up to
 * the policy's attempts; then the row is failed with its last error.
 */
export function createNotificationDispatcher(options: NotificationDispatcherOptions): NotificationDispatcher {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const retry: RetryPolicy = { ...NOTIFICATION_RETRY_POLICY, ...options.retry };
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 10;
  const senders = new Map(options.senders.map((sender) => [sender.channel, sender]));

  const claim = async (): Promise<Claimed[]> => {
    const at = now();
    const { rows } = await db.query<Claimed>(
      `WITH due AS (
         SELECT id FROM customer_notifications
          WHERE state IN ('queued', 'retrying') AND next_attempt_at <= $1
          ORDER BY next_attempt_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE customer_notifications n SET next_attempt_at = $3
         FROM due WHERE n.id = due.id
       RETURNING n.id::text AS id, n.case_id, n.channel, n.recipient, n.subject, n.body, n.attempts`,
      [at, batchSize, new Date(at.getTime() + leaseMs)],
    );
    return rows;
  };

  const attempt = async (row: Claimed): Promise<NotificationAttempt> => {
    const sender = senders.get(row.channel);
    const number = Number(row.attempts) + 1;
    const attemptedAt = now();
    if (!sender) {
      const error = `${row.channel === 'email' ? 'no SMTP server' : 'no SMS provider'} is configured on the case service`;
      await db.query(`UPDATE customer_notifications SET state = 'not_configured', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [row.id, error]);
      return { id: row.id, caseId: row.case_id, channel: row.channel, attempt: 0, state: 'not_configured', error };
    }
    const message: OutgoingNotification = { id: row.id, caseId: row.case_id, channel: row.channel, recipient: row.recipient, subject: row.subject, body: row.body };
    let error: string | null = null;
    let permanent = false;
    try {
      await sender.send(message);
    } catch (caught) {
      error = (caught instanceof Error ? caught.message : String(caught)).slice(0, 500) || 'the sender failed without a reason';
      permanent = caught instanceof PermanentDeliveryError;
    }
    const delay = error === null || permanent ? null : retryDelayMs(number, retry);
    const state = error === null ? 'sent' : delay === null ? 'failed' : 'retrying';
    const nextAttemptAt = delay === null ? null : new Date(attemptedAt.getTime() + delay);
    await db.query(
      `UPDATE customer_notifications
          SET state = $2, attempts = $3, last_attempt_at = $4, next_attempt_at = $5, last_error = $6, sent_at = $7
        WHERE id = $1`,
      [row.id, state, number, attemptedAt, nextAttemptAt, error, state === 'sent' ? attemptedAt : null],
    );
    if (state === 'failed') log.error(`customer notification ${row.id} (${row.channel}, case ${row.case_id}) failed after ${number} attempt(s): ${error}`);
    else if (state === 'retrying') log.warn(`customer notification ${row.id} (${row.channel}, case ${row.case_id}): attempt ${number} failed (${error}); next at ${nextAttemptAt?.toISOString()}`);
    return { id: row.id, caseId: row.case_id, channel: row.channel, attempt: number, state, error };
  };

  const deliverDue = async (): Promise<NotificationAttempt[]> => {
    const outcomes: NotificationAttempt[] = [];
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claimed = await claim();
      if (claimed.length === 0) break;
      outcomes.push(...(await Promise.all(claimed.map(attempt))));
    }
    return outcomes;
  };

  const task = periodicTask(deliverDue, {
    intervalMs: options.intervalMs ?? 2_000,
    scheduler: options.scheduler ?? timerScheduler,
    onError: (error) => log.error(`customer notification run failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return {
    deliverDue: task.runNow,
    trigger: task.trigger,
    start: task.start,
    async stop() {
      await task.stop();
      await Promise.all(options.senders.map((sender) => sender.close()));
    },
  };
}
