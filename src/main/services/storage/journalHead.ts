import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { isErrno, writeFileAtomic } from './atomicFile';
import { ManifestEntry } from './journalLine';
import { open as openSealed, seal } from './sealedBox';

/**
 * The journal's anchor, `journal.head`: which generation file is current, how many records it
 * holds, the hash of the last one and how many events were unsynced after it. Rewritten after
 * every durable append, so a journal cut short at a record boundary (or emptied, or deleted) no
 * longer passes for a shorter valid one. It is also the commit point of a compaction: the new
 * generation counts only once the head names it.
 *
 * Two fixed 4 KiB slots written alternately, each sealed with the data key: a crash mid-write
 * tears at most the slot being written, and the other still holds the state one record earlier.
 */

export const HEAD_FILE_NAME = 'journal.head';
const SLOT_BYTES = 4096;
/** How many of the latest unsynced events the head names, so a journal cut short can say which ones it lost. */
export const HEAD_RECENT = 16;

export const JournalHead = z.object({
  journalId: z.string(),
  deviceId: z.string(),
  generation: z.number().int().nonnegative(),
  /** Position of the last durable record. */
  n: z.number().int().nonnegative(),
  /** Hash of that record's line. */
  hash: z.string(),
  /** Unsynced local events after that record. */
  pending: z.number().int().nonnegative(),
  /** The latest unsynced events (at most HEAD_RECENT): the ones a cut-short journal loses first. */
  recent: z.array(ManifestEntry).max(HEAD_RECENT).default([]),
  /** Bumped on every write, so the newer slot wins. */
  version: z.number().int().nonnegative(),
});
export type JournalHead = z.infer<typeof JournalHead>;

export type HeadReading = { state: 'missing' } | { state: 'unreadable' } | { state: 'ok'; head: JournalHead };

export async function readHead(path: string, key: Buffer): Promise<HeadReading> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { state: 'missing' };
    throw error;
  }
  try {
    const buffer = Buffer.alloc(SLOT_BYTES * 2);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let best: JournalHead | null = null;
    for (let slot = 0; slot < 2; slot++) {
      if (bytesRead < (slot + 1) * SLOT_BYTES) continue;
      const head = decodeSlot(buffer.subarray(slot * SLOT_BYTES, (slot + 1) * SLOT_BYTES), key);
      if (head && (!best || head.version > best.version)) best = head;
    }
    return best ? { state: 'ok', head: best } : { state: 'unreadable' };
  } finally {
    await handle.close();
  }
}

function decodeSlot(slot: Buffer, key: Buffer): JournalHead | null {
  const length = slot.readUInt32BE(0);
  if (length === 0 || length > SLOT_BYTES - 4) return null;
  try {
    const parsed = JournalHead.safeParse(JSON.parse(openSealed(key, slot.subarray(4, 4 + length)).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function encodeSlot(key: Buffer, head: JournalHead): Buffer {
  const sealed = seal(key, Buffer.from(JSON.stringify(head), 'utf8'));
  if (sealed.length > SLOT_BYTES - 4) throw new Error('journal head does not fit its slot');
  const slot = Buffer.alloc(SLOT_BYTES);
  slot.writeUInt32BE(sealed.length, 0);
  sealed.copy(slot, 4);
  return slot;
}

/** Keeps the head file open and writes each new state into the slot not holding the latest. */
export class HeadWriter {
  private version: number;

  private constructor(
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    lastVersion: number,
    private readonly syncFile: (handle: FileHandle) => Promise<void>,
  ) {
    this.version = lastVersion;
  }

  static async open(path: string, key: Buffer, lastVersion: number, syncFile: (handle: FileHandle) => Promise<void>): Promise<HeadWriter> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r+');
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      handle = await open(path, 'w+', 0o600);
      await handle.write(Buffer.alloc(SLOT_BYTES * 2), 0, SLOT_BYTES * 2, 0);
    }
    return new HeadWriter(handle, key, lastVersion, syncFile);
  }

  /** A new head file, created whole (temp file, rename): a crash leaves either no head or a complete one. */
  static async create(path: string, key: Buffer, head: Omit<JournalHead, 'version'>, syncFile: (handle: FileHandle) => Promise<void>): Promise<HeadWriter> {
    const content = Buffer.alloc(SLOT_BYTES * 2);
    encodeSlot(key, { ...head, version: 1 }).copy(content, SLOT_BYTES);
    await writeFileAtomic(path, content);
    return new HeadWriter(await open(path, 'r+'), key, 1, syncFile);
  }

  async write(head: Omit<JournalHead, 'version'>): Promise<void> {
    this.version += 1;
    await this.handle.write(encodeSlot(this.key, { ...head, version: this.version }), 0, SLOT_BYTES, (this.version % 2) * SLOT_BYTES);
    await this.syncFile(this.handle);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
