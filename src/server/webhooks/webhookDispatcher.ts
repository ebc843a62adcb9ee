import type { Database } from '../db/database';
import { createOutboxWorker, type OutboxWorker } from '../outbox/outboxWorker';
import type { RetryPolicy } from '../outbox/retryPolicy';
import type { Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import type { WebhookEndpoint } from './webhookConfig';
import { ATTEMPT_HEADER, DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './webhookSignature';

/** 10 s, 20 s, 40 s … capped at 1 h; twelve attempts span about four and a half hours. */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = { firstDelayMs: 10_000, maxDelayMs: 3_600_000, maxAttempts: 12 };

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

export type WebhookDispatcher = OutboxWorker<AttemptOutcome>;

type Claimed = { id: string; attempts: number; event_id: string; endpoint_url: string; type: string; body: string };

/** Time a claimed delivery is held beyond the request timeout before another worker may take it. */
const LEASE_MARGIN_MS = 30_000;

/**
 * The webhook_deliveries outbox: POSTs each delivery's stored body, signed with its endpoint's
 * secret, and logs every attempt in webhook_attempts. A delivery whose endpoint is no longer
 * configured fails without a request.
 */
export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { db, log } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const send = options.fetch ?? fetch;
  const endpointOf = (delivery: Claimed) => options.endpoints().find((candidate) => candidate.url === delivery.endpoint_url);

  return createOutboxWorker<Claimed, { statusCode: number | null }, AttemptOutcome>({
    db,
    outbox: {
      table: 'webhook_deliveries',
      pending: "status = 'pending'",
      columns: 'o.event_id::text AS event_id, o.endpoint_url, e.type, e.body',
      join: { from: 'webhook_events e', on: 'e.id = o.event_id' },
    },
    async deliver(delivery, { number, attemptedAt }) {
      const endpoint = endpointOf(delivery);
      if (!endpoint) return { undeliverable: 'the endpoint is no longer configured' };
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
        const statusCode = response.status;
        await response.body?.cancel().catch(() => undefined);
        return { error: statusCode < 200 || statusCode >= 300 ? `receiver answered HTTP ${statusCode}` : null, detail: { statusCode } };
      } catch (caught) {
        return { error: describeFetchError(caught, timeoutMs), detail: { statusCode: null } };
      }
    },
    async record(delivery, { attempt, attemptedAt, durationMs, state, error, nextAttemptAt, detail: { statusCode } }) {
      const delivered = state === 'delivered';
      await db.transaction(async (tx) => {
        await tx.query(
          'INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, status_code, error, duration_ms, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
          [delivery.id, attempt, attemptedAt, statusCode, error, durationMs, nextAttemptAt],
        );
        await tx.query(
          `UPDATE webhook_deliveries
              SET attempts = $2, status = $3, next_attempt_at = $4, last_status_code = $5, last_error = $6, delivered_at = $7
            WHERE id = $1`,
          [delivery.id, attempt, state === 'retrying' ? 'pending' : state, nextAttemptAt, statusCode, error, delivered ? attemptedAt : null],
        );
      });
      return { deliveryId: delivery.id, eventId: delivery.event_id, endpointUrl: delivery.endpoint_url, attempt, delivered, statusCode, error, nextAttemptAt };
    },
    async recordUndeliverable(delivery, error) {
      await db.query(`UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [delivery.id, error]);
      log.warn(`webhook ${delivery.event_id} to ${delivery.endpoint_url} dropped: ${error}`);
      return { deliveryId: delivery.id, eventId: delivery.event_id, endpointUrl: delivery.endpoint_url, attempt: delivery.attempts, delivered: false, statusCode: null, error, nextAttemptAt: null };
    },
    describe: (delivery) => `webhook ${delivery.event_id} to ${delivery.endpoint_url}`,
    name: 'webhook delivery',
    retry: { ...WEBHOOK_RETRY_POLICY, ...options.retry },
    leaseMs: timeoutMs + LEASE_MARGIN_MS,
    batchSize: options.batchSize ?? 20,
    intervalMs: options.intervalMs ?? 5_000,
    now: options.now,
    scheduler: options.scheduler,
    log,
  });
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
