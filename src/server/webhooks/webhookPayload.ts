import { z } from 'zod';
import { IsoInstant } from '../../shared/domain/customer';

/**
 * sla.* and automatic case.escalated come from the SLA sweeper; case.status_changed, case.resolved
 * and case.escalated made by hand from the write path (src/server/notifications/caseOutbox.ts).
 */
export const WebhookEventType = z.enum(['case.escalated', 'sla.breached', 'sla.warning', 'case.status_changed', 'case.resolved']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/**
 * The JSON body of every webhook. `id` identifies the fact, not the attempt: a retried or
 * duplicated delivery carries the same id, so receivers dedupe on it. For case.escalated it is
 * the id of the case event itself.
 */
export const WebhookPayload = z.object({
  id: z.uuid(),
  type: WebhookEventType,
  occurredAt: IsoInstant,
  caseId: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

/** The exact bytes that are stored, signed and sent. */
export function webhookBody(payload: WebhookPayload): string {
  return JSON.stringify(WebhookPayload.parse(payload));
}
