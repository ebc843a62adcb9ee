import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openJournal, type CompactionPolicy, type Journal } from '../../../../src/main/services/storage/journal';
import { journalCaseState } from '../../../../src/main/services/storage/journalCaseEvents';
import type { CaseEventEnvelope } from '../../../../src/shared/domain/caseEvent';
import { DESKTOP_RETENTION, type DesktopRetention } from '../../../../src/shared/sync/desktopRetention';
import { tempDir, testKey } from '../../support';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const FOLD_MS = 7 * DAY;

function event(caseId: string, type: string, payload: unknown, atMs: number): CaseEventEnvelope {
  return { id: randomUUID(), caseId, schemaVersion: 1, at: new Date(atMs).toISOString(), hlc: `${atMs}-0-x`, actorId: 'agent-1', deviceId: 'desktop-other', type, payload };
}

/** A case's events as the service sends them: opened and worked; finished ones resolved and closed. */
function caseLife(caseId: string, atMs: number, finished: boolean): CaseEventEnvelope[] {
  const created = event(caseId, 'case.created', { customerId: 'cust-1', caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Duplicate fee', ownerId: 'agent-1' }, atMs);
  const note = event(caseId, 'note.added', { text: 'Customer says the monthly fee was charged twice; checked the statement with them.' }, atMs + 1000);
  if (!finished) return [created, note];
  const resolved = event(caseId, 'case.resolved', { resolution: 'Fee refunded' }, atMs + 2000);
  return [created, note, resolved, event(caseId, 'case.closed', { resolutionEventId: resolved.id }, atMs + 3000)];
}

/** A desktop's journal fed as the sync engine feeds it: pulled pages with their cursor. */
class Desk {
  seq = 0;
  readonly pulled = new Map<string, { seq: number; event: CaseEventEnvelope }[]>();
  private constructor(
    readonly dataDir: string,
    readonly key: Buffer,
    public journal: Journal,
  ) {}
  static async open(): Promise<Desk> {
    const dataDir = await tempDir();
    const key = testKey();
    return new Desk(dataDir, key, await openJournal({ dataDir, key }));
  }
  async pull(events: CaseEventEnvelope[]): Promise<void> {
    const page = events.map((e) => ({ seq: ++this.seq, event: e }));
    for (const item of page) this.pulled.set(item.event.caseId, [...(this.pulled.get(item.event.caseId) ?? []), item]);
    await this.journal.storePulled(page, this.seq);
  }
  async bytes(): Promise<number> {
    return (await stat(this.journal.path)).size;
  }
  async reopen(): Promise<void> {
    await this.journal.close();
    this.journal = await openJournal({ dataDir: this.dataDir, key: this.key });
  }
}

const policy = (nowMs: number, retention: DesktopRetention = DESKTOP_RETENTION): CompactionPolicy => ({ now: () => nowMs, finishedRetentionMs: FOLD_MS, retention });

describe('journal retention (bounded storage)', () => {
  it('drops a finished case whose snapshot is past the retention, through the removal the read model applies, and takes it back whole when re-pulled', async () => {
    const desk = await Desk.open();
    await desk.pull(caseLife('AC-OLD', T0, true));
    await desk.pull(caseLife('AC-OPEN', T0, false));
    await desk.pull(caseLife('AC-YOUNG', T0 + 80 * DAY, true));
    const original = journalCaseState(desk.journal, 'AC-OLD');
    expect(await desk.journal.compact(policy(T0 + 10 * DAY))).toMatchObject({ snapshotted: 1, retired: 0 });
    expect(desk.journal.snapshotOf('AC-OLD')?.foldedAt).toBe(T0 + 10 * DAY);

    // 91 days after its last change the service no longer sends it; the desktop lets it go once its grace after folding is over too.
    expect(await desk.journal.compact(policy(T0 + 91 * DAY))).toMatchObject({ retired: 1 });
    const before = desk.journal.localSeq;
    expect(await desk.journal.compact(policy(T0 + 95 * DAY))).toMatchObject({ retired: 0 });
    expect(desk.journal.since(before).removedCaseIds).toEqual([]);
    expect(desk.journal.caseIds().sort()).toEqual(['AC-OPEN', 'AC-YOUNG']);
    expect(journalCaseState(desk.journal, 'AC-OLD')).toBeNull();
    expect(desk.journal.since(0).removedCaseIds).toEqual(['AC-OLD']);
    expect(desk.journal.since(0).snapshots.map((s) => s.caseId)).toEqual(['AC-YOUNG']);
    await desk.reopen();
    expect(desk.journal.caseIds().sort()).toEqual(['AC-OPEN', 'AC-YOUNG']);
    expect(desk.journal.since(0).removedCaseIds).toEqual(['AC-OLD']);

    // Looked up again: the service sends it whole (its old sequence numbers included) and it is the same case.
    const mark = desk.journal.localSeq;
    const whole = desk.pulled.get('AC-OLD') ?? [];
    await desk.journal.storePulled(whole, desk.seq);
    expect(journalCaseState(desk.journal, 'AC-OLD')).toEqual(original);
    const changes = desk.journal.since(mark);
    expect(changes.removedCaseIds).toEqual([]);
    expect(changes.events.map((s) => s.event.id)).toEqual(whole.map((w) => w.event.id));
    // Fetched on demand, it is folded again after a week and kept for the grace after that, however old its last change.
    expect(await desk.journal.compact(policy(T0 + 103 * DAY))).toMatchObject({ snapshotted: 1, retired: 0 });
    expect(await desk.journal.compact(policy(T0 + 110 * DAY))).toMatchObject({ retired: 0 });
    expect(await desk.journal.compact(policy(T0 + 118 * DAY))).toMatchObject({ retired: 1 });
    await desk.journal.close();
  });

  it('never drops an open case, a case with unsynced work, or a finished case with events beside its snapshot', async () => {
    const desk = await Desk.open();
    await desk.pull(caseLife('AC-OPEN', T0, false));
    await desk.pull(caseLife('AC-MINE', T0, true));
    await desk.pull(caseLife('AC-REOPENED', T0, true));
    await desk.journal.compact(policy(T0 + 10 * DAY));
    const mine = event('AC-MINE', 'note.added', { text: 'written offline, never sent' }, T0 + 20 * DAY);
    await desk.journal.appendLocal(mine);
    await desk.pull([event('AC-REOPENED', 'note.added', { text: 'a late note from another desk' }, T0 + 10 * DAY)]);

    expect(await desk.journal.compact(policy(T0 + 400 * DAY))).toMatchObject({ retired: 0 });
    await desk.reopen();
    expect(desk.journal.caseIds().sort()).toEqual(['AC-MINE', 'AC-OPEN', 'AC-REOPENED']);
    expect(desk.journal.unsynced().map((e) => e.id)).toEqual([mine.id]);
    expect(journalCaseState(desk.journal, 'AC-OPEN')?.status).toBe('open');
    await desk.journal.close();
  });

  it('keeps at most the most recent finished snapshots', async () => {
    const desk = await Desk.open();
    const retention = { ...DESKTOP_RETENTION, maxFinishedCases: 5 };
    for (let day = 0; day < 12; day++) await desk.pull(caseLife(`AC-${String(day).padStart(2, '0')}`, T0 + day * DAY, true));
    await desk.journal.compact(policy(T0 + 20 * DAY, retention));
    expect(desk.journal.size.snapshots).toBe(12);
    // The cap waits out the grace after folding, then keeps the five most recently changed.
    expect(await desk.journal.compact(policy(T0 + 30 * DAY, retention))).toMatchObject({ retired: 0 });
    expect(await desk.journal.compact(policy(T0 + 35 * DAY, retention))).toMatchObject({ retired: 7 });
    expect(desk.journal.caseIds().sort()).toEqual(['AC-07', 'AC-08', 'AC-09', 'AC-10', 'AC-11']);
    await desk.journal.close();
  });

  it('random histories: after compaction nothing unsynced is lost, open cases stay, and the file is bounded by open cases plus capped snapshots', async () => {
    const Spec = fc.record({ day: fc.integer({ min: 0, max: 300 }), finished: fc.boolean(), unsynced: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(Spec, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 400 }), async (specs, cap, laterDays) => {
        const desk = await Desk.open();
        const retention = { ...DESKTOP_RETENTION, maxFinishedCases: cap };
        const cases = specs.map((spec, index) => ({ ...spec, caseId: `AC-${String(index).padStart(3, '0')}` })).sort((a, b) => a.day - b.day);
        const unsynced: string[] = [];
        for (const c of cases) {
          await desk.pull(caseLife(c.caseId, T0 + c.day * DAY, c.finished));
          if (c.unsynced) unsynced.push((await desk.journal.appendLocal(event(c.caseId, 'note.added', { text: 'offline note' }, T0 + c.day * DAY + 5000))).stored.event.id);
        }
        const lastDay = Math.max(...cases.map((c) => c.day));
        // A desktop opened every 30 days from the first case, then once more `laterDays` on.
        for (let day = 30; day <= lastDay + laterDays; day += 30) await desk.journal.compact(policy(T0 + day * DAY, retention));
        const end = T0 + (lastDay + laterDays) * DAY;
        await desk.journal.compact(policy(end, retention));
        await desk.reopen();
        const journal = desk.journal;

        expect(journal.unsynced().map((e) => e.id).sort()).toEqual([...unsynced].sort());
        for (const c of cases) {
          const state = journalCaseState(journal, c.caseId);
          if (!c.finished || c.unsynced) expect(state?.id).toBe(c.caseId);
          if (state === null) expect(journal.since(0).removedCaseIds).toContain(c.caseId);
        }
        // The bound: every event held belongs to an open case, a case with unsynced work or one finished within the fold window;
        // snapshots are capped (beyond the grace); the file is those and a small fixed part.
        const held = journal.since(0);
        const recentFinished = cases.filter((c) => c.finished && end - (T0 + c.day * DAY) <= FOLD_MS + DAY);
        const allowedEvents = new Set(cases.filter((c) => !c.finished || c.unsynced || recentFinished.includes(c)).map((c) => c.caseId));
        for (const stored of held.events) expect(allowedEvents.has(stored.event.caseId)).toBe(true);
        const withinGrace = cases.filter((c) => c.finished && end - (T0 + c.day * DAY) <= FOLD_MS + 30 * DAY + retention.desktopGraceDays * DAY).length;
        expect(journal.size.snapshots).toBeLessThanOrEqual(cap + withinGrace);
        const removals = held.removedCaseIds.length;
        expect(await desk.bytes()).toBeLessThanOrEqual(1024 + 700 * held.events.length + 2500 * journal.size.snapshots + 120 * removals);
        await journal.close();
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
