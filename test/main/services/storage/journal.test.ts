import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JournalError, JournalKeyError, journalFileName, openJournal } from '../../../../src/main/services/storage/journal';
import { HEAD_FILE_NAME } from '../../../../src/main/services/storage/journalHead';
import { DataDirInUseError } from '../../../../src/main/services/storage/dataDirLock';
import { noteEvent, tempDir, testKey, warnings } from '../../support';

describe('journal', () => {
  it('keeps appended events, acks, rejections and the cursor across a reopen', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    const first = noteEvent();
    const second = noteEvent({ caseId: 'case-2' });
    const third = noteEvent();
    await journal.appendLocal(first);
    await journal.appendLocal(second);
    await journal.appendLocal(third);
    await journal.recordAcks([{ eventId: first.id, seq: 7 }]);
    await journal.recordRejections([{ eventId: second.id, reason: 'case-2 does not exist' }]);
    const remote = noteEvent({ caseId: 'case-1', actorId: 'agent-2' });
    await journal.storePulled([{ seq: 8, event: remote }], 8);
    const deviceId = journal.deviceId;
    const before = journal.since(0);
    await journal.close();

    const reopened = await openJournal({ dataDir, key });
    expect(reopened.deviceId).toBe(deviceId);
    expect(reopened.cursor).toBe(8);
    expect(reopened.pendingCount).toBe(1);
    expect(reopened.unsynced().map((e) => e.id)).toEqual([third.id]);
    expect(reopened.rejected).toEqual([{ eventId: second.id, caseId: 'case-2', type: 'note.added', reason: 'case-2 does not exist' }]);
    expect(reopened.get(first.id)).toMatchObject({ seq: 7, synced: true });
    expect(reopened.get(remote.id)).toMatchObject({ seq: 8, synced: true });
    // Replay yields the same local sequence numbers, so a renderer's catch-up position stays valid.
    expect(reopened.since(0)).toEqual(before);
    expect(reopened.eventsForCase('case-1').map((s) => s.event.id)).toEqual([first.id, remote.id, third.id]);
    await reopened.close();
  });

  it('writes records encrypted: no event text appears in the file', async () => {
    const dataDir = await tempDir();
    const journal = await openJournal({ dataDir, key: testKey() });
    await journal.appendLocal(noteEvent({}, 'SECRET-NOTE-TEXT'));
    await journal.close();
    const content = await readFile(join(dataDir, journalFileName(0)), 'utf8');
    expect(content).not.toContain('SECRET');
    expect(Buffer.from(content.split('.')[0] ?? '', 'base64url').toString()).not.toContain('SECRET');
    expect(content.trim().split('\n')).toHaveLength(3); // header, base, the note
    if (process.platform !== 'win32') expect((await stat(join(dataDir, journalFileName(0)))).mode & 0o777).toBe(0o600);
  });

  it('resolves an append only after the file is synced, and a failed sync records nothing', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const order: string[] = [];
    let mode: 'pass' | 'gate' | 'fail' = 'pass';
    let openGate: () => void = () => undefined;
    const journal = await openJournal({
      dataDir,
      key,
      syncFile: async (handle) => {
        order.push('sync-start');
        if (mode === 'fail') throw new Error('EIO: simulated disk failure');
        if (mode === 'gate') await new Promise<void>((resolve) => (openGate = resolve));
        await handle.sync();
        order.push('sync-done');
      },
    });
    mode = 'gate';
    const event = noteEvent();
    const append = journal.appendLocal(event).then(() => order.push('resolved'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order.at(-1)).toBe('sync-start');
    expect(journal.get(event.id)).toBeUndefined();
    openGate();
    await append;
    expect(order.slice(-2)).toEqual(['sync-done', 'resolved']);
    expect(journal.get(event.id)).toBeDefined();

    mode = 'fail';
    const lost = noteEvent();
    await expect(journal.appendLocal(lost)).rejects.toThrow(/Could not save to the journal.*simulated disk failure/);
    expect(journal.get(lost.id)).toBeUndefined();
    expect(journal.pendingCount).toBe(1);
    mode = 'pass';
    const after = noteEvent();
    await journal.appendLocal(after);
    await journal.close();
    // The failed record was cut off, so the next one did not land after garbage.
    const reopened = await openJournal({ dataDir, key });
    expect(reopened.unsynced().map((e) => e.id)).toEqual([event.id, after.id]);
    await reopened.close();
  });

  it('cuts off a torn last record with a warning and keeps everything before it', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    const kept = noteEvent();
    await journal.appendLocal(kept);
    await journal.close();
    const path = join(dataDir, journalFileName(0));
    const goodLength = (await stat(path)).size;
    // What a crash mid-append leaves: the start of a record, no newline.
    await appendFile(path, 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo');

    const log = warnings();
    const reopened = await openJournal({ dataDir, key, warn: log.warn });
    expect(log.messages.join('\n')).toMatch(/incomplete record/);
    expect((await stat(path)).size).toBe(goodLength);
    expect(reopened.get(kept.id)).toBeDefined();
    const next = noteEvent();
    await reopened.appendLocal(next);
    await reopened.close();
    const again = await openJournal({ dataDir, key });
    expect(again.unsynced().map((e) => e.id)).toEqual([kept.id, next.id]);
    await again.close();
  });

  it('refuses a wrong key with an error that says so, and leaves the file untouched', async () => {
    const dataDir = await tempDir();
    const journal = await openJournal({ dataDir, key: testKey() });
    await journal.appendLocal(noteEvent());
    await journal.close();
    const path = join(dataDir, journalFileName(0));
    const content = await readFile(path);

    const failure = await openJournal({ dataDir, key: testKey() }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(JournalKeyError);
    expect((failure as Error).message).toContain(path);
    expect((failure as Error).message).toMatch(/cannot be decrypted with this desktop's key/);
    expect(await readFile(path)).toEqual(content);
  });

  it('stores an event id once, however often it arrives (local retry, pull of our own push)', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    const event = noteEvent();
    const first = await journal.appendLocal(event);
    const again = await journal.appendLocal({ ...event, hlc: 'later' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.stored).toEqual(first.stored);
    // Our own push comes back in a pull before the ack was recorded: it counts as the ack.
    await journal.storePulled([{ seq: 3, event }, { seq: 3, event }], 3);
    await journal.recordAcks([{ eventId: event.id, seq: 3 }]);
    expect(journal.pendingCount).toBe(0);
    const all = journal.since(0).events;
    expect(all.filter((s) => s.event.id === event.id)).toEqual([{ event, seq: 3, synced: true, localSeq: journal.localSeq, rejectedReason: null }]);
    expect(all).toHaveLength(1);
    await journal.close();
  });

  it('keeps events with an unknown type or a newer schema version', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    const future = noteEvent({ type: 'case.teleported', schemaVersion: 9, payload: { where: 'mars' } });
    await journal.storePulled([{ seq: 1, event: future }], 1);
    await journal.close();
    const reopened = await openJournal({ dataDir, key });
    expect(reopened.get(future.id)?.event).toEqual(future);
    await reopened.close();
  });

  it('advances the cursor only together with the events pulled (one record), never backwards', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    const headBeforePull = await readFile(join(dataDir, HEAD_FILE_NAME));
    const pulled = noteEvent({ actorId: 'agent-9' });
    await journal.storePulled([{ seq: 5, event: pulled }], 5);
    await journal.storePulled([], 3);
    expect(journal.cursor).toBe(5);
    await journal.close();
    const path = join(dataDir, journalFileName(0));
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(3); // header, base + one pulled record; the backwards cursor wrote nothing
    // A crash that tears the pulled record (before the head counted it) loses events and cursor together.
    await writeFile(path, `${lines[0]}\n${lines[1]}\n${(lines[2] ?? '').slice(0, 30)}`);
    await writeFile(join(dataDir, HEAD_FILE_NAME), headBeforePull);
    const reopened = await openJournal({ dataDir, key, warn: () => undefined });
    expect(reopened.cursor).toBe(0);
    expect(reopened.get(pulled.id)).toBeUndefined();
    await reopened.close();
  });

  it('lets only one process at a time hold a journal', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const journal = await openJournal({ dataDir, key });
    await expect(openJournal({ dataDir, key })).rejects.toBeInstanceOf(DataDirInUseError);
    await journal.close();
    const reopened = await openJournal({ dataDir, key });
    await reopened.close();
  });

  it('refuses writes after close', async () => {
    const journal = await openJournal({ dataDir: await tempDir(), key: testKey() });
    await journal.close();
    await expect(journal.appendLocal(noteEvent())).rejects.toBeInstanceOf(JournalError);
  });

  it('since() returns each changed event once, at its latest change, for any starting point', async () => {
    const dataDir = await tempDir();
    const journal = await openJournal({ dataDir, key: testKey() });
    const events = Array.from({ length: 12 }, (_, i) => noteEvent({ caseId: `case-${i % 3}` }));
    let seq = 0;
    for (const [index, event] of events.entries()) {
      await journal.appendLocal(event);
      if (index % 2 === 0) await journal.recordAcks([{ eventId: event.id, seq: ++seq }]);
      if (index % 5 === 0) await journal.recordRejections([{ eventId: event.id, reason: 'no' }]);
    }
    const all = journal.since(0);
    await fc.assert(
      fc.property(fc.integer({ min: 0, max: all.localSeq + 2 }), (after) => {
        const { events: changed, localSeq } = journal.since(after);
        expect(localSeq).toBe(all.localSeq);
        expect(new Set(changed.map((s) => s.event.id)).size).toBe(changed.length);
        expect(changed.every((s) => s.localSeq > after)).toBe(true);
        expect(changed.map((s) => s.event.id).sort()).toEqual(all.events.filter((s) => s.localSeq > after).map((s) => s.event.id).sort());
        const seqs = changed.map((s) => s.localSeq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      }),
    );
    await journal.close();
  });
});
