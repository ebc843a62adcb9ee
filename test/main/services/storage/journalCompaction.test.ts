import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalFileName, openJournal } from '../../../../src/main/services/storage/journal';
import type { CaseEventEnvelope } from '../../../../src/shared/domain/caseEvent';
import { noteEvent, tempDir, testKey } from '../../support';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-03-01T09:00:00.000Z');

function event(caseId: string, type: string, payload: unknown, atMs: number, actorId = 'agent-1'): CaseEventEnvelope {
  return { id: randomUUID(), caseId, schemaVersion: 1, at: new Date(atMs).toISOString(), hlc: `${atMs}-0-x`, actorId, deviceId: 'desktop-x', type, payload };
}

function caseLife(caseId: string, atMs: number, finished: boolean): CaseEventEnvelope[] {
  const created = event(caseId, 'case.created', { customerId: 'cust-1', caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Duplicate fee', ownerId: 'agent-1' }, atMs);
  const note = event(caseId, 'note.added', { text: 'called back' }, atMs + 1000);
  if (!finished) return [created, note];
  const resolved = event(caseId, 'case.resolved', { resolution: 'Fee refunded' }, atMs + 2000);
  const closed = event(caseId, 'case.closed', { resolutionEventId: resolved.id }, atMs + 3000);
  return [created, note, resolved, closed];
}

describe('journal compaction', () => {
  it('folds finished idle cases into snapshots, drops cases out of scope, keeps unsynced work, and reopens the same', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    let now = T0;
    const journal = await openJournal({ dataDir, key });
    let seq = 0;
    const pulled = [...caseLife('AC-OLD', T0, true), ...caseLife('AC-OPEN', T0, false), ...caseLife('AC-GONE', T0, false), ...caseLife('AC-RECENT', T0 + 9 * DAY, true)];
    for (const e of pulled) await journal.storePulled([{ seq: ++seq, event: e }], seq);
    const mine = noteEvent({ caseId: 'AC-GONE' }, 'still unsynced');
    await journal.appendLocal(mine);
    now = T0 + 10 * DAY;
    const before = journal.localSeq;
    const sizeBefore = (await stat(journal.path)).size;

    const result = await journal.compact({ now: () => now, finishedRetentionMs: 7 * DAY, inScope: (state) => state.id !== 'AC-GONE' });
    expect(result).toEqual({ dropped: 1, snapshotted: 1, retired: 0 });
    expect(journal.generation).toBe(1);
    expect((await stat(journal.path)).size).toBeLessThan(sizeBefore);
    expect(journal.eventsForCase('AC-OLD')).toEqual([]);
    expect(journal.snapshotOf('AC-OLD')?.state).toMatchObject({ status: 'closed', resolution: 'Fee refunded' });
    expect(journal.eventsForCase('AC-OPEN')).toHaveLength(2);
    expect(journal.eventsForCase('AC-RECENT')).toHaveLength(4);
    // Out of scope: synced events gone, the unsynced note kept (and still to be pushed).
    expect(journal.eventsForCase('AC-GONE').map((s) => s.event.id)).toEqual([mine.id]);
    expect(journal.unsynced().map((e) => e.id)).toEqual([mine.id]);

    const changes = journal.since(before);
    expect(changes.removedCaseIds).toEqual(['AC-GONE']);
    expect(changes.snapshots.map((s) => s.caseId)).toEqual(['AC-OLD']);
    expect(changes.events.map((s) => s.event.id)).toEqual([mine.id]);
    const everything = journal.since(0);
    await journal.close();

    const reopened = await openJournal({ dataDir, key });
    expect(reopened.since(0)).toEqual(everything);
    expect(reopened.cursor).toBe(seq);
    expect(reopened.notices).toEqual([]);
    // A pull that brings back events the snapshot already holds (a full re-pull) stores nothing of them.
    await reopened.storePulled(pulled.slice(0, 4).map((e, i) => ({ seq: i + 1, event: e })), seq);
    expect(reopened.eventsForCase('AC-OLD')).toEqual([]);
    // A later event on the folded case (it was reopened) is kept on top of the snapshot.
    const reopen = event('AC-OLD', 'case.reopened', { reason: 'customer called again' }, now);
    await reopened.storePulled([{ seq: seq + 1, event: reopen }], seq + 1);
    expect(reopened.eventsForCase('AC-OLD').map((s) => s.event.id)).toEqual([reopen.id]);
    await reopened.close();
  });

  it('removes cases that left scope, keeping unsynced work visible after the removal', async () => {
    const dataDir = await tempDir();
    const journal = await openJournal({ dataDir, key: testKey() });
    let seq = 0;
    for (const e of caseLife('AC-A', T0, false)) await journal.storePulled([{ seq: ++seq, event: e }], seq);
    const mine = noteEvent({ caseId: 'AC-A' });
    await journal.appendLocal(mine);
    const before = journal.localSeq;
    await journal.recordScopeLeft(['AC-A', 'AC-NEVER-HELD'], 'moved to another team');
    const changes = journal.since(before);
    expect(changes.removedCaseIds).toEqual(['AC-A']);
    expect(changes.events.map((s) => s.event.id)).toEqual([mine.id]);
    expect(journal.eventsForCase('AC-A').map((s) => s.event.id)).toEqual([mine.id]);
    await journal.close();
  });

  it('bounds a busy month: the compacted file holds the live state in a few records', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    let now = T0;
    const journal = await openJournal({ dataDir, key });
    let seq = 0;
    for (let day = 0; day < 30; day++) {
      const batch = Array.from({ length: 20 }, (_, i) => caseLife(`AC-${day}-${i}`, T0 + day * DAY, true)).flat();
      for (let i = 0; i < batch.length; i += 10) {
        const page = batch.slice(i, i + 10).map((e) => ({ seq: ++seq, event: e }));
        await journal.storePulled(page, seq);
      }
    }
    now = T0 + 30 * DAY;
    await journal.compact({ now: () => now, finishedRetentionMs: 7 * DAY });
    // 23 days of finished cases folded; the last week's events kept.
    expect(journal.size.snapshots).toBe(23 * 20);
    expect(journal.size.events).toBe(7 * 20 * 4);
    expect(journal.size.records).toBeLessThan(10);
    await journal.close();
    const content = await readFile(join(dataDir, journalFileName(1)), 'latin1');
    expect(content.split('\n').length).toBeLessThan(12);
  });
});
