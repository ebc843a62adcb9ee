import { mkdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Draft, MAX_DRAFTS, type DraftFields, type StorageNotice } from '../../../shared/ipc/contract';
import { isErrno, syncDirectory, writeFileAtomic } from '../storage/atomicFile';
import { DAMAGED_DIR } from '../storage/journal';
import { readOwnerOnlyFile } from '../storage/ownerOnlyFile';
import { open as openSealed, seal } from '../storage/sealedBox';
import type { SyncScheduler } from '../sync/syncEngine';

/**
 * What the agent is typing and has not submitted, kept for them across a restart of the console
 * host: in memory for every read, and in one file in their own folder, sealed with their data key
 * (AES-256-GCM, bound to this purpose), so the text is never readable on disk and another agent on
 * the same desktop — another folder, another key — never sees it. The key is unwrapped only at
 * their sign-in, so the drafts load then.
 *
 * The file is replaced atomically at most once a second (a second after the first change since the
 * last write), never per keystroke, and at once when the workspace closes (sign-out, host shutdown):
 * a crash loses at most the last second of typing. A file that cannot be read does not stop the
 * sign-in: it is set aside for support and the agent is told what could not be restored.
 */
export const DRAFTS_FILE_NAME = 'drafts.sealed';
const AAD = Buffer.from('agent-console/drafts/v1');
/** How long after a change the file is written (changes meanwhile go in the same write). */
export const SAVE_DRAFTS_AFTER_MS = 1_000;
/** A write that failed (a full disk, say) is tried again this much later, or at the next change. */
const RETRY_AFTER_MS = 10_000;
/** All drafts together, serialized, stay under this (the oldest are forgotten past it), so every write stays small. */
export const MAX_DRAFTS_BYTES = 4 * 1024 * 1024;

const DraftsFile = z
  .object({
    format: z.literal(1),
    drafts: z.array(Draft.strict()).max(MAX_DRAFTS),
  })
  .strict();

export interface DraftStore {
  /** Every draft, oldest change first. */
  list(): Draft[];
  /** Keeps a draft (last change last); no fields: it is gone (submitted or emptied). */
  put(key: string, fields: DraftFields): void;
  /** Writes what changed now rather than after the pause. */
  flush(): Promise<void>;
  /** Writes what changed and stops: puts after this are refused. */
  close(): Promise<void>;
}

export interface DraftStoreOptions {
  /** The agent's own folder (keys/agentVault.ts agentDir). */
  dir: string;
  /** The agent's data key, unwrapped at their sign-in. */
  key: Buffer;
  scheduler: Pick<SyncScheduler, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** Tells the agent something about this desktop's storage (the journal's notices, shown until dismissed). */
  addNotice(notice: Omit<StorageNotice, 'id' | 'at'>): Promise<unknown>;
  warn(message: string): void;
  logError(message: string, error: unknown): void;
  saveAfterMs?: number;
  maxBytes?: number;
}

/** Loads the agent's drafts (setting a damaged file aside, with a notice); never fails a sign-in. */
export async function openDraftStore(options: DraftStoreOptions): Promise<DraftStore> {
  const { dir, key, scheduler, warn, logError } = options;
  const path = join(dir, DRAFTS_FILE_NAME);
  const saveAfterMs = options.saveAfterMs ?? SAVE_DRAFTS_AFTER_MS;
  const maxBytes = options.maxBytes ?? MAX_DRAFTS_BYTES;
  /** By key, in the order of last change; each with its serialized size for the byte bound. */
  const drafts = new Map<string, { fields: DraftFields; bytes: number }>();
  let totalBytes = 0;

  function remove(draftKey: string): void {
    const held = drafts.get(draftKey);
    if (!held) return;
    drafts.delete(draftKey);
    totalBytes -= held.bytes;
  }

  function keep(draftKey: string, fields: DraftFields): void {
    remove(draftKey); // re-inserted last: the map's order is the order of last change
    if (Object.keys(fields).length === 0) return;
    const bytes = Buffer.byteLength(JSON.stringify({ key: draftKey, fields }));
    drafts.set(draftKey, { fields, bytes });
    totalBytes += bytes;
    // The newest draft is always kept, however large (the contract bounds one draft).
    while (drafts.size > 1 && (drafts.size > MAX_DRAFTS || totalBytes > maxBytes)) remove(drafts.keys().next().value as string);
  }

  const loaded = await load(path, key, warn);
  if (loaded.ok) for (const draft of loaded.drafts) keep(draft.key, draft.fields);
  else await setAside(options, path, loaded.why);

  let dirty = false;
  let timer: unknown = null;
  let closed = false;
  let writes: Promise<void> = Promise.resolve();

  function schedule(afterMs: number): void {
    if (timer !== null || closed) return;
    timer = scheduler.setTimeout(() => {
      timer = null;
      void save();
    }, afterMs);
  }

  /** One write at a time, each of the drafts as they are when it starts. */
  function save(): Promise<void> {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
    writes = writes.then(async () => {
      if (!dirty) return;
      dirty = false;
      const snapshot = list();
      try {
        // Nothing left to keep: no file at all, rather than a sealed empty list.
        if (snapshot.length === 0) await removeFile(path);
        else await writeFileAtomic(path, seal(key, Buffer.from(JSON.stringify({ format: 1, drafts: snapshot })), AAD), 0o600);
      } catch (error) {
        dirty = true;
        logError('the drafts could not be saved on this desktop; they are kept in memory and saving is tried again', error);
        schedule(RETRY_AFTER_MS);
      }
    });
    return writes;
  }

  function list(): Draft[] {
    return [...drafts].map(([draftKey, { fields }]) => ({ key: draftKey, fields }));
  }

  return {
    list,
    put(draftKey, fields) {
      if (closed) {
        warn('A draft arrived after the workspace closed and was not kept.');
        return;
      }
      keep(draftKey, fields);
      dirty = true;
      schedule(saveAfterMs);
    },
    flush: save,
    async close() {
      if (closed) return writes;
      closed = true;
      return save();
    },
  };
}

async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

type Loaded = { ok: true; drafts: Draft[] } | { ok: false; why: string };

async function load(path: string, key: Buffer, warn: (message: string) => void): Promise<Loaded> {
  let sealed: Buffer | null;
  try {
    sealed = await readOwnerOnlyFile(path, 'the drafts file', warn);
  } catch (error) {
    return { ok: false, why: `could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  if (!sealed) return { ok: true, drafts: [] };
  let json: unknown;
  try {
    json = JSON.parse(openSealed(key, sealed, AAD).toString('utf8'));
  } catch {
    return { ok: false, why: 'does not open with your key (it is damaged, or belongs to other data)' };
  }
  const parsed = DraftsFile.safeParse(json);
  return parsed.success ? { ok: true, drafts: parsed.data.drafts } : { ok: false, why: 'is not in a form this console reads (it may come from a newer version)' };
}

/** Moves the unreadable file to the folder's `damaged/` (kept for support) and tells the agent. */
async function setAside(options: DraftStoreOptions, path: string, why: string): Promise<void> {
  const damagedDir = join(options.dir, DAMAGED_DIR);
  const stamp = new Date(options.scheduler.now()).toISOString().replace(/[:.]/g, '-');
  let target: string | null = join(damagedDir, `drafts-${stamp}.sealed`);
  try {
    await mkdir(damagedDir, { recursive: true, mode: 0o700 });
    await rename(path, target);
    await syncDirectory(damagedDir);
  } catch (error) {
    options.logError(`the unreadable drafts file ${path} could not be set aside`, error);
    target = null;
  }
  const notice = {
    kind: 'drafts_damaged' as const,
    title: 'Unsent drafts could not be restored',
    message:
      `What you were typing and had not sent yet (a walk-in complaint, a case note, workflow answers) is kept on this desktop, encrypted, but that file ${why}, ` +
      'so it could not be restored: please type it again. Everything you submitted is safe.' +
      (target ? ' The file was set aside for the IT service desk.' : ''),
    lostUnsynced: 0,
    lost: [],
    setAside: target,
  };
  options.warn(`${notice.title}: ${notice.message}${target ? ` It was moved to ${target}.` : ''}`);
  await options.addNotice(notice).catch((error: unknown) => options.logError('the notice about unrestorable drafts could not be recorded', error));
}
