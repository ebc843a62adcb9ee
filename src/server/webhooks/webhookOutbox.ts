import type { Queryable } from '../db/database';
import { nameBasedUuid } from '../sla/nameBasedUuid';
import { endpointWants, type WebhookEndpoint } from './webhookConfig';
import { webhookBody, type WebhookPayload } from './webhookPayload';

export interface EnqueueResult {
  /** Ids of the payloads recorded by this call (the rest were recorded before). */
  recorded: string[];
  deliveries: number;
}

/**
 * Records webhook events and one pending delivery per subscribed endpoint, in the caller's
 * transaction (the one that appends the escalation event), so the outbox and the case history
 * commit together. An id seen before is skipped: that is what makes every notice go out once.
 */
export async function enqueueWebhookEvents(tx: Queryable, payloads: readonly WebhookPayload[], endpoints: readonly WebhookEndpoint[], now: Date): Promise<EnqueueResult> {
  const recorded: string[] = [];
  let deliveries = 0;
  for (const payload of payloads) {
    const inserted = await tx.query<{ id: string }>(
      'INSERT INTO webhook_events (id, type, case_id, body, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING RETURNING id',
      [payload.id, payload.type, payload.caseId, webhookBody(payload), now],
    );
    if (inserted.rows.length === 0) continue;
    recorded.push(payload.id);
    for (const endpoint of endpoints) {
      if (!endpointWants(endpoint, payload.type)) continue;
      await tx.query(
        `INSERT INTO webhook_deliveries (id, event_id, endpoint_url, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, 'pending', 0, $4, $4)`,
        [nameBasedUuid(`webhook.delivery\n${payload.id}\n${endpoint.url}`), payload.id, endpoint.url, now],
      );
      deliveries += 1;
    }
  }
  return { recorded, deliveries };
}
