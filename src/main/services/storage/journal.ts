import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { applyCaseEvent } from '../../../shared/cases/reducer';
import { parseCaseEvent, type CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import type { CaseState } from '../../../shared/domain/caseState';
import type { RejectedEvent, StoredEvent } from '../../../shared/ipc/contract';
import { DAY_MS, DESKTOP_RETENTION, isFinished, retiredCases, type DesktopRetention } from '../../../shared/sync/desktopRetention';
import type { SequencedEvent } from '../../../shared/sync/protocol';
import { isErrno, syncDirectory } from './atomicFile';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock';
import { HEAD_FILE_NAME, HEAD_RECENT, HeadWriter, readHead, type HeadReading, type JournalHead } from './journalHead';
import { decodeClear, decodeLine, encodeLine, lineHash, looksLikeTornLine, type LineClear, type ManifestEntry } from './journalLine';
import { JournalRecord, type Ack, type CaseSnapshot, type CompactedEntry, type LostWork, type Rejection, type StorageNotice } from './journalRecords';

/**
 * The desktop's durable store: an append-only file of encrypted, chained records, one per line
 * (format in journalLine.ts), plus a small anchor file (journalHead.ts). Every write is fsynced
 * before its promise resolves, so anything this module has acknowledged survives a crash or a
 * power cut. On open the records are replayed into an in-memory index.
 *
 * Damage is salvaged, never silent. A crash mid-append leaves a torn last line the head never
 * counted: it is cut off. Anything else — a flipped byte, a deleted, reordered or duplicated
 * record, garbage, a header gone, a file cut short or emptied — is found by the chain and the
 * head. Then every record that still authenticates is kept (in chain order), the damaged file is
 * set aside under `damaged/`, a new generation is written from what was kept, the pull cursor
 * restarts at 0 so the service sends everything again, and a notice says how many unsynced
 * events could not be read (and which, where their manifest survived). The console always opens.
 *
 * Storage is bounded by compaction: a new generation holds only the live state — events of cases
 * in scope, finished cases idle past the retention folded into snapshots, and of those only the
 * ones the desktop retention (src/shared/sync/desktopRetention.ts) still keeps — and becomes
 * current atomically when the head names it.
 */

/** Bumped when the record format changes incompatibly; an older build refuses a newer journal. */
export const JOURNAL_FORMAT = 2;
export const DAMAGED_DIR = 'damaged';

export function journalFileName(generation: number): string {
  return `journal-${generation}.log`;
}
const JOURNAL_FILE_PATTERN = /^journal-(\d+)\.log$/;

export type JournalAck = z.infer<typeof Ack>;
export type JournalRejection = z.infer<typeof Rejection>;
export type { LostWork, StorageNotice } from './journalRecords';

export type StoredEventWithSeq = StoredEvent & { localSeq: number };

/** What changed after a local sequence: events, cases removed from this desktop, folded snapshots. */
export interface JournalChanges {
  events: StoredEventWithSeq[];
  localSeq: number;
  /** Cases whose data left this desktop (scope, compaction); apply before the events. */
  removedCaseIds: string[];
  snapshots: { caseId: string; seq: number; localSeq: number; state: CaseState }[];
  /** The caller's position is older than what the journal remembers of removals: rebuild from 0. */
  reset: boolean;
}

interface Entry {
  event: CaseEventEnvelope;
  seq: number | null;
  synced: boolean;
  /** Local change counter of this entry's latest change (stored, acknowledged, rejected). */
  localSeq: number;
  rejectedReason: string | null;
}

export class JournalError extends Error {
  override readonly name: string = 'JournalError';
}
/** The journal cannot be decrypted with the key we have. */
export class JournalKeyError extends JournalError {
  override readonly name = 'JournalKeyError';
}

export interface CompactionPolicy {
  now(): number;
  /** Finished cases idle this long (and with nothing unsynced) are folded into a snapshot. */
  finishedRetentionMs: number;
  /** Cases this desktop may no longer hold (the policy's scope); their synced events are dropped. */
  inScope?(state: CaseState): boolean;
  /** Snapshots this lets go leave the journal altogether (default DESKTOP_RETENTION, the rule the service applies to what it sends). */
  retention?: DesktopRetention;
}

export const DEFAULT_FINISHED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface JournalOptions {
  dataDir: string;
  key: Buffer;
  /** The device this journal belongs to (kept in its header); default a new random id for a new journal. */
  deviceId?: string;
  /** The data key wrapped by its backends, kept in the header's clear part so a lost key file can be restored. */
  keySlots?: unknown;
  warn?: (message: string) => void;
  /** Makes written bytes durable; injectable so tests can observe and fail it. */
  syncFile?: (handle: FileHandle) => Promise<void>;
  /** Compaction at open (and by compact()); absent: only records folded, nothing dropped. */
  compaction?: CompactionPolicy;
  now?: () => number;
}

const LINE_FEED = 0x0a;
const syncHead = (handle: FileHandle) => handle.sync();
const CHUNK = 500;
const MAX_REMEMBERED_REMOVALS = 20_000;

interface ReadLine {
  index: number;
  line: string;
  clear: LineClear | null;
  record: JournalRecord | null;
  reason: string | null;
}

interface Analysis {
  generation: number;
  path: string;
  lines: ReadLine[];
  /** Valid records in chain order. */
  valid: { clear: LineClear; record: JournalRecord; line: string }[];
  problems: string[];
  tornTailBytes: number;
  head: HeadReading;
  empty: boolean;
}

export async function openJournal(options: JournalOptions): Promise<Journal> {
  const { dataDir, key } = options;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const now = options.now ?? options.compaction?.now ?? (() => Date.now());
  const syncFile = options.syncFile ?? ((h: FileHandle) => h.sync());
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireDataDirLock(join(dataDir, 'journal'));
  try {
    const headPath = join(dataDir, HEAD_FILE_NAME);
    const head = await readHead(headPath, key);
    const generation = await currentGeneration(dataDir, head);
    const analysis = await analyse(dataDir, generation, key, head);

    if (analysis.tornTailBytes > 0 && analysis.problems.length === 0) {
      warn(`The journal ${analysis.path} ended with an incomplete record (${analysis.tornTailBytes} bytes, from an interrupted write); it was never confirmed and has been removed.`);
      await truncateTo(analysis.path, Buffer.byteLength(analysis.lines.map((l) => `${l.line}\n`).join(''), 'latin1'));
    }
    const decodedAny = analysis.valid.length > 0;
    if (!decodedAny && analysis.lines.length > 0 && head.state !== 'ok') {
      throw new JournalKeyError(
        `The journal ${analysis.path} cannot be decrypted with this desktop's key: the key was replaced or belongs to another installation. The file was left untouched.`,
      );
    }
    const headerRecord = analysis.valid[0]?.record;
    if (headerRecord?.kind === 'header' && headerRecord.format > JOURNAL_FORMAT) {
      throw new JournalError(`The journal ${analysis.path} was written by a newer version of Agent Console (format ${headerRecord.format}, this version reads ${JOURNAL_FORMAT}). Update Agent Console; the file was left untouched.`);
    }

    const journal = new Journal(dataDir, key, lock, syncFile, warn, now, options.keySlots);
    const fresh = analysis.empty && head.state === 'missing';
    if (fresh) {
      await journal.startGeneration({ generation: 0, journalId: randomUUID(), deviceId: options.deviceId ?? `desktop-${randomBytes(8).toString('hex')}`, headVersion: 0 });
      return journal;
    }
    if (head.state === 'missing') analysis.problems.push('its head file (the record of how long it is) is missing, so a journal cut short could not have been noticed');
    journal.replay(analysis.valid.map((v) => v.record));
    const identity = identityOf(analysis, head, options.deviceId);
    const headVersion = head.state === 'ok' ? head.head.version : 0;

    if (analysis.problems.length > 0) {
      const damageOnlyHead = analysis.problems.length === 1 && head.state === 'missing' && analysis.lines.length === analysis.valid.length && analysis.tornTailBytes === 0;
      await journal.salvage(analysis, identity, headVersion, damageOnlyHead);
      return journal;
    }
    await journal.resume(analysis, identity, headVersion);
    if (options.compaction && journal.shouldCompact(options.compaction, analysis.lines.length)) await journal.compact(options.compaction);
    return journal;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function currentGeneration(dataDir: string, head: HeadReading): Promise<number> {
  const names = await readdir(dataDir);
  const generations = names.flatMap((name) => {
    const match = JOURNAL_FILE_PATTERN.exec(name);
    return match ? [Number(match[1])] : [];
  });
  const current = head.state === 'ok' ? head.head.generation : generations.length > 0 ? Math.max(...generations) : 0;
  // Leftovers of a compaction: older generations (done, not yet deleted) and newer ones the head never named (interrupted).
  for (const generation of generations) if (generation !== current) await unlink(join(dataDir, journalFileName(generation))).catch(() => undefined);
  return current;
}

function identityOf(analysis: Analysis, head: HeadReading, deviceId: string | undefined): { journalId: string; deviceId: string; generation: number } {
  const header = analysis.valid.find((v) => v.record.kind === 'header')?.record;
  if (header?.kind === 'header') return { journalId: header.journalId, deviceId: header.deviceId, generation: analysis.generation };
  if (head.state === 'ok') return { journalId: head.head.journalId, deviceId: head.head.deviceId, generation: analysis.generation };
  return { journalId: randomUUID(), deviceId: deviceId ?? `desktop-${randomBytes(8).toString('hex')}`, generation: analysis.generation };
}

async function analyse(dataDir: string, generation: number, key: Buffer, head: HeadReading): Promise<Analysis> {
  const path = join(dataDir, journalFileName(generation));
  let content: Buffer;
  let missing = false;
  try {
    content = await readFile(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
    content = Buffer.alloc(0);
    missing = true;
  }
  const problems: string[] = [];
  const completeLength = content.lastIndexOf(LINE_FEED) + 1;
  const tail = content.subarray(completeLength).toString('latin1').replace(/\0+$/, '');
  const lines: ReadLine[] = content
    .subarray(0, completeLength)
    .toString('latin1')
    .split('\n')
    .slice(0, -1)
    .map((line, index) => {
      const decoded = decodeLine(key, line);
      if (!decoded.ok) return { index, line, clear: decoded.clear, record: null, reason: decoded.reason };
      const parsed = JournalRecord.safeParse(decoded.record);
      if (!parsed.success) return { index, line, clear: decoded.clear, record: null, reason: `unexpected record (${parsed.error.issues[0]?.message ?? 'invalid'})` };
      if (parsed.data.kind !== decoded.clear.k) return { index, line, clear: decoded.clear, record: null, reason: 'its kind does not match its label' };
      return { index, line, clear: decoded.clear, record: parsed.data, reason: null };
    });

  const headOk = head.state === 'ok' && head.head.generation === generation ? head.head : null;
  let tornTailBytes = 0;
  if (tail.length > 0) {
    const lastN = Math.max(-1, ...lines.flatMap((l) => (l.record && l.clear ? [l.clear.n] : [])));
    // A crash mid-append: the start of a line the head never counted. Anything else is damage.
    if (looksLikeTornLine(tail) && (!headOk || headOk.n <= lastN)) tornTailBytes = content.length - completeLength;
    else problems.push(`it ends with ${content.length - completeLength} bytes that are not a journal record`);
  }
  const unreadable = lines.filter((l) => l.record === null);
  if (unreadable.length > 0) problems.push(`${unreadable.length} record${unreadable.length === 1 ? '' : 's'} could not be read (${unreadable.map((l) => `line ${l.index + 1}: ${l.reason}`).slice(0, 3).join('; ')})`);

  // The chain: each readable record must follow the one before it in position and hash.
  const readable = lines.filter((l): l is ReadLine & { clear: LineClear; record: JournalRecord } => l.record !== null && l.clear !== null);
  const byPosition = new Map<number, (typeof readable)[number]>();
  let outOfOrder = false;
  let duplicates = 0;
  let previous = -1;
  for (const line of readable) {
    if (byPosition.has(line.clear.n)) {
      duplicates += 1;
      continue;
    }
    if (line.clear.n < previous) outOfOrder = true;
    previous = line.clear.n;
    byPosition.set(line.clear.n, line);
  }
  const ordered = [...byPosition.values()].sort((a, b) => a.clear.n - b.clear.n);
  if (outOfOrder) problems.push('its records are out of order');
  if (duplicates > 0) problems.push(`${duplicates} record${duplicates === 1 ? ' appears' : 's appear'} twice`);
  if (ordered.length > 0 && ordered[0]?.clear.n !== 0) problems.push('its header record is missing');
  const gaps: number[] = [];
  for (let index = 1; index < ordered.length; index++) {
    const before = ordered[index - 1];
    const current = ordered[index];
    if (!before || !current) continue;
    if (current.clear.n !== before.clear.n + 1) gaps.push(current.clear.n - before.clear.n - 1);
    else if (current.clear.p !== lineHash(before.line)) problems.push(`record ${current.clear.n} does not follow the record before it`);
  }
  const missingRecords = gaps.reduce((sum, gap) => sum + gap, 0);
  if (missingRecords > 0 && unreadable.length < missingRecords) problems.push(`${missingRecords - unreadable.length} record${missingRecords - unreadable.length === 1 ? ' is' : 's are'} missing from the middle`);

  if (headOk) {
    const last = ordered.at(-1);
    if (missing) problems.push('the file is missing');
    else if (!last) problems.push(lines.length === 0 ? 'the file is empty' : 'no record in it could be read');
    else if (last.clear.n < headOk.n) problems.push(`it was cut short: it ends at record ${last.clear.n}, but ${headOk.n} had been written`);
    else {
      const anchored = byPosition.get(headOk.n);
      if (anchored && lineHash(anchored.line) !== headOk.hash) problems.push(`record ${headOk.n} is not the one that was written`);
    }
  } else if (head.state === 'unreadable') {
    problems.push('its head file could not be read');
  } else if (head.state === 'ok' && head.head.generation !== generation) {
    problems.push(`its current file (generation ${head.head.generation}) is missing`);
  }

  return {
    generation,
    path,
    lines,
    valid: ordered.map((l) => ({ clear: l.clear, record: l.record, line: l.line })),
    problems,
    tornTailBytes,
    head,
    empty: lines.length === 0 && tail.length === 0,
  };
}

async function truncateTo(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Unsynced work named by a journal's clear manifests, readable without its key: what a lost key
 * costs. Reads every generation file in the folder; damaged lines count where their clear part survived.
 */
export async function readUnsyncedManifest(dataDir: string): Promise<{ lost: LostWork[]; records: number }> {
  const names = (await readdir(dataDir).catch(() => [] as string[])).filter((name) => JOURNAL_FILE_PATTERN.test(name));
  const pending = new Map<string, ManifestEntry>();
  let records = 0;
  for (const name of names) {
    const content = await readFile(join(dataDir, name), 'latin1').catch(() => '');
    for (const line of content.split('\n')) {
      const clear = decodeClear(line);
      if (!clear) continue;
      records += 1;
      for (const entry of clear.u ?? []) pending.set(entry.e, entry);
      for (const id of clear.s ?? []) pending.delete(id);
    }
  }
  return { lost: [...pending.values()].map(toLostWork), records };
}

/** The wrapped key slots this journal carries in the clear (the last header or key record), or null. */
export async function readJournalKeySlots(dataDir: string): Promise<unknown> {
  const names = (await readdir(dataDir).catch(() => [] as string[])).filter((name) => JOURNAL_FILE_PATTERN.test(name));
  let found: unknown = null;
  let best = -1;
  for (const name of names) {
    const generation = Number(JOURNAL_FILE_PATTERN.exec(name)?.[1] ?? -1);
    const content = await readFile(join(dataDir, name), 'latin1').catch(() => '');
    let slots: unknown = null;
    for (const line of content.split('\n')) {
      const clear = decodeClear(line);
      if (clear?.keys !== undefined) slots = clear.keys;
    }
    if (slots !== null && generation > best) {
      best = generation;
      found = slots;
    }
  }
  return found;
}

function toLostWork(entry: ManifestEntry): LostWork {
  return { eventId: entry.e, caseId: entry.c, type: entry.t, at: entry.a };
}

function manifestOf(event: CaseEventEnvelope): ManifestEntry {
  return { e: event.id, c: event.caseId, t: event.type, a: event.at };
}

export class Journal {
  private readonly entries = new Map<string, Entry>();
  private readonly byCase = new Map<string, Set<Entry>>();
  /** Ids of local events awaiting the service, in the order they were recorded. */
  private readonly unsyncedIds = new Set<string>();
  private readonly rejectedIds: string[] = [];
  /** Append-only log of changes so `since` reads only what changed; each kind is checked against its latest change. */
  private changes: { localSeq: number; kind: 'event' | 'removal' | 'snapshot'; id: string }[] = [];
  /** `foldedAt`: when this desktop folded the case, what the retention is measured from. */
  private readonly snapshots = new Map<string, { seq: number; localSeq: number; state: CaseState; foldedAt: number }>();
  private readonly removals = new Map<string, number>();
  private removalFloor = 0;
  private readonly noticeList = new Map<string, StorageNotice>();
  private changeListeners = new Set<(localSeq: number) => void>();
  private noticeListeners = new Set<(notices: StorageNotice[]) => void>();
  private currentLocalSeq = 0;
  private pullCursor = 0;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private broken: Error | null = null;
  private closed = false;
  private handle: FileHandle | null = null;
  private headWriter: HeadWriter | null = null;
  private lastN = -1;
  private lastHash = '';
  private fileBytes = 0;
  private recordsInFile = 0;
  private headWarned = false;
  private recentUnsynced: ManifestEntry[] = [];
  private identity = { journalId: '', deviceId: '', generation: 0 };

  /** @internal use openJournal */
  constructor(
    readonly dataDir: string,
    private readonly key: Buffer,
    private readonly lock: DataDirLock,
    private readonly syncFile: (handle: FileHandle) => Promise<void>,
    private readonly warn: (message: string) => void,
    private readonly now: () => number,
    private keySlots: unknown,
  ) {}

  /** Stable id of this device, created with the journal. */
  get deviceId(): string {
    return this.identity.deviceId;
  }
  get journalId(): string {
    return this.identity.journalId;
  }
  get generation(): number {
    return this.identity.generation;
  }
  /** The current generation's file. */
  get path(): string {
    return join(this.dataDir, journalFileName(this.identity.generation));
  }
  get localSeq(): number {
    return this.currentLocalSeq;
  }
  get cursor(): number {
    return this.pullCursor;
  }
  get pendingCount(): number {
    return this.unsyncedIds.size;
  }
  /** Records and bytes in the current generation's file (what compaction bounds). */
  get size(): { records: number; bytes: number; events: number; snapshots: number } {
    return { records: this.recordsInFile, bytes: this.fileBytes, events: this.entries.size, snapshots: this.snapshots.size };
  }

  get rejected(): z.infer<typeof RejectedEvent>[] {
    return this.rejectedIds.flatMap((id) => {
      const entry = this.entries.get(id);
      if (!entry || entry.rejectedReason === null) return [];
      return [{ eventId: id, caseId: entry.event.caseId, type: entry.event.type, reason: entry.rejectedReason }];
    });
  }

  /** What the agent must be told about this desktop's storage, oldest first, until dismissed. */
  get notices(): StorageNotice[] {
    return [...this.noticeList.values()];
  }

  get(eventId: string): StoredEventWithSeq | undefined {
    const entry = this.entries.get(eventId);
    return entry ? toStored(entry) : undefined;
  }

  /** Local events the service has not confirmed or refused, oldest first (optionally only those matching `include`). */
  unsynced(limit = Number.POSITIVE_INFINITY, include: (event: CaseEventEnvelope) => boolean = () => true): CaseEventEnvelope[] {
    const result: CaseEventEnvelope[] = [];
    for (const id of this.unsyncedIds) {
      if (result.length >= limit) break;
      const entry = this.entries.get(id);
      if (entry && include(entry.event)) result.push(entry.event);
    }
    return result;
  }

  /** Every change after `afterLocalSeq`, each item once at its latest change. */
  since(afterLocalSeq: number): JournalChanges {
    // Removals older than the floor were forgotten at a compaction: a reader that far behind starts over.
    if (afterLocalSeq > 0 && afterLocalSeq < this.removalFloor) return { ...this.changesAfter(0), reset: true };
    return this.changesAfter(afterLocalSeq);
  }

  private changesAfter(afterLocalSeq: number): JournalChanges {
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.changes[mid]?.localSeq ?? 0) <= afterLocalSeq) low = mid + 1;
      else high = mid;
    }
    const result: JournalChanges = { events: [], localSeq: this.currentLocalSeq, removedCaseIds: [], snapshots: [], reset: false };
    for (let index = low; index < this.changes.length; index++) {
      const change = this.changes[index];
      if (!change) continue;
      // Only an item's latest change carries it, so each appears once.
      if (change.kind === 'event') {
        const entry = this.entries.get(change.id);
        if (entry && entry.localSeq === change.localSeq) result.events.push(toStored(entry));
      } else if (change.kind === 'removal') {
        if (this.removals.get(change.id) === change.localSeq) result.removedCaseIds.push(change.id);
      } else {
        const snapshot = this.snapshots.get(change.id);
        if (snapshot && snapshot.localSeq === change.localSeq) result.snapshots.push({ caseId: change.id, seq: snapshot.seq, localSeq: snapshot.localSeq, state: snapshot.state });
      }
    }
    return result;
  }

  /** A case's events: those the service ordered (by sequence), then this desktop's unsynced ones in the order recorded. */
  eventsForCase(caseId: string): StoredEventWithSeq[] {
    const entries = [...(this.byCase.get(caseId) ?? [])];
    const synced = entries.filter((e) => e.seq !== null && e.synced).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    const local = entries.filter((e) => !(e.seq !== null && e.synced)).sort((a, b) => a.localSeq - b.localSeq);
    return [...synced, ...local].map(toStored);
  }

  /**
   * How many of a case's events, in the service's order, this desktop holds without a gap: its
   * snapshot's and the synced ones up to the pull cursor (an own event acknowledged past the cursor
   * may have others' events before it not pulled yet). What an event recorded now has seen, for
   * telling concurrent changes apart.
   */
  syncedEventCount(caseId: string): number {
    let count = this.snapshots.get(caseId)?.state.eventCount ?? 0;
    for (const entry of this.byCase.get(caseId) ?? []) if (entry.synced && entry.seq !== null && entry.seq <= this.pullCursor) count += 1;
    return count;
  }

  /** The state a folded case was snapshotted at, if its early events were compacted away. */
  snapshotOf(caseId: string): { seq: number; state: CaseState; foldedAt: number } | undefined {
    return this.snapshots.get(caseId);
  }

  /** Case ids this journal holds anything of. */
  caseIds(): string[] {
    return [...new Set([...this.byCase.keys(), ...this.snapshots.keys()])];
  }

  /** Called after every durable change with the new local sequence. */
  onChange(listener: (localSeq: number) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onNoticesChange(listener: (notices: StorageNotice[]) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /**
   * Records a local event durably. Idempotent on the event id: a second append of an id
   * already stored writes nothing and returns the stored event with `created: false`.
   */
  appendLocal(event: CaseEventEnvelope): Promise<{ stored: StoredEventWithSeq; created: boolean }> {
    return this.serialized(async () => {
      const existing = this.entries.get(event.id);
      if (existing) return { stored: toStored(existing), created: false };
      await this.write({ kind: 'local', event }, { u: [manifestOf(event)] });
      const entry = this.entries.get(event.id);
      if (!entry) throw new JournalError('internal: appended event missing from the index');
      return { stored: toStored(entry), created: true };
    });
  }

  /**
   * Stores pulled events and the cursor after them in one record, so a crash can never leave
   * the cursor past data we do not have. Events we already hold are stored once; our own
   * unsynced events coming back count as acknowledged. Returns how many entries changed.
   */
  storePulled(events: SequencedEvent[], cursor: number): Promise<number> {
    return this.serialized(async () => {
      const nextCursor = Math.max(cursor, this.pullCursor);
      if (events.length === 0 && nextCursor === this.pullCursor) return 0;
      const before = this.currentLocalSeq;
      const settles = events.flatMap(({ event }) => (this.unsyncedIds.has(event.id) ? [event.id] : []));
      await this.write({ kind: 'pulled', events, cursor: nextCursor }, settles.length > 0 ? { s: settles } : {});
      return this.currentLocalSeq - before;
    });
  }

  recordAcks(acks: JournalAck[]): Promise<void> {
    return this.serialized(async () => {
      const relevant = acks.filter((ack) => this.unsyncedIds.has(ack.eventId));
      if (relevant.length > 0) await this.write({ kind: 'acked', acks: relevant }, { s: relevant.map((a) => a.eventId) });
    });
  }

  recordRejections(rejections: JournalRejection[]): Promise<void> {
    return this.serialized(async () => {
      const relevant = rejections.filter((r) => this.unsyncedIds.has(r.eventId));
      if (relevant.length > 0) await this.write({ kind: 'rejected', rejections: relevant }, { s: relevant.map((r) => r.eventId) });
    });
  }

  /** These cases left the desktop's scope: their synced data is removed here (and from the renderer's read model). */
  recordScopeLeft(caseIds: string[], reason?: string): Promise<void> {
    return this.serialized(async () => {
      const held = caseIds.filter((caseId) => this.byCase.has(caseId) || this.snapshots.has(caseId));
      if (held.length > 0) await this.write({ kind: 'scopeLeft', caseIds: held, ...(reason ? { reason } : {}) }, {});
    });
  }

  /** Tells the agent something about this desktop's storage; kept (encrypted) until dismissed. */
  addNotice(notice: Omit<StorageNotice, 'id' | 'at'>): Promise<StorageNotice> {
    return this.serialized(async () => {
      const full: StorageNotice = { ...notice, id: randomUUID(), at: new Date(this.now()).toISOString() };
      await this.write({ kind: 'notice', notice: full }, {});
      return full;
    });
  }

  dismissNotice(id: string): Promise<void> {
    return this.serialized(async () => {
      if (this.noticeList.has(id)) await this.write({ kind: 'noticeDismissed', id }, {});
    });
  }

  /** The data key was wrapped anew (a password change): keep the new wrapping beside the data too. */
  updateKeySlots(slots: unknown): Promise<void> {
    return this.serialized(async () => {
      this.keySlots = slots;
      await this.write({ kind: 'keys' }, { keys: slots });
    });
  }

  /** Whether a compaction would drop, fold or shrink enough to be worth a rewrite. */
  shouldCompact(policy: CompactionPolicy, recordsInFile = this.recordsInFile): boolean {
    const plan = this.planCompaction(policy);
    if (plan.drop.size > 0 || plan.snapshot.size > 0 || plan.retire.size > 0) return true;
    const compactedRecords = 3 + Math.ceil(this.entries.size / CHUNK) + Math.ceil(this.snapshots.size / CHUNK);
    return recordsInFile > 64 && recordsInFile > 4 * compactedRecords;
  }

  /**
   * Rewrites the journal as a new generation holding only the live state: cases out of scope
   * dropped (except unsynced work), finished cases idle past the retention folded into a
   * snapshot, snapshots past the desktop retention (by age or count) dropped altogether, and
   * everything else as dense records. A dropped case leaves the read model through the same
   * removal as a case out of scope. Atomic: the head names the new file only once it is durable;
   * a crash before that leaves the old generation current.
   */
  compact(policy?: CompactionPolicy): Promise<{ dropped: number; snapshotted: number; retired: number }> {
    return this.serialized(async () => {
      const plan = policy ? this.planCompaction(policy) : { drop: new Map<string, CaseState | null>(), snapshot: new Map<string, { seq: number; state: CaseState }>(), retire: new Set<string>() };
      for (const caseId of plan.drop.keys()) this.removeCase(caseId);
      for (const caseId of plan.retire) this.removeCase(caseId);
      const foldedAt = policy?.now() ?? this.now();
      for (const [caseId, snapshot] of plan.snapshot) this.snapshotCase(caseId, snapshot.seq, snapshot.state, foldedAt);
      this.forgetOldRemovals();
      await this.rewrite({ generation: this.identity.generation + 1, resetCursor: false });
      return { dropped: plan.drop.size, snapshotted: plan.snapshot.size, retired: plan.retire.size };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue.catch(() => undefined);
    await this.handle?.close();
    await this.headWriter?.close();
    await this.lock.release();
    this.changeListeners.clear();
    this.noticeListeners.clear();
  }

  // ---- opening ---------------------------------------------------------------------------

  /** @internal a new journal: header of generation 0. */
  async startGeneration(identity: { generation: number; journalId: string; deviceId: string; headVersion: number }): Promise<void> {
    this.identity = { journalId: identity.journalId, deviceId: identity.deviceId, generation: identity.generation };
    await this.serialized(() => this.rewrite({ generation: identity.generation, resetCursor: false }));
  }

  /** @internal rebuilds the index from the records read at open */
  replay(records: JournalRecord[]): void {
    for (const record of records) this.apply(record);
    // A compacted generation lists snapshots, entries and removals by kind; since() reads them in change order.
    this.changes.sort((a, b) => a.localSeq - b.localSeq);
  }

  /** @internal a sound journal: continue appending after its last record. */
  async resume(analysis: Analysis, identity: { journalId: string; deviceId: string; generation: number }, headVersion: number): Promise<void> {
    this.identity = identity;
    const last = analysis.valid.at(-1);
    this.lastN = last?.clear.n ?? -1;
    this.lastHash = last ? lineHash(last.line) : '';
    this.recordsInFile = analysis.valid.length;
    this.handle = await open(analysis.path, 'a', 0o600);
    this.fileBytes = (await this.handle.stat()).size;
    if (analysis.head.state !== 'missing') this.headWriter = await HeadWriter.open(join(this.dataDir, HEAD_FILE_NAME), this.key, headVersion, syncHead);
    if (analysis.head.state !== 'ok' || analysis.head.head.n !== this.lastN) await this.writeHead();
  }

  /**
   * @internal Damage found: keep every record that authenticated, set the file aside, start a
   * new generation from what was kept with the cursor at 0 (the service sends everything again),
   * and tell the agent what could not be read.
   */
  async salvage(analysis: Analysis, identity: { journalId: string; deviceId: string; generation: number }, headVersion: number, onlyHeadMissing: boolean): Promise<void> {
    this.identity = identity;
    if (analysis.head.state !== 'missing') this.headWriter = await HeadWriter.open(join(this.dataDir, HEAD_FILE_NAME), this.key, headVersion, syncHead);
    const setAside = onlyHeadMissing ? null : await this.setAside(analysis);
    // Unsynced work the manifests name (damaged lines included, where their clear part survived) that we no longer hold.
    const named = new Map<string, ManifestEntry>();
    for (const line of analysis.lines) {
      for (const entry of line.clear?.u ?? []) named.set(entry.e, entry);
      for (const id of line.clear?.s ?? []) named.delete(id);
    }
    const headOk = analysis.head.state === 'ok' && analysis.head.head.generation === analysis.generation ? analysis.head.head : null;
    for (const entry of headOk?.recent ?? []) named.set(entry.e, entry);
    const lost = [...named.values()].filter((entry) => !this.entries.has(entry.e)).map(toLostWork);
    const headPending = headOk?.pending ?? 0;
    const lostUnsynced = Math.max(lost.length, headPending - this.unsyncedIds.size);
    const unreadable = analysis.lines.length - analysis.valid.length;
    await this.serialized(() => this.rewrite({ generation: identity.generation + 1, resetCursor: !onlyHeadMissing }));
    const problems = analysis.problems.join('; ');
    const notice = onlyHeadMissing
      ? {
          kind: 'head_missing' as const,
          title: 'Local storage check file was missing',
          message: `This desktop's journal had lost its check file (${problems}). Every record in it was read and kept; a new check file was written.`,
          lostUnsynced: 0,
          lost: [],
          setAside: null,
        }
      : {
          kind: 'journal_damaged' as const,
          title: 'Local storage was damaged',
          message:
            `This desktop's journal was damaged: ${problems}. ${analysis.valid.length} record${analysis.valid.length === 1 ? ' was' : 's were'} read and kept` +
            (unreadable > 0 ? `, ${unreadable} could not be read` : '') +
            `. ${lostUnsynced === 0 ? 'No unsynced work was lost.' : `${lostUnsynced} unsynced event${lostUnsynced === 1 ? '' : 's'} recorded on this desktop could not be recovered${lost.length > 0 ? ' (listed below)' : ''}; please record ${lostUnsynced === 1 ? 'it' : 'them'} again.`}` +
            ' Everything already synced is being fetched again from the case service.',
          lostUnsynced,
          lost,
          setAside,
        };
    this.warn(`${notice.title}: ${notice.message}${setAside ? ` The damaged file was moved to ${setAside}.` : ''}`);
    await this.addNotice(notice);
  }

  private async setAside(analysis: Analysis): Promise<string> {
    const dir = join(this.dataDir, DAMAGED_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
    const target = join(dir, `journal-${analysis.generation}-${stamp}.log`);
    let moved = true;
    try {
      await rename(analysis.path, target);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      moved = false;
    }
    // Keep the head that described it, for support.
    const headCopy = await readFile(join(this.dataDir, HEAD_FILE_NAME)).catch(() => null);
    if (headCopy) {
      const handle = await open(`${target}.head`, 'w', 0o600);
      try {
        await handle.writeFile(headCopy);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    await syncDirectory(dir);
    return moved || !headCopy ? target : `${target}.head`;
  }

  // ---- writing ---------------------------------------------------------------------------

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(task, task);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /** Appends one record and fsyncs it; only then is the index updated, the head moved and listeners told. */
  private async write(record: JournalRecord, manifest: Pick<LineClear, 'u' | 's' | 'keys'>): Promise<void> {
    if (this.closed) throw new JournalError(`The journal ${this.path} is closed.`);
    if (this.broken) throw new JournalError(`The journal ${this.path} cannot be written after an earlier failure (${this.broken.message}); restart the console.`);
    const handle = this.handle;
    if (!handle) throw new JournalError('internal: the journal has no open file');
    const clear: LineClear = { n: this.lastN + 1, p: this.lastHash, k: record.kind, ...manifest };
    const text = encodeLine(this.key, clear, record);
    const line = Buffer.from(`${text}\n`, 'latin1');
    const size = this.fileBytes;
    try {
      let written = 0;
      while (written < line.length) {
        const { bytesWritten } = await handle.write(line, written, line.length - written);
        written += bytesWritten;
      }
      await this.syncFile(handle);
    } catch (error) {
      // Cut the partial record off so the next record does not land after garbage; if even that fails, stop writing.
      try {
        await handle.truncate(size);
        await handle.sync();
      } catch (truncateError) {
        this.broken = truncateError as Error;
      }
      throw new JournalError(`Could not save to the journal ${this.path}: ${(error as Error).message}. Nothing was recorded; check free disk space and try again.`);
    }
    this.fileBytes += line.length;
    this.recordsInFile += 1;
    this.lastN = clear.n;
    this.lastHash = lineHash(text);
    const before = this.currentLocalSeq;
    const noticesBefore = this.noticeList.size;
    this.apply(record);
    await this.writeHead();
    if (this.currentLocalSeq !== before) for (const listener of this.changeListeners) listener(this.currentLocalSeq);
    if (record.kind === 'notice' || record.kind === 'noticeDismissed' || this.noticeList.size !== noticesBefore) for (const listener of this.noticeListeners) listener(this.notices);
  }

  private async writeHead(): Promise<void> {
    try {
      this.recentUnsynced = this.recentUnsynced.filter((entry) => this.unsyncedIds.has(entry.e));
      const head: Omit<JournalHead, 'version'> = { ...this.identity, n: this.lastN, hash: this.lastHash, pending: this.unsyncedIds.size, recent: this.recentUnsynced };
      if (this.headWriter) await this.headWriter.write(head);
      else this.headWriter = await HeadWriter.create(join(this.dataDir, HEAD_FILE_NAME), this.key, head, syncHead);
    } catch (error) {
      // The record itself is durable; a head that lags only weakens the check for a journal cut short.
      if (!this.headWarned) this.warn(`The journal's head file could not be updated: ${(error as Error).message}`);
      this.headWarned = true;
    }
  }

  /**
   * Writes the whole live state as a new generation file, fsyncs it, then moves the head to it
   * (the commit point) and removes the old file.
   */
  private async rewrite(options: { generation: number; resetCursor: boolean }): Promise<void> {
    if (options.resetCursor) this.pullCursor = 0;
    const records: { record: JournalRecord; manifest: Pick<LineClear, 'u' | 's' | 'keys'> }[] = [];
    records.push({
      record: { kind: 'header', format: JOURNAL_FORMAT, journalId: this.identity.journalId, deviceId: this.identity.deviceId, createdAt: new Date(this.now()).toISOString(), generation: options.generation },
      manifest: this.keySlots !== undefined ? { keys: this.keySlots } : {},
    });
    records.push({ record: { kind: 'base', cursor: this.pullCursor, localSeq: this.currentLocalSeq, removalFloor: this.removalFloor }, manifest: {} });
    const snapshots: CaseSnapshot[] = [...this.snapshots].map(([caseId, s]) => ({ caseId, seq: s.seq, localSeq: s.localSeq, state: s.state, foldedAt: new Date(s.foldedAt).toISOString() }));
    for (let i = 0; i < snapshots.length; i += CHUNK) records.push({ record: { kind: 'snapshots', snapshots: snapshots.slice(i, i + CHUNK) }, manifest: {} });
    const entries: CompactedEntry[] = [...this.entries.values()]
      .sort((a, b) => a.localSeq - b.localSeq)
      .map((e) => ({ event: e.event, seq: e.seq, synced: e.synced, localSeq: e.localSeq, rejectedReason: e.rejectedReason }));
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const unsynced = chunk.filter((e) => this.unsyncedIds.has(e.event.id)).map((e) => manifestOf(e.event));
      records.push({ record: { kind: 'entries', entries: chunk }, manifest: unsynced.length > 0 ? { u: unsynced } : {} });
    }
    const removals = [...this.removals].map(([caseId, localSeq]) => ({ caseId, localSeq }));
    for (let i = 0; i < removals.length; i += CHUNK * 4) records.push({ record: { kind: 'removals', removals: removals.slice(i, i + CHUNK * 4) }, manifest: {} });
    for (const notice of this.noticeList.values()) records.push({ record: { kind: 'notice', notice }, manifest: {} });

    const path = join(this.dataDir, journalFileName(options.generation));
    const lines: string[] = [];
    let previousHash = '';
    records.forEach(({ record, manifest }, n) => {
      const text = encodeLine(this.key, { n, p: previousHash, k: record.kind, ...manifest }, record);
      lines.push(text);
      previousHash = lineHash(text);
    });
    const content = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'latin1');
    const writer = await open(path, 'w', 0o600);
    try {
      await writer.writeFile(content);
      await this.syncFile(writer);
    } catch (error) {
      await unlink(path).catch(() => undefined);
      throw new JournalError(`Could not write the journal ${path}: ${(error as Error).message}. Check free disk space.`);
    } finally {
      await writer.close();
    }
    await syncDirectory(this.dataDir);
    // Appends go through an O_APPEND handle, so a record cut off after a failed write never leaves a hole.
    const handle = await open(path, 'a', 0o600);
    const oldHandle = this.handle;
    const oldGeneration = this.identity.generation;
    this.handle = handle;
    this.identity = { ...this.identity, generation: options.generation };
    this.lastN = records.length - 1;
    this.lastHash = previousHash;
    this.fileBytes = content.length;
    this.recordsInFile = records.length;
    await this.writeHead(); // the commit point: from here on the new generation is the journal
    if (oldHandle) await oldHandle.close();
    if (oldGeneration !== options.generation) await unlink(join(this.dataDir, journalFileName(oldGeneration))).catch(() => undefined);
  }

  // ---- the index -------------------------------------------------------------------------

  private planCompaction(policy: CompactionPolicy): { drop: Map<string, CaseState | null>; snapshot: Map<string, { seq: number; state: CaseState }>; retire: Set<string> } {
    const drop = new Map<string, CaseState | null>();
    const snapshot = new Map<string, { seq: number; state: CaseState }>();
    const now = policy.now();
    const retire = this.planRetirement(now, policy.retention ?? DESKTOP_RETENTION);
    for (const caseId of this.caseIds()) {
      const entries = [...(this.byCase.get(caseId) ?? [])];
      const folded = this.foldSynced(caseId);
      if (!folded) continue;
      if (policy.inScope && !policy.inScope(folded.state)) {
        // Synced data goes; unsynced work stays (removeCase keeps it) until it is sent.
        if (entries.some((e) => e.synced) || this.snapshots.has(caseId)) drop.set(caseId, folded.state);
        continue;
      }
      // Unsynced or refused work keeps the whole case as it is until it is settled.
      if (entries.some((e) => !e.synced)) continue;
      const finished = folded.state.status === 'resolved' || folded.state.status === 'closed';
      const idleMs = now - Date.parse(folded.state.updatedAt);
      if (finished && folded.state.conflicts.length === 0 && idleMs > policy.finishedRetentionMs && entries.length > 0 && folded.complete) snapshot.set(caseId, { seq: folded.seq, state: folded.state });
    }
    for (const caseId of drop.keys()) retire.delete(caseId);
    return { drop, snapshot, retire };
  }

  /**
   * Finished cases held only as a snapshot that the desktop retention lets go: the service's rule
   * (by the case's last change; counting only snapshots, so never more than the service counts),
   * and only once folded here longer ago than the grace, so the journal never drops a case the
   * service still counts as held — one it would later send only new events of. A case with any
   * event beside its snapshot (unsynced work above all) is not a candidate.
   */
  private planRetirement(now: number, retention: DesktopRetention): Set<string> {
    const candidates = [...this.snapshots].flatMap(([caseId, s]) => (this.byCase.has(caseId) || !isFinished(s.state.status) ? [] : [{ caseId, status: s.state.status, at: s.state.updatedAt }]));
    const graceEnds = now - retention.desktopGraceDays * DAY_MS;
    return new Set([...retiredCases(candidates, now, retention)].filter((caseId) => (this.snapshots.get(caseId)?.foldedAt ?? now) <= graceEnds));
  }

  /** The case folded over its snapshot and synced events; `complete` when every event could be read by this build. */
  private foldSynced(caseId: string): { state: CaseState; seq: number; complete: boolean } | null {
    const base = this.snapshots.get(caseId);
    const entries = [...(this.byCase.get(caseId) ?? [])].filter((e) => e.synced && e.seq !== null).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    let state: CaseState | null = base ? structuredClone(base.state) : null;
    let complete = true;
    let seq = base?.seq ?? 0;
    for (const entry of entries) {
      const parsed = parseCaseEvent(entry.event);
      if (parsed.ok) state = applyCaseEvent(state, parsed.event);
      else complete = false;
      seq = Math.max(seq, entry.seq ?? 0);
    }
    return state ? { state, seq, complete } : null;
  }

  private apply(record: JournalRecord): void {
    switch (record.kind) {
      case 'header':
        this.identity = { journalId: record.journalId, deviceId: record.deviceId, generation: record.generation };
        return;
      case 'base':
        this.pullCursor = Math.max(this.pullCursor, record.cursor);
        this.currentLocalSeq = Math.max(this.currentLocalSeq, record.localSeq);
        this.removalFloor = Math.max(this.removalFloor, record.removalFloor);
        return;
      case 'snapshots':
        for (const snapshot of record.snapshots) {
          const state = snapshot.state as CaseState;
          // Written before snapshots carried the time: folded at the earliest a week after its last change.
          const foldedAt = (snapshot.foldedAt ? Date.parse(snapshot.foldedAt) : Date.parse(state.updatedAt) + DEFAULT_FINISHED_RETENTION_MS) || 0;
          this.snapshots.set(snapshot.caseId, { seq: snapshot.seq, localSeq: snapshot.localSeq, state, foldedAt });
          this.changes.push({ localSeq: snapshot.localSeq, kind: 'snapshot', id: snapshot.caseId });
          this.currentLocalSeq = Math.max(this.currentLocalSeq, snapshot.localSeq);
        }
        return;
      case 'entries':
        for (const compacted of record.entries) {
          if (this.entries.has(compacted.event.id)) continue;
          const entry: Entry = { event: compacted.event, seq: compacted.seq, synced: compacted.synced, localSeq: compacted.localSeq, rejectedReason: compacted.rejectedReason };
          this.entries.set(entry.event.id, entry);
          this.indexByCase(entry);
          if (!entry.synced && entry.rejectedReason === null) this.unsyncedIds.add(entry.event.id);
          if (entry.rejectedReason !== null) this.rejectedIds.push(entry.event.id);
          this.changes.push({ localSeq: entry.localSeq, kind: 'event', id: entry.event.id });
          this.currentLocalSeq = Math.max(this.currentLocalSeq, entry.localSeq);
        }
        return;
      case 'removals':
        for (const removal of record.removals) {
          this.removals.set(removal.caseId, removal.localSeq);
          this.changes.push({ localSeq: removal.localSeq, kind: 'removal', id: removal.caseId });
          this.currentLocalSeq = Math.max(this.currentLocalSeq, removal.localSeq);
        }
        return;
      case 'local': {
        if (this.entries.has(record.event.id)) return;
        const entry: Entry = { event: record.event, seq: null, synced: false, localSeq: 0, rejectedReason: null };
        this.entries.set(entry.event.id, entry);
        this.indexByCase(entry);
        this.unsyncedIds.add(entry.event.id);
        this.recentUnsynced = [...this.recentUnsynced, manifestOf(entry.event)].slice(-HEAD_RECENT);
        this.touch(entry);
        return;
      }
      case 'pulled': {
        for (const { seq, event } of record.events) {
          const existing = this.entries.get(event.id);
          if (!existing) {
            const snapshot = this.snapshots.get(event.caseId);
            if (snapshot && seq <= snapshot.seq) continue; // already folded into the snapshot
            const entry: Entry = { event, seq, synced: true, localSeq: 0, rejectedReason: null };
            this.entries.set(event.id, entry);
            this.indexByCase(entry);
            this.removals.delete(event.caseId);
            this.touch(entry);
          } else if (!existing.synced) {
            this.markSynced(existing, seq);
          }
        }
        this.pullCursor = Math.max(this.pullCursor, record.cursor);
        return;
      }
      case 'acked':
        for (const ack of record.acks) {
          const entry = this.entries.get(ack.eventId);
          if (entry && !entry.synced) this.markSynced(entry, ack.seq);
        }
        return;
      case 'rejected':
        for (const rejection of record.rejections) {
          const entry = this.entries.get(rejection.eventId);
          if (!entry || entry.synced || !this.unsyncedIds.has(rejection.eventId)) continue;
          entry.rejectedReason = rejection.reason;
          this.unsyncedIds.delete(rejection.eventId);
          this.rejectedIds.push(rejection.eventId);
          this.touch(entry);
        }
        return;
      case 'scopeLeft':
        for (const caseId of record.caseIds) this.removeCase(caseId);
        return;
      case 'notice':
        this.noticeList.set(record.notice.id, record.notice);
        return;
      case 'noticeDismissed':
        this.noticeList.delete(record.id);
        return;
      case 'keys':
        return;
    }
  }

  /** Keeps the removal list bounded: the oldest half goes once it is long, and readers behind it start over. */
  private forgetOldRemovals(): void {
    if (this.removals.size <= MAX_REMEMBERED_REMOVALS) return;
    const oldest = [...this.removals].sort((a, b) => a[1] - b[1]).slice(0, this.removals.size - MAX_REMEMBERED_REMOVALS / 2);
    for (const [caseId, localSeq] of oldest) {
      this.removals.delete(caseId);
      this.removalFloor = Math.max(this.removalFloor, localSeq);
    }
  }

  /** Drops a case's synced events and snapshot; its unsynced work stays and is handed out again after the removal. */
  private removeCase(caseId: string): void {
    const entries = this.byCase.get(caseId) ?? new Set<Entry>();
    const kept = new Set<Entry>();
    for (const entry of entries) {
      if (entry.synced || entry.rejectedReason !== null) {
        this.entries.delete(entry.event.id);
        const rejectedAt = this.rejectedIds.indexOf(entry.event.id);
        if (rejectedAt >= 0) this.rejectedIds.splice(rejectedAt, 1);
      } else kept.add(entry);
    }
    this.snapshots.delete(caseId);
    this.currentLocalSeq += 1;
    this.removals.set(caseId, this.currentLocalSeq);
    this.changes.push({ localSeq: this.currentLocalSeq, kind: 'removal', id: caseId });
    if (kept.size > 0) {
      this.byCase.set(caseId, kept);
      for (const entry of kept) this.touch(entry);
    } else this.byCase.delete(caseId);
  }

  /** Folds a finished case into a snapshot and drops the events it covers. */
  private snapshotCase(caseId: string, seq: number, state: CaseState, foldedAt: number): void {
    const entries = this.byCase.get(caseId) ?? new Set<Entry>();
    for (const entry of entries) {
      if (entry.synced && entry.seq !== null && entry.seq <= seq) {
        this.entries.delete(entry.event.id);
        entries.delete(entry);
      }
    }
    if (entries.size === 0) this.byCase.delete(caseId);
    this.currentLocalSeq += 1;
    this.snapshots.set(caseId, { seq, localSeq: this.currentLocalSeq, state, foldedAt });
    this.changes.push({ localSeq: this.currentLocalSeq, kind: 'snapshot', id: caseId });
  }

  private markSynced(entry: Entry, seq: number): void {
    entry.seq = seq;
    entry.synced = true;
    this.unsyncedIds.delete(entry.event.id);
    if (entry.rejectedReason !== null) {
      // The service holds it after all (e.g. accepted from another device): it is no longer an error.
      entry.rejectedReason = null;
      const index = this.rejectedIds.indexOf(entry.event.id);
      if (index >= 0) this.rejectedIds.splice(index, 1);
    }
    this.touch(entry);
  }

  private touch(entry: Entry): void {
    this.currentLocalSeq += 1;
    entry.localSeq = this.currentLocalSeq;
    this.changes.push({ localSeq: this.currentLocalSeq, kind: 'event', id: entry.event.id });
  }


  private indexByCase(entry: Entry): void {
    const set = this.byCase.get(entry.event.caseId);
    if (set) set.add(entry);
    else this.byCase.set(entry.event.caseId, new Set([entry]));
  }
}

function toStored(entry: Entry): StoredEventWithSeq {
  return { event: entry.event, seq: entry.seq, synced: entry.synced, localSeq: entry.localSeq, rejectedReason: entry.rejectedReason };
}
