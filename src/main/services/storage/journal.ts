import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import type { RejectedEvent, StoredEvent } from '../../../shared/ipc/contract';
import { SequencedEvent } from '../../../shared/sync/protocol';
import { isErrno, syncDirectory } from './atomicFile';
import { acquireDataDirLock, type DataDirLock } from './dataDirLock';
import { open as openSealed, seal } from './sealedBox';

/**
 * The desktop's durable store: an append-only file of encrypted records, one per line
 * (base64 of iv | AES-256-GCM ciphertext | tag). Every write is fsynced before its promise
 * resolves, so anything this module has acknowledged survives a crash or power cut.
 * On open the records are replayed into an in-memory index.
 *
 * Crash safety: a record is written with one append; a crash mid-write leaves a last line
 * without its newline (a "torn tail"), which is cut off with a warning on the next open —
 * it was never acknowledged. Damage anywhere else, or a key that does not fit, stops the
 * open with an error naming the file; the file itself is never rewritten.
 */

export const JOURNAL_FILE_NAME = 'journal.log';
/** Bumped when the record format changes incompatibly; an older build refuses a newer journal. */
export const JOURNAL_FORMAT = 1;

const Ack = z.object({ eventId: z.string(), seq: z.number().int().positive() });
const Rejection = z.object({ eventId: z.string(), reason: z.string() });

const JournalRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), format: z.number().int().positive(), journalId: z.string(), deviceId: z.string(), createdAt: z.string() }),
  /** An agent's action, accepted on this desktop and not yet confirmed by the service. */
  z.object({ kind: z.literal('local'), event: CaseEventEnvelope }),
  /** Events pulled from the service together with the cursor after them: one record, so the cursor never runs ahead of stored data. */
  z.object({ kind: z.literal('pulled'), events: z.array(SequencedEvent), cursor: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('acked'), acks: z.array(Ack) }),
  /** The service refused these for good: finished with an error, never retried. */
  z.object({ kind: z.literal('rejected'), rejections: z.array(Rejection) }),
]);
type JournalRecord = z.infer<typeof JournalRecord>;

export type JournalAck = z.infer<typeof Ack>;
export type JournalRejection = z.infer<typeof Rejection>;

export type StoredEventWithSeq = StoredEvent & { localSeq: number };

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
/** A record other than the last is damaged. */
export class JournalCorruptError extends JournalError {
  override readonly name = 'JournalCorruptError';
}

export interface JournalOptions {
  dataDir: string;
  key: Buffer;
  fileName?: string;
  warn?: (message: string) => void;
  /** Makes written bytes durable; injectable so tests can observe and fail it. */
  syncFile?: (handle: FileHandle) => Promise<void>;
}

const LINE_FEED = 0x0a;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

export async function openJournal(options: JournalOptions): Promise<Journal> {
  const { dataDir, key } = options;
  const path = join(dataDir, options.fileName ?? JOURNAL_FILE_NAME);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await acquireDataDirLock(path);
  try {
    const records = await readRecords(path, key, warn);
    const handle = await open(path, 'a', 0o600);
    const journal = new Journal(path, key, handle, lock, options.syncFile ?? ((h) => h.sync()));
    if (records.length === 0) {
      await journal.writeHeader();
      await syncDirectory(dataDir);
    } else {
      journal.replay(records, path);
    }
    return journal;
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function readRecords(path: string, key: Buffer, warn: (message: string) => void): Promise<JournalRecord[]> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const completeLength = content.lastIndexOf(LINE_FEED) + 1;
  const tail = content.subarray(completeLength);
  if (tail.length > 0) {
    // A torn write is a prefix of a base64 line, possibly zero-filled by the file system. Anything else is not ours to cut.
    const text = tail.toString('latin1').replace(/\0+$/, '');
    if (!/^[A-Za-z0-9+/=]*$/.test(text)) {
      throw new JournalCorruptError(
        `The journal ${path} ends with ${tail.length} bytes that are not a journal record (at byte ${completeLength}). The file was left untouched; move it aside and start the console again to resync from the case service (events not yet synced stay in the moved file for support to recover).`,
      );
    }
    warn(`The journal ${path} ended with an incomplete record (${tail.length} bytes, from an interrupted write); it was never confirmed and has been removed.`);
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(completeLength);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  const lines = content.subarray(0, completeLength).toString('latin1').split('\n');
  lines.pop(); // the empty string after the final newline
  const records: JournalRecord[] = [];
  let offset = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const record = decodeLine(line, key);
    if (!record.ok) {
      if (index === 0 && (lines.length === 1 || !decodeLine(lines[1] ?? '', key).ok)) {
        throw new JournalKeyError(
          `The journal ${path} cannot be decrypted with this desktop's key: the key was replaced or belongs to another installation. The file was left untouched. Restore the original key (see the key file or OS keyring this data folder used), or move the data folder aside to start fresh and resync from the case service.`,
        );
      }
      throw new JournalCorruptError(
        `The journal ${path} is damaged at record ${index + 1} (byte ${offset}): ${record.reason}. The file was left untouched; move it aside and start the console again to resync from the case service (events not yet synced stay in the moved file for support to recover).`,
      );
    }
    if (index === 0 && record.value.kind !== 'header') throw new JournalCorruptError(`The journal ${path} does not start with a header record; it was left untouched. Move it aside and start again to resync.`);
    if (record.value.kind === 'header' && record.value.format > JOURNAL_FORMAT) {
      throw new JournalError(`The journal ${path} was written by a newer version of Agent Console (format ${record.value.format}, this version reads ${JOURNAL_FORMAT}). Update Agent Console; the file was left untouched.`);
    }
    records.push(record.value);
    offset += line.length + 1;
  }
  return records;
}

function decodeLine(line: string, key: Buffer): { ok: true; value: JournalRecord } | { ok: false; reason: string } {
  if (!BASE64_LINE.test(line)) return { ok: false, reason: 'not an encoded record' };
  let plain: Buffer;
  try {
    plain = openSealed(key, Buffer.from(line, 'base64'));
  } catch {
    return { ok: false, reason: 'it fails authentication' };
  }
  let json: unknown;
  try {
    json = JSON.parse(plain.toString('utf8'));
  } catch {
    return { ok: false, reason: 'it is not valid JSON' };
  }
  const parsed = JournalRecord.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `unexpected record (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  return { ok: true, value: parsed.data };
}

export class Journal {
  private readonly entries = new Map<string, Entry>();
  private readonly byCase = new Map<string, Entry[]>();
  /** Ids of local events awaiting the service, in the order they were recorded. */
  private readonly unsyncedIds = new Set<string>();
  private readonly rejectedIds: string[] = [];
  /** Append-only log of (localSeq, id) so `since` reads only what changed. */
  private readonly changes: { localSeq: number; id: string }[] = [];
  private changeListeners = new Set<(localSeq: number) => void>();
  private currentLocalSeq = 0;
  private pullCursor = 0;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private broken: Error | null = null;
  private closed = false;
  private header: { journalId: string; deviceId: string } = { journalId: '', deviceId: '' };

  /** @internal use openJournal */
  constructor(
    readonly path: string,
    private readonly key: Buffer,
    private readonly handle: FileHandle,
    private readonly lock: DataDirLock,
    private readonly syncFile: (handle: FileHandle) => Promise<void>,
  ) {}

  /** Stable id of this device, created with the journal. */
  get deviceId(): string {
    return this.header.deviceId;
  }
  get journalId(): string {
    return this.header.journalId;
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

  get rejected(): z.infer<typeof RejectedEvent>[] {
    return this.rejectedIds.flatMap((id) => {
      const entry = this.entries.get(id);
      if (!entry || entry.rejectedReason === null) return [];
      return [{ eventId: id, caseId: entry.event.caseId, type: entry.event.type, reason: entry.rejectedReason }];
    });
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

  /** Every stored event whose latest change is after `afterLocalSeq`, in change order. */
  since(afterLocalSeq: number): { events: StoredEventWithSeq[]; localSeq: number } {
    let low = 0;
    let high = this.changes.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.changes[mid]?.localSeq ?? 0) <= afterLocalSeq) low = mid + 1;
      else high = mid;
    }
    const events: StoredEventWithSeq[] = [];
    for (let index = low; index < this.changes.length; index++) {
      const change = this.changes[index];
      const entry = change && this.entries.get(change.id);
      // Only an entry's latest change carries it, so each event appears once.
      if (entry && entry.localSeq === change.localSeq) events.push(toStored(entry));
    }
    return { events, localSeq: this.currentLocalSeq };
  }

  /** A case's events: those the service ordered (by sequence), then this desktop's unsynced ones in the order recorded. */
  eventsForCase(caseId: string): StoredEventWithSeq[] {
    const entries = this.byCase.get(caseId) ?? [];
    const synced = entries.filter((e) => e.seq !== null).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    const local = entries.filter((e) => e.seq === null);
    return [...synced, ...local].map(toStored);
  }

  /** Called after every durable change with the new local sequence. */
  onChange(listener: (localSeq: number) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Records a local event durably. Idempotent on the event id: a second append of an id
   * already stored writes nothing and returns the stored event with `created: false`.
   */
  appendLocal(event: CaseEventEnvelope): Promise<{ stored: StoredEventWithSeq; created: boolean }> {
    return this.serialized(async () => {
      const existing = this.entries.get(event.id);
      if (existing) return { stored: toStored(existing), created: false };
      await this.write({ kind: 'local', event });
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
      await this.write({ kind: 'pulled', events, cursor: nextCursor });
      return this.currentLocalSeq - before;
    });
  }

  recordAcks(acks: JournalAck[]): Promise<void> {
    return this.serialized(async () => {
      const relevant = acks.filter((ack) => this.unsyncedIds.has(ack.eventId));
      if (relevant.length > 0) await this.write({ kind: 'acked', acks: relevant });
    });
  }

  recordRejections(rejections: JournalRejection[]): Promise<void> {
    return this.serialized(async () => {
      const relevant = rejections.filter((r) => this.unsyncedIds.has(r.eventId));
      if (relevant.length > 0) await this.write({ kind: 'rejected', rejections: relevant });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writeQueue.catch(() => undefined);
    await this.handle.close();
    await this.lock.release();
    this.changeListeners.clear();
  }

  /** @internal first record of a new journal */
  async writeHeader(): Promise<void> {
    await this.serialized(() => this.write({ kind: 'header', format: JOURNAL_FORMAT, journalId: randomUUID(), deviceId: `desktop-${randomBytes(8).toString('hex')}`, createdAt: new Date().toISOString() }));
  }

  /** @internal rebuilds the index from the records read at open */
  replay(records: JournalRecord[], path: string): void {
    for (const record of records) this.apply(record);
    if (!this.header.deviceId) throw new JournalCorruptError(`The journal ${path} has no header record; it was left untouched.`);
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writeQueue.then(task, task);
    this.writeQueue = run.catch(() => undefined);
    return run;
  }

  /** Appends one record and fsyncs it; only then is the index updated and listeners told. */
  private async write(record: JournalRecord): Promise<void> {
    if (this.closed) throw new JournalError(`The journal ${this.path} is closed.`);
    if (this.broken) throw new JournalError(`The journal ${this.path} cannot be written after an earlier failure (${this.broken.message}); restart the console.`);
    const line = Buffer.from(`${seal(this.key, Buffer.from(JSON.stringify(record), 'utf8')).toString('base64')}\n`, 'latin1');
    const { size } = await this.handle.stat();
    try {
      let written = 0;
      while (written < line.length) {
        const { bytesWritten } = await this.handle.write(line, written, line.length - written);
        written += bytesWritten;
      }
      await this.syncFile(this.handle);
    } catch (error) {
      // Cut the partial record off so the next record does not land after garbage; if even that fails, stop writing.
      try {
        await this.handle.truncate(size);
        await this.handle.sync();
      } catch (truncateError) {
        this.broken = truncateError as Error;
      }
      throw new JournalError(`Could not save to the journal ${this.path}: ${(error as Error).message}. Nothing was recorded; check free disk space and try again.`);
    }
    const before = this.currentLocalSeq;
    this.apply(record);
    if (this.currentLocalSeq !== before) for (const listener of this.changeListeners) listener(this.currentLocalSeq);
  }

  private apply(record: JournalRecord): void {
    switch (record.kind) {
      case 'header':
        this.header = { journalId: record.journalId, deviceId: record.deviceId };
        return;
      case 'local': {
        if (this.entries.has(record.event.id)) return;
        const entry: Entry = { event: record.event, seq: null, synced: false, localSeq: 0, rejectedReason: null };
        this.entries.set(entry.event.id, entry);
        this.indexByCase(entry);
        this.unsyncedIds.add(entry.event.id);
        this.touch(entry);
        return;
      }
      case 'pulled': {
        for (const { seq, event } of record.events) {
          const existing = this.entries.get(event.id);
          if (!existing) {
            const entry: Entry = { event, seq, synced: true, localSeq: 0, rejectedReason: null };
            this.entries.set(event.id, entry);
            this.indexByCase(entry);
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
    }
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
    this.changes.push({ localSeq: this.currentLocalSeq, id: entry.event.id });
  }

  private indexByCase(entry: Entry): void {
    const list = this.byCase.get(entry.event.caseId);
    if (list) list.push(entry);
    else this.byCase.set(entry.event.caseId, [entry]);
  }
}

function toStored(entry: Entry): StoredEventWithSeq {
  return { event: entry.event, seq: entry.seq, synced: entry.synced, localSeq: entry.localSeq };
}
