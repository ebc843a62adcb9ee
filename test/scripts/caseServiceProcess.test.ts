import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isHealthy, runningService, startServiceProcess, stopServiceProcess } from '../../scripts/caseServiceProcess';
import { tempDir } from '../main/support';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await stopServiceProcess(root);
});

describe('the case service in a process of its own (npm start, service:stop, service:start)', () => {
  it('starts, is taken down, and comes back on the same port and data directory', async () => {
    const dataRoot = await tempDir();
    roots.push(dataRoot);
    const port = await freePort();
    const first = await startServiceProcess({ dataRoot, port });
    expect(first.url).toBe(`http://127.0.0.1:${port}`);
    expect(await isHealthy(first.url)).toBe(true);
    expect(runningService(dataRoot)).toEqual(first);
    // A second start while it runs is the same service, not a port clash.
    expect(await startServiceProcess({ dataRoot, port })).toEqual(first);

    expect(await stopServiceProcess(dataRoot)).toBe(true);
    expect(await isHealthy(first.url)).toBe(false);
    expect(runningService(dataRoot)).toBeNull();
    expect(await stopServiceProcess(dataRoot)).toBe(false);

    const again = await startServiceProcess({ dataRoot, port });
    expect(again.pid).not.toBe(first.pid);
    expect(await isHealthy(again.url)).toBe(true);
    const log = await readFile(join(dataRoot, 'service.log'), 'utf8');
    expect(log.match(/Case service listening on /g)).toHaveLength(2);
  }, 240_000);
});
