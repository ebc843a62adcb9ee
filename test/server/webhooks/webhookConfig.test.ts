import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../../src/server/outbox/retryPolicy';
import { endpointWants, isLoopbackHost, readWebhookEndpointsFile, webhookEndpointsFromEnvironment, WEBHOOKS_ENV } from '../../../src/server/webhooks/webhookConfig';
import { WEBHOOK_RETRY_POLICY } from '../../../src/server/webhooks/webhookDispatcher';
import { signWebhookBody, verifyWebhookSignature } from '../../../src/server/webhooks/webhookSignature';

const SECRET = 'a-long-enough-secret';

describe('webhook endpoint configuration', () => {
  it('reads AGENT_CONSOLE_WEBHOOKS; none when unset', () => {
    expect(webhookEndpointsFromEnvironment({})).toEqual({ ok: true, value: [] });
    const env = { [WEBHOOKS_ENV]: JSON.stringify([{ url: 'https://hooks.example.com/sla', secret: SECRET }, { url: 'http://127.0.0.1:8080/x', secret: SECRET, events: ['sla.breached'] }]) };
    const result = webhookEndpointsFromEnvironment(env);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.map((endpoint) => endpoint.url)).toEqual(['https://hooks.example.com/sla', 'http://127.0.0.1:8080/x']);
      expect(endpointWants(result.value[0]!, 'sla.warning')).toBe(true);
      expect(endpointWants(result.value[1]!, 'sla.warning')).toBe(false);
    }
  });

  it('rejects what would leak or misroute, naming the entry and field but never the secret', () => {
    const bad = webhookEndpointsFromEnvironment({
      [WEBHOOKS_ENV]: JSON.stringify([
        { url: 'http://hooks.example.com/sla', secret: SECRET },
        { url: 'ftp://127.0.0.1/x', secret: SECRET },
        { url: 'https://a.example.com', secret: 'short' },
        { url: 'https://a.example.com', secret: SECRET, extra: true },
        { url: 'https://b.example.com', secret: SECRET, events: ['case.deleted'] },
      ]),
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const paths = bad.errors.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['[0].url', '[1].url', '[2].secret', '[3]', '[4].events[0]']));
    expect(bad.errors.find((issue) => issue.path === '[0].url')?.reason).toMatch(/https/);
    expect(bad.errors.every((issue) => issue.file === WEBHOOKS_ENV)).toBe(true);
    expect(JSON.stringify(bad.errors)).not.toContain(SECRET);

    const duplicate = { url: 'https://hooks.example.com/dup', secret: SECRET };
    const twice = webhookEndpointsFromEnvironment({ [WEBHOOKS_ENV]: JSON.stringify([duplicate, duplicate]) });
    expect(twice.ok ? [] : twice.errors.map((issue) => [issue.path, issue.reason])).toEqual([['[1].url', 'the same URL is listed twice']]);
  });

  it('reports text that is not JSON, and a file that cannot be read', async () => {
    const notJson = webhookEndpointsFromEnvironment({ [WEBHOOKS_ENV]: '[{url:' });
    expect(notJson.ok ? null : notJson.errors[0]?.reason).toMatch(/^not valid JSON/);
    const dir = await mkdtemp(path.join(tmpdir(), 'webhooks-'));
    try {
      const file = path.join(dir, 'webhooks.json');
      await writeFile(file, JSON.stringify([{ url: 'https://hooks.example.com/sla', secret: SECRET }]));
      expect(await readWebhookEndpointsFile(file)).toMatchObject({ ok: true, value: [{ url: 'https://hooks.example.com/sla' }] });
      const missing = await readWebhookEndpointsFile(path.join(dir, 'missing.json'));
      expect(missing.ok ? null : missing.errors[0]?.reason).toMatch(/cannot read the file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.9.8.7', 'localhost', '[::1]', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', 'example.com', '128.0.0.1', 'localhost.example.com'].some(isLoopbackHost)).toBe(false);
  });
});

describe('webhook signatures', () => {
  it('signs the exact body and verifies only that body with that secret', () => {
    const body = '{"id":"x","type":"sla.breached"}';
    const signature = signWebhookBody(body, SECRET);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, SECRET, signature)).toBe(true);
    expect(verifyWebhookSignature(`${body} `, SECRET, signature)).toBe(false);
    expect(verifyWebhookSignature(body, `${SECRET}x`, signature)).toBe(false);
    expect(verifyWebhookSignature(body, SECRET, undefined)).toBe(false);
    expect(verifyWebhookSignature(body, SECRET, 'sha256=00')).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles from 10 s up to 1 h and stops after the last attempt', () => {
    const delays = Array.from({ length: WEBHOOK_RETRY_POLICY.maxAttempts }, (_, i) => retryDelayMs(i + 1, WEBHOOK_RETRY_POLICY));
    expect(delays.slice(0, 4)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(delays.filter((delay): delay is number => delay !== null).every((delay) => delay <= 3_600_000)).toBe(true);
    expect(delays.at(-2)).toBe(3_600_000);
    expect(delays.at(-1)).toBeNull();
  });
});
