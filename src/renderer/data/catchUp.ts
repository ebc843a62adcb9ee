import type { ConsoleBridge, IpcFailure, IpcResponse } from '../../shared/ipc/contract';
import type { EventRecord, ReadModelDb } from './db';
import { streamKindOf } from '../../shared/cases/streams';
import { foldContactRecords, foldEventRecords } from './foldRecords';

export type CatchUpOutcome = { ok: true; applied: number } | { ok: false; error: IpcFailure };

type StoredEventWithSeq = IpcResponse<'events.since'>['events'][number];

/** Bounds one catch-up so a misbehaving main cannot spin the renderer forever. */
const MAX_PAGES_PER_RUN = 1000;

/**
 * Pulls every event main holds past our cursor, stores them and refolds the cases they touch,
 * all in one Dexie transaction with the cursor, so a crash mid-way never leaves the cursor
 * ahead of the data. Re-running it is harmless: events are keyed by id and cases are refolded
 * from all their stored events, never incrementally.
 */
export async function catchUp(bridge: ConsoleBridge, db: ReadModelDb): Promise<CatchUpOutcome> {
  let applied = 0;
  for (let page = 0; page < MAX_PAGES_PER_RUN; page += 1) {
    const after = await db.readCursor();
    const result = await bridge.invoke('events.since', { afterLocalSeq: after });
    if (!result.ok) return { ok: false, error: result.error };
    const { events, localSeq: head, removedCaseIds, reset } = result.value;
    if (head < after || reset) {
      // main's store was rebuilt (its counter went backwards), or we are behind what it remembers
      // of removals: our cache describes a past that is gone.
      await db.clearAll();
      continue;
    }
    if (removedCaseIds.length > 0) await dropCases(db, removedCaseIds, events.length === 0 ? head : 0);
    if (events.length === 0) return { ok: true, applied };
    await storeEvents(db, events);
    applied += events.length;
  }
  return { ok: true, applied };
}

async function storeEvents(db: ReadModelDb, events: readonly StoredEventWithSeq[]): Promise<void> {
  const records: EventRecord[] = events.map((stored) => ({
    id: stored.event.id,
    caseId: stored.event.caseId,
    localSeq: stored.localSeq,
    seq: stored.seq,
    synced: stored.synced,
    rejectedReason: stored.rejectedReason,
    event: stored.event,
  }));
  // The highest change counter we were given, not main's head: if main pages its answer, the head could skip events.
  const cursor = records.reduce((highest, record) => Math.max(highest, record.localSeq), 0);
  await db.transaction('rw', [db.events, db.cases, db.contacts, db.meta], async () => {
    await putNewer(db, records);
    await refoldCases(db, new Set(records.map((record) => record.caseId)));
    if (cursor > (await db.readCursor())) await db.writeCursor(cursor);
  });
}

/**
 * Cases that left this desktop (out of the user's scope, or compacted): their synced events go, so
 * the read model shows exactly what main holds; work not yet synced stays, as it does in main.
 * `cursor` moves past a page that held nothing but removals.
 */
async function dropCases(db: ReadModelDb, caseIds: readonly string[], cursor: number): Promise<void> {
  await db.transaction('rw', [db.events, db.cases, db.contacts, db.meta], async () => {
    await db.events.where('caseId').anyOf([...caseIds]).filter((record) => record.synced).delete();
    await refoldCases(db, new Set(caseIds));
    if (cursor > (await db.readCursor())) await db.writeCursor(cursor);
  });
}

/** Keeps whichever copy of an event main changed last (an append's ack can race a catch-up). */
export async function putNewer(db: ReadModelDb, records: readonly EventRecord[]): Promise<void> {
  const existing = await db.events.bulkGet(records.map((record) => record.id));
  const newer = records.filter((record, index) => {
    const current = existing[index];
    return !current || current.localSeq <= record.localSeq;
  });
  await db.events.bulkPut(newer);
}

export async function refoldCases(db: ReadModelDb, caseIds: ReadonlySet<string>): Promise<void> {
  for (const caseId of caseIds) {
    const records = await db.events.where('caseId').equals(caseId).toArray();
    if (streamKindOf(caseId) === 'contact') {
      const contact = foldContactRecords(records);
      if (contact) await db.contacts.put(contact);
      else await db.contacts.delete(caseId);
      continue;
    }
    const state = foldEventRecords(records);
    if (state) await db.cases.put(state);
    else await db.cases.delete(caseId);
  }
}
