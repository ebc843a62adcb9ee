import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaseService, type CaseService } from '../../../src/server/index';

describe('the telephony connector token', () => {
  let dataDir: string;
  let service: CaseService | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'telephony-token-'));
  });
  afterAll(async () => {
    await service?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is made once in <dataDir>/telephony-token, readable by this user only, and accepted by the route', async () => {
    service = await startCaseService({ dataDir, port: 0, seed: false, logger: false });
    expect(service.telephonyTokenPath).toBe(path.join(dataDir, 'telephony-token'));
    const token = (await readFile(path.join(dataDir, 'telephony-token'), 'utf8')).trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    if (process.platform !== 'win32') expect((await stat(path.join(dataDir, 'telephony-token'))).mode & 0o777).toBe(0o600);
    const fact = { kind: 'contact.offered', id: 'tok-1', at: new Date().toISOString(), contactId: 'c-1', channel: 'phone', queue: 'retail-voice' };
    const response = await fetch(`${service.url}/v1/telephony/facts`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ facts: [fact] }) });
    expect(response.status).toBe(200);
    await service.close();
    service = await startCaseService({ dataDir, port: 0, seed: false, logger: false });
    expect((await readFile(path.join(dataDir, 'telephony-token'), 'utf8')).trim()).toBe(token);
  }, 120_000); // two starts of an embedded database on disk

  it('refuses a configured token that is too short to be safe', async () => {
    await expect(startCaseService({ port: 0, seed: false, logger: false, telephonyToken: 'short' })).rejects.toThrow(/32–256/);
  });
});
