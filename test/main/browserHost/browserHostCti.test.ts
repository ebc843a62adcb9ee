import { afterEach, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../src/main/browserHost/index';
import type { IpcEventPayload } from '../../../src/shared/ipc/contract';
import { tempDir } from '../support';

const hosts: BrowserHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

describe('browser host CTI endpoint', () => {
  it('starts the endpoint beside the console and answers 409 while no agent is signed in, popping nothing', async () => {
    const host = await startBrowserHost({ dataDir: await tempDir(), serviceUrl: 'http://127.0.0.1:9', port: 0, cti: { port: 0 } });
    hosts.push(host);
    if (!host.cti) throw new Error('no CTI endpoint');
    expect(host.cti.tokenPath.endsWith('cti-token')).toBe(true);
    const pops: IpcEventPayload<'screenpop.requested'>[] = [];
    host.console.on('screenpop.requested', (pop) => pops.push(pop));
    const reply = await fetch(host.cti.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.cti.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountNumber: '100000121234', channel: 'chat' }),
    });
    expect(reply.status).toBe(409);
    expect(await reply.json()).toEqual({ accepted: false, error: { code: 'no_agent', message: 'No agent is signed in on this console to take the contact.' } });
    expect(pops).toEqual([]);
  });

  it('can run without it', async () => {
    const host = await startBrowserHost({ dataDir: await tempDir(), serviceUrl: 'http://127.0.0.1:9', port: 0, cti: false });
    hosts.push(host);
    expect(host.cti).toBeNull();
  });
});
