import { afterEach, describe, expect, it } from 'vitest';
import { createBlindIndexer } from '../../../../src/main/services/screenpop/blindIndex';
import { openScreenPopQueue, type ScreenPopQueue } from '../../../../src/main/services/screenpop/screenPopQueue';
import type { PopRequest } from '../../../../src/shared/screenpop/popContract';
import { tempDir, testDigestKey, testKey } from '../../support';

const queues: ScreenPopQueue[] = [];
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.close()));
});

async function open(options: { dataDir?: string; key?: Buffer; throttleMs?: number } = {}) {
  const dataDir = options.dataDir ?? (await tempDir());
  const key = options.key ?? testKey();
  const emitted: PopRequest[] = [];
  const queue = await openScreenPopQueue({ dataDir, key, indexer: createBlindIndexer(testDigestKey()), emit: (request) => emitted.push(request), throttleMs: options.throttleMs ?? 40 });
  queues.push(queue);
  return { queue, emitted, dataDir, key };
}

const call = (n: number) => ({ source: 'cti' as const, channel: 'phone' as const, intake: { ani: `+1555000${String(n).padStart(4, '0')}`, channel: 'phone' as const, contactId: `call-${n}` }, customerId: null });

describe('screen-pop queue', () => {
  it('pops a lone contact at once, with the digests of its identifiers', async () => {
    const { queue, emitted } = await open();
    const request = queue.receive(call(1));
    expect(emitted).toEqual([request]);
    expect(request.digests.ani).toMatch(/^[0-9a-f]{32}$/);
    expect(request.digests.accountNumber).toBeNull();
  });

  it('in a flood, the newest contact wins the screen and every contact stays in the history', async () => {
    const { queue, emitted } = await open({ throttleMs: 40 });
    const requests = Array.from({ length: 25 }, (_, i) => queue.receive(call(i)));
    expect(emitted.map((r) => r.popId)).toEqual([requests[0]?.popId]);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(emitted.map((r) => r.popId)).toEqual([requests[0]?.popId, requests[24]?.popId]);
    const history = queue.history();
    expect(history).toHaveLength(25);
    expect(history.map((entry) => entry.popId)).toEqual(requests.map((r) => r.popId).reverse());
    expect(history.filter((entry) => entry.superseded).map((entry) => entry.intake?.contactId)).toEqual(Array.from({ length: 23 }, (_, i) => `call-${23 - i}`));
  });

  it('recognises a retried contact id and pops it once', async () => {
    const { queue, emitted } = await open();
    const first = queue.receive(call(7));
    const retry = queue.receive(call(7));
    expect(retry.popId).toBe(first.popId);
    expect(emitted).toHaveLength(1);
    expect(queue.history()).toHaveLength(1);
  });

  it('reopens a superseded contact at once, and measures time to screen', async () => {
    const { queue, emitted } = await open({ throttleMs: 10_000 });
    queue.receive(call(1));
    const pushedOff = queue.receive(call(2));
    queue.receive(call(3));
    expect(emitted).toHaveLength(1);
    const again = queue.reopen(pushedOff.popId);
    expect(again?.source).toBe('history');
    expect(emitted.at(-1)?.intake?.contactId).toBe('call-2');
    const elapsed = queue.markRendered(again?.popId ?? '');
    expect(elapsed).not.toBeNull();
    expect(elapsed).toBeGreaterThanOrEqual(0);
    expect(queue.history()[0]?.shownAt).not.toBeNull();
    expect(queue.reopen('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('keeps the history encrypted across a restart, with where each contact was recorded', async () => {
    const { queue, dataDir, key } = await open();
    const request = queue.receive({ source: 'manual', channel: 'walk_in', intake: null, customerId: 'CUS-000001' });
    queue.markLinked(request.popId, 'CASE-100001', 'CUS-000001');
    await queue.close();
    queues.pop();
    const { readFile } = await import('node:fs/promises');
    const raw = await readFile(`${dataDir}/screen-pops.bin`);
    expect(raw.includes(Buffer.from('CUS-000001'))).toBe(false);
    const { queue: reopened } = await open({ dataDir, key });
    expect(reopened.history()).toMatchObject([{ popId: request.popId, linkedCaseId: 'CASE-100001', linkedCustomerId: 'CUS-000001' }]);
    expect(reopened.recentCustomerIds(10)).toEqual(['CUS-000001']);
  });
});
