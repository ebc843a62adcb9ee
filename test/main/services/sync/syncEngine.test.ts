import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { openJournal, type Journal, type JournalAck } from '../../../../src/main/services/storage/journal';
import { backoffDelay, createSyncEngine, DEFAULT_BACKOFF, type SyncEngine, type SyncEngineOptions, type SyncJournal } from '../../../../src/main/services/sync/syncEngine';
import type { SyncStatus } from '../../../../src/shared/ipc/contract';
import { MAX_PUSH_BATCH } from '../../../../src/shared/sync/protocol';
import { CaseServiceError } from '../../../../src/main/services/caseService/caseServiceClient';
import { FakeCaseService, ManualScheduler } from '../../fakes';
import { noteEvent, tempDir, testKey } from '../../support';

const opened: { journal: Journal; engine: SyncEngine }[] = [];
afterEach(async () => {
  for (const { journal, engine } of opened.splice(0)) {
    await engine.stop();
    await journal.close();
  }
});

async function setup(overrides: Partial<SyncEngineOptions> = {}) {
  const journal = await openJournal({ dataDir: await tempDir(), key: testKey() });
  const service = new FakeCaseService();
  const scheduler = new ManualScheduler();
  const unauthorized: string[] = [];
  const engine = createSyncEngine({
    journal,
    client: service,
    getCredentials: () => ({ token: 'token', agentId: 'agent-1' }),
    scheduler,
    random: () => 1,
    pollIntervalMs: 15_000,
    onUnauthorized: (error) => void unauthorized.push(error.code),
    ...overrides,
  });
  const statuses: SyncStatus[] = [];
  engine.onStatusChange((status) => statuses.push(status));
  opened.push({ journal, engine });
  return { journal, service, scheduler, engine, statuses, unauthorized };
}

/** The journal as the engine sees it, with its ack writes replaced. */
function withRecordAcks(journal: Journal, recordAcks: (acks: JournalAck[]) => Promise<void>): SyncJournal {
  return {
    unsynced: (limit, include) => journal.unsynced(limit, include),
    recordAcks,
    recordRejections: (rejections) => journal.recordRejections(rejections),
    storePulled: (events, cursor) => journal.storePulled(events, cursor),
    recordScopeLeft: (caseIds, reason) => journal.recordScopeLeft(caseIds, reason),
    get cursor() {
      return journal.cursor;
    },
    get pendingCount() {
      return journal.pendingCount;
    },
    get rejected() {
      return journal.rejected;
    },
    onChange: (listener) => journal.onChange(listener),
  };
}

describe('sync engine', () => {
  it('pushes unsynced events oldest first in batches, records the acks, then sleeps until the poll', async () => {
    const { journal, service, scheduler, engine, statuses } = await setup();
    const events = Array.from({ length: MAX_PUSH_BATCH * 2 + 7 }, () => noteEvent());
    for (const event of events) await journal.appendLocal(event);
    engine.start();
    await engine.whenIdle();
    expect(service.pushBatches).toEqual([MAX_PUSH_BATCH, MAX_PUSH_BATCH, 7]);
    expect(service.events.map((e) => e.event.id)).toEqual(events.map((e) => e.id));
    expect(journal.pendingCount).toBe(0);
    expect(journal.get(events[0]?.id ?? '')).toMatchObject({ synced: true, seq: 1 });
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0, lastError: null, lastSyncedAt: '2026-03-02T10:00:00.000Z' });
    expect(statuses.map((s) => s.state)).toContain('syncing');
    expect(statuses.at(-1)?.state).toBe('online');
    expect(scheduler.pendingDelays).toEqual([15_000]);
  });

  it('drops a case the service says left this desktop\'s scope, keeping the others and its own unsynced work', async () => {
    const { journal, service, engine } = await setup();
    service.addRemote(noteEvent({ caseId: 'case-gone', actorId: 'agent-2' }));
    service.addRemote(noteEvent({ caseId: 'case-kept', actorId: 'agent-2' }));
    engine.start();
    await engine.whenIdle();
    expect(journal.caseIds().sort()).toEqual(['case-gone', 'case-kept']);
    service.scopeLeft.push('case-gone');
    await engine.syncNow();
    expect(journal.caseIds()).toEqual(['case-kept']);
    expect(journal.since(0).removedCaseIds).toEqual(['case-gone']);
  });

  it('finishes a rejected event with its reason and keeps pushing the ones behind it', async () => {
    const { journal, service, engine } = await setup();
    const before = noteEvent();
    const refused = noteEvent({ caseId: 'case-missing' });
    const after = noteEvent();
    service.rejectWhen = (event) => (event.caseId === 'case-missing' ? 'case case-missing does not exist' : null);
    for (const event of [before, refused, after]) await journal.appendLocal(event);
    engine.start();
    await engine.whenIdle();
    expect(service.events.map((e) => e.event.id)).toEqual([before.id, after.id]);
    expect(engine.status()).toMatchObject({
      state: 'online',
      pending: 0,
      rejected: [{ eventId: refused.id, caseId: 'case-missing', type: 'note.added', reason: 'case case-missing does not exist' }],
    });
    await engine.syncNow();
    expect(service.pushBatches).toEqual([3]); // never resent
  });

  it('finishes an event the service refuses as a whole batch (4xx) with its reason; the queue behind it still syncs', async () => {
    const { journal, service, engine } = await setup();
    const before = noteEvent();
    const hostile = noteEvent({ caseId: 'case-hostile' });
    const after = noteEvent();
    service.failBatchWhen = (event) => (event.caseId === 'case-hostile' ? new CaseServiceError(400, 'invalid_request', 'payload.text: contains a NUL character') : null);
    for (const event of [before, hostile, after]) await journal.appendLocal(event);
    engine.start();
    await engine.whenIdle();
    expect(service.events.map((e) => e.event.id)).toEqual([before.id, after.id]);
    expect(engine.status()).toMatchObject({
      state: 'online',
      pending: 0,
      rejected: [{ eventId: hostile.id, reason: 'refused by the case service: payload.text: contains a NUL character' }],
    });
  });

  it('says "error", not "offline", when the service answers with a failure, and holds back only the event at fault', async () => {
    const { journal, service, scheduler, engine } = await setup();
    const before = noteEvent();
    const failing = noteEvent({ caseId: 'case-failing' });
    const after = noteEvent();
    service.failBatchWhen = (event) => (event.caseId === 'case-failing' ? new CaseServiceError(500, 'internal_error', 'The case service failed to handle this request.') : null);
    for (const event of [before, failing, after]) await journal.appendLocal(event);
    engine.start();
    await engine.whenIdle();
    expect(service.events.map((e) => e.event.id)).toEqual([before.id, after.id]);
    expect(engine.status()).toMatchObject({ state: 'error', pending: 1, rejected: [] });
    expect(service.pushBatches).toEqual([3, 2, 1, 1, 1]);
    expect(engine.status().lastError).toMatch(/failed to handle this request.*Retrying in 1 s/);
    service.failBatchWhen = () => null;
    scheduler.advance(1_000);
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0 });
  });

  it('cuts a push at the body bound: large events go in several requests', async () => {
    const { journal, service, engine } = await setup();
    // 40 events of ~60 KB: 2.4 MB, over the 2 MB a push may carry.
    const big = Array.from({ length: 40 }, () => noteEvent({}, 'x'.repeat(60_000)));
    for (const event of big) await journal.appendLocal(event);
    engine.start();
    await engine.whenIdle();
    expect(journal.pendingCount).toBe(0);
    expect(service.pushBatches).toEqual([34, 6]);
  });

  it("writes one batch's acks while the next batch is on the wire, and never sends an event twice", async () => {
    const journal = await openJournal({ dataDir: await tempDir(), key: testKey() });
    const big = Array.from({ length: 80 }, () => noteEvent({}, 'x'.repeat(60_000)));
    for (const event of big) await journal.appendLocal(event);
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let writes = 0;
    const slowJournal = withRecordAcks(journal, async (acks) => {
      const n = (writes += 1);
      log.push(`acks ${n} start`);
      // The first write waits until the second batch has reached the service.
      if (n === 1) await firstHeld;
      await journal.recordAcks(acks);
      log.push(`acks ${n} done`);
    });
    const service = new FakeCaseService();
    const push = service.push.bind(service);
    service.push = async (token, events) => {
      log.push(`push ${service.pushBatches.length + 1}`);
      const answer = await push(token, events);
      if (service.pushBatches.length === 2) releaseFirst();
      return answer;
    };
    const { engine } = await setup({ journal: slowJournal, client: service });
    engine.start();
    await engine.whenIdle();
    expect(log.slice(0, 4)).toEqual(['push 1', 'acks 1 start', 'push 2', 'acks 1 done']);
    expect(service.pushBatches).toEqual([34, 34, 12]);
    expect(big.every((event) => service.copiesOf(event.id) === 1)).toBe(true);
    expect(journal.pendingCount).toBe(0);
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0 });
    await journal.close();
  });

  it('stops at an ack that cannot be written, keeps the events unsynced, and settles them as duplicates next time (one effect)', async () => {
    const journal = await openJournal({ dataDir: await tempDir(), key: testKey() });
    const big = Array.from({ length: 40 }, () => noteEvent({}, 'x'.repeat(60_000)));
    for (const event of big) await journal.appendLocal(event);
    let failNext = true;
    const failingJournal = withRecordAcks(journal, async (acks) => {
      if (failNext) {
        failNext = false;
        throw new Error('Could not save to the journal: no space left on device');
      }
      await journal.recordAcks(acks);
    });
    const { service, scheduler, engine } = await setup({ journal: failingJournal });
    engine.start();
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'error', pending: 40 });
    expect(engine.status().lastError).toMatch(/no space left on device/);
    scheduler.advance(1_000);
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(big.every((event) => service.copiesOf(event.id) === 1)).toBe(true);
    expect(journal.get(big[0]!.id)).toMatchObject({ synced: true, seq: 1 });
    await journal.close();
  });

  it('has exactly one effect when the answer to a push is lost', async () => {
    const { journal, service, scheduler, engine } = await setup();
    const event = noteEvent();
    await journal.appendLocal(event);
    service.loseNextPushResponse = true;
    engine.start();
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(engine.status().lastError).toMatch(/cannot be reached.*Retrying in 1 s/);
    scheduler.advance(1_000);
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(service.copiesOf(event.id)).toBe(1);
    expect(journal.get(event.id)).toMatchObject({ synced: true, seq: 1 });
  });

  it('backs off exponentially up to 30 s while the service is down, then recovers', async () => {
    const { journal, service, scheduler, engine } = await setup();
    await journal.appendLocal(noteEvent());
    service.down = true;
    engine.start();
    await engine.whenIdle();
    const retries: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const [delay] = scheduler.pendingDelays;
      retries.push(delay ?? -1);
      scheduler.advance(delay ?? 0);
      await engine.whenIdle();
    }
    expect(retries).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(engine.status()).toMatchObject({ state: 'offline', pending: 1 });
    service.down = false;
    scheduler.advance(30_000);
    await engine.whenIdle();
    expect(engine.status()).toMatchObject({ state: 'online', pending: 0 });
    expect(scheduler.pendingDelays).toEqual([15_000]);
  });

  it('wakes at once on a local append instead of waiting for the poll', async () => {
    const { journal, service, scheduler, engine } = await setup();
    engine.start();
    await engine.whenIdle();
    expect(scheduler.pendingDelays).toEqual([15_000]);
    const event = noteEvent();
    await journal.appendLocal(event);
    engine.wake();
    await engine.whenIdle();
    expect(service.copiesOf(event.id)).toBe(1);
    expect(scheduler.now()).toBe(Date.parse('2026-03-02T10:00:00.000Z'));
  });

  it('polls slowly while live push is connected and at the normal interval again once it drops', async () => {
    const { scheduler, engine } = await setup({ livePollIntervalMs: 120_000 });
    engine.setLive(true);
    engine.start();
    await engine.whenIdle();
    expect(scheduler.pendingDelays).toEqual([120_000]);
    engine.setLive(false);
    expect(scheduler.pendingDelays).toEqual([15_000]);
  });

  it('pulls other desktops’ events page by page after the stored cursor', async () => {
    const pulled: number[] = [];
    const { journal, service, engine } = await setup({ pullLimit: 2, onEventsPulled: (events) => pulled.push(...events.map((e) => e.seq)) });
    const remote = Array.from({ length: 5 }, () => service.addRemote(noteEvent({ actorId: 'agent-2' })));
    engine.start();
    await engine.whenIdle();
    expect(service.pullCalls.map((c) => c.after)).toEqual([0, 2, 4]);
    expect(journal.cursor).toBe(5);
    expect(pulled).toEqual([1, 2, 3, 4, 5]);
    expect(remote.every((r) => journal.get(r.event.id)?.synced)).toBe(true);
    await engine.syncNow();
    expect(service.pullCalls.at(-1)?.after).toBe(5);
  });

  it('stops and reports the session ended when the service answers 401', async () => {
    const { journal, service, scheduler, engine, unauthorized } = await setup();
    await journal.appendLocal(noteEvent());
    service.unauthorized = true;
    engine.start();
    await engine.whenIdle();
    expect(unauthorized).toEqual(['session_expired']);
    expect(engine.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(scheduler.pendingDelays).toEqual([]);
  });

  it('pushes only the signed-in agent’s events; another agent’s wait for them', async () => {
    const { journal, service, engine } = await setup();
    const mine = noteEvent();
    const theirs = noteEvent({ actorId: 'agent-2' });
    await journal.appendLocal(theirs);
    await journal.appendLocal(mine);
    engine.start();
    await engine.whenIdle();
    expect(service.events.map((e) => e.event.id)).toEqual([mine.id]);
    expect(engine.status()).toMatchObject({ state: 'online', pending: 1 });
  });

  it('stays offline and idle while nobody is signed in', async () => {
    const { journal, service, scheduler, engine } = await setup({ getCredentials: () => null });
    await journal.appendLocal(noteEvent());
    engine.start();
    await engine.whenIdle();
    expect(service.pushBatches).toEqual([]);
    expect(engine.status()).toMatchObject({ state: 'offline', pending: 1 });
    expect(engine.status().lastError).toMatch(/sign in/);
    expect(scheduler.pendingDelays).toEqual([]);
  });
});

describe('backoffDelay', () => {
  it('stays between half and all of the doubled delay, never above the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => r);
        const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** attempt);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
        expect(delay).toBeLessThanOrEqual(Math.min(ceiling, DEFAULT_BACKOFF.maxMs));
      }),
    );
  });
});
