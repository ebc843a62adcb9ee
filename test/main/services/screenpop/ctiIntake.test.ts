import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ctiPortSetting, DEFAULT_CTI_PORT, startCtiIntake, type CtiIntakeServer } from '../../../../src/main/services/screenpop/ctiIntake';
import { CTI_TOKEN_FILE, loadOrCreateCtiToken } from '../../../../src/main/services/screenpop/ctiToken';
import type { ScreenPopIntake } from '../../../../src/shared/screenpop/intake';
import { tempDir, warnings } from '../../support';

const servers: CtiIntakeServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start() {
  const dataDir = await tempDir();
  const received: ScreenPopIntake[] = [];
  const server = await startCtiIntake({ dataDir, port: 0, onIntake: (intake) => (received.push(intake), { popId: `pop-${received.length}` }) });
  servers.push(server);
  return { server, received, dataDir };
}

function post(server: CtiIntakeServer, body: string, headers: Record<string, string> = {}) {
  return fetch(server.url, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...headers }, body });
}

describe('CTI screen-pop endpoint', () => {
  it('accepts a valid contact with 202 and its pop id', async () => {
    const { server, received } = await start();
    const response = await post(server, JSON.stringify({ ani: '+15551234567', channel: 'phone', contactId: 'call-1' }));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true, popId: 'pop-1' });
    expect(received).toEqual([{ ani: '+15551234567', channel: 'phone', contactId: 'call-1' }]);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/screen-pop$/);
  });

  it('answers 409 with the reason when nobody can take the contact', async () => {
    const dataDir = await tempDir();
    const server = await startCtiIntake({ dataDir, port: 0, onIntake: () => ({ refused: { code: 'no_agent', message: 'No agent is signed in.' } }) });
    servers.push(server);
    const response = await post(server, JSON.stringify({ ani: '+15551234567', channel: 'phone' }));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ accepted: false, error: { code: 'no_agent', message: 'No agent is signed in.' } });
  });

  it('answers 401 without the right bearer token, before looking at the body', async () => {
    const { server, received } = await start();
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${server.token}`, `Bearer ${server.token}x`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers.authorization = authorization;
      const response = await fetch(server.url, { method: 'POST', headers, body: '{not json' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ accepted: false, error: { code: 'unauthorized', message: expect.stringContaining(CTI_TOKEN_FILE) } });
    }
    expect(received).toEqual([]);
  });

  it('answers 400 with the reason for bad JSON or an invalid contact', async () => {
    const { server, received } = await start();
    const malformed = await post(server, '{"ani": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'malformed_json' } });
    const noIdentifier = await post(server, JSON.stringify({ channel: 'phone' }));
    expect(noIdentifier.status).toBe(400);
    expect((await noIdentifier.json()) as unknown).toMatchObject({ error: { code: 'invalid_intake', message: expect.stringContaining('at least one identifier') } });
    const badAni = await post(server, JSON.stringify({ ani: '555-1234', channel: 'phone' }));
    expect(((await badAni.json()) as { error: { message: string } }).error.message).toContain('ani must be an E.164 number');
    expect(received).toEqual([]);
  });

  it('takes JSON only, small bodies only, on one path and method', async () => {
    const { server } = await start();
    expect((await post(server, 'ani=+15551234567', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post(server, JSON.stringify({ ani: '+15551234567', channel: 'phone', contactId: 'x'.repeat(20_000) }))).status).toBe(413);
    expect((await fetch(server.url.replace('/v1/screen-pop', '/v1/other'), { method: 'POST' })).status).toBe(404);
    const get = await fetch(server.url, { headers: { authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const { server } = await start();
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/v1/screen-pop', method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{"ani":"+15551234567","channel":"phone"}');
    });
    expect(status).toBe(421);
  });

  it('keeps the token in an owner-only file that survives restarts', async () => {
    const { server, dataDir } = await start();
    const path = join(dataDir, CTI_TOKEN_FILE);
    expect(server.tokenPath).toBe(path);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateCtiToken(dataDir)).token).toBe(server.token);
  });

  it('tightens a token file other users could read, and refuses one that holds no token', async () => {
    const dataDir = await tempDir();
    const path = join(dataDir, CTI_TOKEN_FILE);
    await writeFile(path, `${'a'.repeat(43)}\n`, { mode: 0o644 });
    const { warn, messages } = warnings();
    expect((await loadOrCreateCtiToken(dataDir, warn)).token).toBe('a'.repeat(43));
    if (process.platform !== 'win32') {
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(messages[0]).toContain('restricting it to 0600');
    }
    await writeFile(path, 'short');
    await expect(loadOrCreateCtiToken(dataDir)).rejects.toThrow(/does not hold a token/);
  });
});

describe('AGENT_CONSOLE_CTI_PORT', () => {
  it('defaults to the documented port, turns off with "off", and refuses anything but a port number', () => {
    expect(ctiPortSetting(undefined)).toEqual({ port: DEFAULT_CTI_PORT });
    expect(ctiPortSetting('')).toEqual({ port: DEFAULT_CTI_PORT });
    expect(ctiPortSetting('OFF')).toBe(false);
    expect(ctiPortSetting('0')).toEqual({ port: 0 });
    expect(ctiPortSetting('48000')).toEqual({ port: 48000 });
    for (const bad of ['65536', '-1', '47810.5', 'phone']) expect(() => ctiPortSetting(bad)).toThrow(`AGENT_CONSOLE_CTI_PORT must be a port number (0-65535) or "off", got "${bad}"`);
  });
});
