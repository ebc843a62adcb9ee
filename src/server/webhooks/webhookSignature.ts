import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-agentconsole-signature';
export const TIMESTAMP_HEADER = 'x-agentconsole-timestamp';
export const EVENT_ID_HEADER = 'x-agentconsole-event-id';
export const EVENT_TYPE_HEADER = 'x-agentconsole-event-type';
export const DELIVERY_ID_HEADER = 'x-agentconsole-delivery-id';
export const ATTEMPT_HEADER = 'x-agentconsole-attempt';

/** `sha256=<hex HMAC-SHA256 of the exact body bytes>` with the endpoint's secret. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers: recomputes the signature over the raw body and compares in constant time. */
export function verifyWebhookSignature(body: string, secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(body, secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
