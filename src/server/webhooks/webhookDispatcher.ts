import type { Database } from '../db/database';
import { periodicTask, timerScheduler, type Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retryPolicy';
import type { WebhookEndpoint } from './webhookConfig';
import { ATTEMPT_HEADER, DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhookSignature';

export interface WebhookDispatcherOptions {
  db: Database;
  /** The endpoints configured now; a delivery whose URL is no longer listed is marked failed. */
  endpoints: () => readonly WebhookEndpoint[];
  now?: () => Date;
  retry?: Partial<RetryPolicy>;
  /** Per request; a slower receiver counts as a failed attempt. Default 10 s. */
  timeoutMs?: number;
  /** Deliveries claimed and sent together per round trip to the database. Default 20. */
  batchSize?: number;
  /** Default 5 s; new deliveries are also sent as soon as the sweeper triggers a run. */
  intervalMs?: number;
  scheduler?: Scheduler;
  log: ServiceLog;
  fetch?: typeof fetch;
}

export interface AttemptOutcome {
  deliveryId: string;
  eventId: string;
  endpointUrl: string;
  attempt: number;
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
  /** When the next attempt is due; null once delivered or given up. */
  nextAttemptAt: Date | null;
}

export interface WebhookDispatcher {
  /** Sends every delivery due now (claiming batches until none is left) and reports each attempt. */
  deliverDue(): Promise<AttemptOutcome[]>;
  /** Asks for a delivery run soon (after an enqueue). */
  trigger(): void;
  start(): void;
  stop(): Promise<void>;
}

type Claimed = {
  id: string;
  event_id: string;
  endpoint_url: string;
  attempts: number;
  type: string;
  body: string;
};

/** Rounds per deliverDue call: a receiver that fails instantly cannot keep one run going forever. */
const MAX_ROUNDS = 50;
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends the outbox: claims due deliveries (SKIP LOCKED, so several service instances share the
 * work without sending one delivery twice at once), POSTs the stored body with its signature,
 * and records every attempt. Failures are retried with exponential backoff from the durable
 * next_attempt_at, so retries survive a restart. Delivery is at least once: receivers dedupe on
 * the payload id.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const batchSize = options.batchSize ?? 20;
  const send = options.fetch ?? fetch;

  const claim = async (): Promise<Claimed[]> => {
    const at = now();
    const lease = new Date(at.getTime() + timeoutMs + LEASE_MARGIN_MS);
    const { rows } = await db.query<Claimed>(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= $1
          ORDER BY next_attempt_at, id
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d SET next_attempt_at = $3
         FROM due, webhook_events e
        WHERE d.id = due.id AND e.id = d.event_id
       RETURNING d.id::text AS id, d.event_id::text AS event_id, d.endpoint_url, d.attempts, e.type, e.body`,
      [at, batchSize, lease],
    );
    return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
  };

  const attempt = async (delivery: Claimed): Promise<AttemptOutcome> => {
    const number = delivery.attempts + 1;
    const endpoint = options.endpoints().find((candidate) => candidate.url === delivery.endpoint_url);
    if (!endpoint) {
      const error = 'the endpoint is no longer configured';
      await db.query(`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [delivery.id, error]);
      log.warn(`webhook ${delivery.event_id} to ${delivery.endpoint_url} dropped: ${error}`);
      return { deliveryId: delivery.id, eventId: delivery.event_id, endpointUrl: delivery.endpoint_url, attempt: delivery.attempts, delivered: false, statusCode: null, error, nextAttemptAt: null };
    }
    const attemptedAt = now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await send(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'AgentConsole-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhookBody(delivery.body, endpoint.secret),
          [TIMESTAMP_HEADER]: attemptedAt.toISOString(),
          [EVENT_ID_HEADER]: delivery.event_id,
          [EVENT_TYPE_HEADER]: delivery.type,
          [DELIVERY_ID_HEADER]: delivery.id,
          [ATTEMPT_HEADER]: String(number),
        },
        body: delivery.body,
        // A redirect could carry the signed body somewhere nobody configured: it counts as a failure.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode >= 300) error = `receiver answered HTTP ${statusCode}`;
    } catch (caught) {
      error = describeFetchError(caught, timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    const delivered = error === null;
    const delay = delivered ? null : retryDelayMs(number, retry);
    const nextAttemptAt = delay === null ? null : new Date(attemptedAt.getTime() + delay);
    const status = delivered ? 'delivered' : nextAttemptAt ? 'pending' : 'failed';
    await db.transaction(async (tx) => {
      await tx.query(
        'INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
        [delivery.id, number, attemptedAt, statusCode, error, durationMs, nextAttemptAt],
      );
      await tx.query(
        `UPDATE webhook_deliveries
            SET attempts = $2, status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6, delivered_at = $7
          WHERE id = $1`,
        [delivery.id, number, status, nextAttemptAt, statusCode, error, delivered ? attemptedAt : null],
      );
    });
    if (status === 'failed') log.error(`webhook ${delivery.event_id} to ${endpoint.url} failed for good after ${number} attempts: ${error}`);
    else if (!delivered) log.warn(`webhook ${delivery.event_id} to ${endpoint.url}: attempt ${number} failed (${error}); next at ${nextAttemptAt?.toISOString()}`);
    return { deliveryId: delivery.id, eventId: delivery.event_id, endpointUrl: endpoint.url, attempt: number, delivered, statusCode, error, nextAttemptAt };
  };

  const deliverDue = async (): Promise<AttemptOutcome[]> => {
    const outcomes: AttemptOutcome[] = [];
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const claimed = await claim();
      if (claimed.length === 0) break;
      outcomes.push(...(await Promise.all(claimed.map(attempt))));
    }
    return outcomes;
  };

  const task = periodicTask(deliverDue, {
    intervalMs: options.intervalMs ?? 5_000,
    scheduler: options.scheduler ?? timerScheduler,
    onError: (error) => log.error(`webhook delivery run failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { deliverDue: task.runNow, trigger: task.trigger, start: task.start, stop: task.stop };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `: ${'code' in cause && typeof cause.code === 'string' ? cause.code : cause.message}` : '';
    return `${error.message}${detail}`.slice(0, 500);
  }
  return String(error).slice(0, 500);
}
