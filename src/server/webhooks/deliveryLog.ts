import { z } from 'zod';
import { IsoInstant } from '../../shared/domain/customer';
import type { Queryable } from '../db/database';
import { WebhookEventType } from './webhookPayload';

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const DeliveryLogQuery = z.strictObject({
  status: DeliveryStatus.optional(),
  caseId: z.string().min(1).max(64).optional(),
  type: WebhookEventType.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type DeliveryLogQuery = z.infer<typeof DeliveryLogQuery>;

export const DeliveryAttempt = z.object({
  attempt: z.number().int().positive(),
  attemptedAt: IsoInstant,
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int().nonnegative(),
  nextAttemptAt: IsoInstant.nullable(),
});

export const WebhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  type: WebhookEventType,
  caseId: z.string(),
  endpointUrl: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: IsoInstant.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoInstant,
  deliveredAt: IsoInstant.nullable(),
  attemptLog: z.array(DeliveryAttempt),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveriesResponse = z.object({ deliveries: z.array(WebhookDelivery) });
export type WebhookDeliveriesResponse = z.infer<typeof WebhookDeliveriesResponse>;

type DeliveryRow = {
  id: string;
  event_id: string;
  type: string;
  case_id: string;
  endpoint_url: string;
  status: string;
  attempts: unknown;
  next_attempt_at: unknown;
  last_status_code: unknown;
  last_error: string | null;
  created_at: unknown;
  delivered_at: unknown;
};

type AttemptRow = {
  delivery_id: string;
  attempt: unknown;
  attempted_at: unknown;
  status_code: unknown;
  error: string | null;
  duration_ms: unknown;
  next_attempt_at: unknown;
};

/** Newest deliveries first, each with its attempts in order (the webhook delivery log). */
export async function listWebhookDeliveries(db: Queryable, query: DeliveryLogQuery): Promise<WebhookDelivery[]> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT d.id::text AS id, d.event_id::text AS event_id, e.type, e.case_id, d.endpoint_url, d.status, d.attempts,
            d.next_attempt_at, d.last_status_code, d.last_error, d.created_at, d.delivered_at
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR e.case_id = $2) AND ($3::text IS NULL OR e.type = $3)
      ORDER BY d.created_at DESC, d.id
      LIMIT $4`,
    [query.status ?? null, query.caseId ?? null, query.type ?? null, query.limit],
  );
  const attempts = rows.length
    ? (
        await db.query<AttemptRow>(
          `SELECT delivery_id::text AS delivery_id, attempt, attempted_at, status_code, error, duration_ms, next_attempt_at
             FROM webhook_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY delivery_id, attempt`,
          [rows.map((row) => row.id)],
        )
      ).rows
    : [];
  const attemptsOf = new Map<string, AttemptRow[]>();
  for (const row of attempts) attemptsOf.set(row.delivery_id, [...(attemptsOf.get(row.delivery_id) ?? []), row]);
  return rows.map((row) =>
    WebhookDelivery.parse({
      id: row.id,
      eventId: row.event_id,
      type: row.type,
      caseId: row.case_id,
      endpointUrl: row.endpoint_url,
      status: row.status,
      attempts: Number(row.attempts),
      nextAttemptAt: instantOrNull(row.next_attempt_at),
      lastStatusCode: numberOrNull(row.last_status_code),
      lastError: row.last_error,
      createdAt: instantOrNull(row.created_at),
      deliveredAt: instantOrNull(row.delivered_at),
      attemptLog: (attemptsOf.get(row.id) ?? []).map((attempt) => ({
        attempt: Number(attempt.attempt),
        attemptedAt: instantOrNull(attempt.attempted_at),
        statusCode: numberOrNull(attempt.status_code),
        error: attempt.error,
        durationMs: Number(attempt.duration_ms),
        nextAttemptAt: instantOrNull(attempt.next_attempt_at),
      })),
    }),
  );
}

function instantOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string | Date).toISOString();
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
