import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { issuesFromZod, type ConfigIssue, type LoadResult } from '../../shared/sla/configIssue';
import { WebhookEventType } from './webhookPayload';

/** Plain http would expose the payload and signature on the wire; only this machine may receive it unencrypted. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const WebhookEndpoint = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || isLoopbackHost(url.hostname);
  }, 'must use https (plain http is accepted only for a loopback address such as 127.0.0.1)'),
  /** HMAC-SHA256 key shared with the receiver. */
  secret: z.string().min(16, 'use a secret of at least 16 characters').max(512),
  /** Event types to send; all of them when omitted. */
  events: z.array(WebhookEventType).min(1).optional(),
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

export const WebhookEndpoints = z
  .array(WebhookEndpoint)
  .max(20)
  .superRefine((endpoints, context) => {
    const seen = new Set<string>();
    endpoints.forEach((endpoint, index) => {
      if (seen.has(endpoint.url)) context.addIssue({ code: 'custom', path: [index, 'url'], message: 'the same URL is listed twice' });
      seen.add(endpoint.url);
    });
  });

export const WEBHOOKS_ENV = 'AGENT_CONSOLE_WEBHOOKS';

/** Validates parsed JSON; issues name the source, the field and why (never the secret). */
export function parseWebhookEndpoints(source: string, json: unknown): LoadResult<WebhookEndpoint[]> {
  const result = WebhookEndpoints.safeParse(json);
  return result.success ? { ok: true, value: result.data } : { ok: false, errors: issuesFromZod(source, result.error) };
}

/** Parses JSON text such as `[{"url":"https://…","secret":"…"}]`. */
export function parseWebhookEndpointsText(source: string, text: string): LoadResult<WebhookEndpoint[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ file: source, path: '', reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return parseWebhookEndpoints(source, json);
}

/** The endpoints in AGENT_CONSOLE_WEBHOOKS; none when it is unset or empty. */
export function webhookEndpointsFromEnvironment(env: Readonly<Record<string, string | undefined>>): LoadResult<WebhookEndpoint[]> {
  const text = env[WEBHOOKS_ENV]?.trim();
  if (!text) return { ok: true, value: [] };
  return parseWebhookEndpointsText(WEBHOOKS_ENV, text);
}

export async function readWebhookEndpointsFile(file: string): Promise<LoadResult<WebhookEndpoint[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const issue: ConfigIssue = { file, path: '', reason: `cannot read the file: ${error instanceof Error ? error.message : String(error)}` };
    return { ok: false, errors: [issue] };
  }
  return parseWebhookEndpointsText(file, text);
}

export function endpointWants(endpoint: WebhookEndpoint, type: WebhookEventType): boolean {
  return !endpoint.events || endpoint.events.includes(type);
}
