import { access, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAMAGED_DIR, journalFileName, openJournal, readUnsyncedManifest, type Journal } from '../../../../src/main/services/storage/journal';
import { HEAD_FILE_NAME } from '../../../../src/main/services/storage/journalHead';
import type { CaseEventEnvelope } from '../../../../src/shared/domain/caseEvent';
import { noteEvent, tempDir, testKey, warnings } from '../../support';

/**
 * The twelve kinds of damage the issue measured (and a few more), each applied to a journal with
 * 20 unsynced events: none stops the journal from opening, none loses a record that still reads,
 * none passes without a notice for the agent.
 */

interface Fixture {
  dataDir: string;
  key: Buffer;
  path: string;
  lines: string[];
  /** The line each event was written on. */
  lineOf: Map<string, number>;
  unsynced: CaseEventEnvelope[];
  synced: CaseEventEnvelope[];
}

async function journalWithWork(): Promise<Fixture> {
  const dataDir = await tempDir();
  const key = testKey();
  const journal = await openJournal({ dataDir, key, deviceId: 'desktop-damage' });
  const events = Array.from({ length: 25 }, (_, i) => noteEvent({ caseId: `AC-0000${i % 4}-00000` }, `note ${i}`));
  for (const event of events) await journal.appendLocal(event);
  await journal.recordAcks(events.slice(0, 5).map((event, i) => ({ eventId: event.id, seq: i + 1 })));
  const remote = noteEvent({ actorId: 'agent-2', caseId: 'AC-00009-00000' });
  await journal.storePulled([{ seq: 6, event: remote }], 6);
  await journal.close();
  const path = join(dataDir, journalFileName(0));
  const lines = (await readFile(path, 'latin1')).split('\n').slice(0, -1);
  // header 0, base 1, locals 2..26, acked 27, pulled 28
  const lineOf = new Map(events.map((event, i) => [event.id, i + 2]));
  lineOf.set(remote.id, 28);
  return { dataDir, key, path, lines, lineOf, unsynced: events.slice(5), synced: [...events.slice(0, 5), remote] };
}

function flip(line: string, at: number): string {
  const c = line[at] === 'A' ? 'B' : 'A';
  return `${line.slice(0, at)}${c}${line.slice(at + 1)}`;
}

const write = (f: Fixture, lines: string[], tail = '') => writeFile(f.path, `${lines.map((l) => `${l}\n`).join('')}${tail}`, 'latin1');

const damages: Record<string, (f: Fixture) => Promise<void>> = {
  'one flipped byte in a record (sealed part)': (f) => write(f, f.lines.map((l, i) => (i === 10 ? flip(l, l.length - 30) : l))),
  'one flipped byte in a record (clear part)': (f) => write(f, f.lines.map((l, i) => (i === 12 ? flip(l, 4) : l))),
  'one flipped byte in the header': (f) => write(f, f.lines.map((l, i) => (i === 0 ? flip(l, l.length - 10) : l))),
  'one flipped byte in the last record': (f) => write(f, f.lines.map((l, i) => (i === f.lines.length - 1 ? flip(l, l.length - 10) : l))),
  'garbage appended': (f) => write(f, f.lines, '\u0000\u00ff{"not": "ours"}\u0013garbage'),
  'a garbage line appended': (f) => write(f, [...f.lines, 'this is not a journal record']),
  'header deleted': (f) => write(f, f.lines.slice(1)),
  'truncation at a record boundary': (f) => write(f, f.lines.slice(0, -3)),
  'a deleted line': (f) => write(f, f.lines.filter((_, i) => i !== 14)),
  'an empty file': (f) => writeFile(f.path, ''),
  'truncation mid-file': async (f) => {
    const content = await readFile(f.path, 'latin1');
    await writeFile(f.path, content.slice(0, Math.floor(content.length / 2)), 'latin1');
  },
  'reordered records': (f) => {
    const lines = [...f.lines];
    [lines[8], lines[20]] = [lines[20] ?? '', lines[8] ?? ''];
    return write(f, lines);
  },
  'a duplicated record': (f) => write(f, [...f.lines.slice(0, 16), f.lines[15] ?? '', ...f.lines.slice(16)]),
  'the file deleted': (f) => rm(f.path),
  'the head file damaged': async (f) => {
    const head = await readFile(join(f.dataDir, HEAD_FILE_NAME));
    head.fill(7, 0, head.length);
    await writeFile(join(f.dataDir, HEAD_FILE_NAME), head);
  },
  'the head file deleted': (f) => rm(join(f.dataDir, HEAD_FILE_NAME)),
};

describe('journal damage is salvaged, never silent', () => {
  for (const [name, damage] of Object.entries(damages)) {
    it(name, async () => {
      const fixture = await journalWithWork();
      await damage(fixture);
      const damagedContent = await readFile(fixture.path, 'latin1').catch(() => '');
      const survivingLines = new Set(damagedContent.split('\n'));
      const log = warnings();

      const journal: Journal = await openJournal({ dataDir: fixture.dataDir, key: fixture.key, warn: log.warn });
      try {
        // Visible: a notice the console shows the agent, with the damage in words.
        expect(journal.notices).toHaveLength(1);
        const notice = journal.notices[0]!;
        expect(notice.message.length).toBeGreaterThan(40);

        // No valid record lost: every event whose line still reads is held.
        const all = [...fixture.unsynced, ...fixture.synced];
        const readable = all.filter((event) => survivingLines.has(fixture.lines[fixture.lineOf.get(event.id)!]!));
        for (const event of readable) expect(journal.get(event.id)?.event, `${name}: kept ${event.id}`).toEqual(event);

        // Exactly the unsynced events whose records are gone are reported lost.
        const lostUnsynced = fixture.unsynced.filter((event) => !journal.get(event.id));
        expect(notice.lostUnsynced, `${name}: ${notice.message}`).toBe(lostUnsynced.length);
        for (const event of lostUnsynced.filter((e) => notice.lost.length > 0 && notice.lost.some((l) => l.eventId === e.id))) {
          expect(notice.lost.find((l) => l.eventId === event.id)).toMatchObject({ caseId: event.caseId, type: 'note.added' });
        }
        // Damage (not the head alone) sets the file aside and fetches synced data again from the start.
        if (notice.kind === 'journal_damaged') {
          expect(notice.setAside).toContain(DAMAGED_DIR);
          await access(notice.setAside!);
          expect(journal.cursor).toBe(0);
        }
        expect(journal.deviceId).toBe('desktop-damage');

        // Still a working journal: it takes new work and reopens clean, the notice kept until dismissed.
        const next = noteEvent();
        await journal.appendLocal(next);
        await journal.close();
        const reopened = await openJournal({ dataDir: fixture.dataDir, key: fixture.key, warn: log.warn });
        expect(reopened.get(next.id)).toBeDefined();
        expect(reopened.notices).toHaveLength(1);
        await reopened.dismissNotice(notice.id);
        expect(reopened.notices).toHaveLength(0);
        await reopened.close();
      } finally {
        await journal.close();
      }
    });
  }

  it('names the unsynced work of an unreadable journal without its key', async () => {
    const fixture = await journalWithWork();
    const { lost } = await readUnsyncedManifest(fixture.dataDir);
    expect(lost.map((l) => l.eventId).sort()).toEqual(fixture.unsynced.map((e) => e.id).sort());
    expect(lost[0]).toMatchObject({ type: 'note.added' });
    // The manifest holds references, types and times only: no note text.
    const content = await readFile(fixture.path, 'latin1');
    const clearParts = content.split('\n').map((line) => Buffer.from(line.split('.')[0] ?? '', 'base64url').toString());
    expect(clearParts.join('\n')).not.toMatch(/note \d/);
  });

  it('leaves no damaged file behind when nothing was wrong', async () => {
    const fixture = await journalWithWork();
    const journal = await openJournal({ dataDir: fixture.dataDir, key: fixture.key });
    expect(journal.notices).toEqual([]);
    await journal.close();
    expect(await readdir(fixture.dataDir)).not.toContain(DAMAGED_DIR);
  });
});
