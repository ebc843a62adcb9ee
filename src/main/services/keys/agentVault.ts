import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno, writeFileAtomic } from '../storage/atomicFile';
import { JournalKeyError, openJournal, readJournalKeySlots, readUnsyncedManifest, type Journal, type JournalOptions, type LostWork, type StorageNotice } from '../storage/journal';
import { DATA_KEY_BYTES } from '../storage/sealedBox';
import { KeySlots, type KeyProtector, type KeySlot } from './keyStore';

/**
 * Each agent who signs in on this desktop has their own folder (`agents/u-<hash of the user
 * name>/`) with their own journal and data key. The key is random; on disk it exists only
 * wrapped (key slots), in `key.json` and again in the journal's own header, so a key file that
 * goes missing, is damaged or is swapped for another is restored from the journal's copy.
 *
 * Unlocking needs a "password verified for this user" moment (sign-in): the password opens its
 * slot; a keyring slot opens without it. A password changed elsewhere opens nothing: the agent is
 * asked for the previous one, or starts afresh — and is then told exactly which unsynced work
 * stays behind (from the journal's clear manifest). Synced work is fetched again from the service.
 */

export const AGENTS_DIR = 'agents';
export const KEY_FILE_NAME = 'key.json';

export interface AgentVaultOptions {
  /** The desktop's data folder (agents' folders go under `agents/`). */
  dataDir: string;
  /** In order of preference; the first available one is "the backend". */
  protectors: KeyProtector[];
  deviceId: string;
  /** Passed to the journal (warnings, compaction, fsync). */
  journal?: Omit<JournalOptions, 'dataDir' | 'key' | 'deviceId' | 'keySlots'>;
  now?: () => number;
}

export type AgentStore = { state: 'open'; dir: string; key: Buffer; journal: Journal; slots: KeySlots; backend: string };
export type AgentStoreOpening =
  | AgentStore
  | {
      state: 'password_mismatch';
      dir: string;
      /** Unsynced work that starting afresh would leave behind. */
      unsynced: LostWork[];
      message: string;
    };

export function agentDir(dataDir: string, username: string): string {
  const digest = createHash('sha256').update(`agent-console/agent-dir\0${username.trim().toLowerCase()}`).digest('hex').slice(0, 20);
  return join(dataDir, AGENTS_DIR, `u-${digest}`);
}

export function describeBackend(slots: KeySlots): string {
  return slots.slots.map((slot) => (slot.kind === 'safeStorage' ? `safeStorage:${slot.backend}` : slot.kind)).join(' + ');
}

function keyIdOf(key: Buffer): string {
  return createHmac('sha256', key).update('agent-console/key-id/v1').digest('hex').slice(0, 32);
}

/** Opens the agent's store with a password the service (or an offline verifier) has just verified. */
export async function openAgentStore(options: AgentVaultOptions, username: string, password: string): Promise<AgentStoreOpening> {
  const dir = agentDir(options.dataDir, username);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = await readKeyFile(dir);
  const journalSlots = KeySlots.safeParse(await readJournalKeySlots(dir));
  const journalExists = await hasJournal(dir);
  const candidates: { source: 'file' | 'journal'; slots: KeySlots }[] = [];
  if (file.state === 'ok') candidates.push({ source: 'file', slots: file.slots });
  if (journalSlots.success && !candidates.some((c) => c.slots.keyId === journalSlots.data.keyId)) candidates.push({ source: 'journal', slots: journalSlots.data });

  let unwrappedAny = false;
  for (const candidate of candidates) {
    const unwrapped = await unwrapSlots(options.protectors, candidate.slots, password);
    if (!unwrapped) continue;
    unwrappedAny = true;
    let journal: Journal;
    try {
      journal = await openJournal({ ...options.journal, dataDir: dir, key: unwrapped.key, deviceId: options.deviceId, keySlots: candidate.slots });
    } catch (error) {
      if (error instanceof JournalKeyError) continue; // a key file that belongs to another store: try the journal's own copy
      throw error;
    }
    let slots = candidate.slots;
    const refreshed = await refreshSlots(options.protectors, slots, unwrapped.key, unwrapped.opened, password, options.now);
    if (refreshed) slots = refreshed;
    // The journal keeps its own copy of the wrapping, so a lost key file costs nothing: keep it current.
    if (!journalSlots.success || JSON.stringify(journalSlots.data) !== JSON.stringify(slots)) await journal.updateKeySlots(slots);
    if (candidate.source === 'journal' || refreshed) await writeKeyFile(dir, slots);
    if (candidate.source === 'journal' && journalExists) {
      const what = file.state === 'missing' ? 'was missing' : file.state === 'damaged' ? 'was damaged' : 'belonged to other data';
      await journal.addNotice({
        kind: 'key_restored',
        title: 'Local key file restored',
        message: `This desktop's key file for your data ${what}; it was restored from the copy kept with your journal. Nothing was lost.`,
        lostUnsynced: 0,
        lost: [],
        setAside: null,
      });
    }
    return { state: 'open', dir, key: unwrapped.key, journal, slots, backend: describeBackend(slots) };
  }

  if (!journalExists) return createStore(options, dir, password);
  if (candidates.length > 0 && !unwrappedAny) {
    const { lost } = await readUnsyncedManifest(dir);
    return {
      state: 'password_mismatch',
      dir,
      unsynced: lost,
      message:
        `Your data on this desktop was locked with a previous password of yours. Enter that password to unlock it, or start afresh: ` +
        (lost.length === 0 ? 'nothing unsynced would be left behind.' : `${lost.length} unsynced event${lost.length === 1 ? '' : 's'} recorded here would be set aside.`),
    };
  }
  return startAfresh(options, username, password, 'its key is gone');
}

/** The agent remembered the password their data was locked with: unlock with it and wrap the key for the new one. */
export async function openWithPreviousPassword(options: AgentVaultOptions, username: string, previous: string, current: string): Promise<AgentStoreOpening | { state: 'wrong_password' }> {
  const dir = agentDir(options.dataDir, username);
  const candidates = [await readKeyFile(dir), { state: 'ok' as const, slots: KeySlots.safeParse(await readJournalKeySlots(dir)).data }];
  for (const candidate of candidates) {
    if (candidate.state !== 'ok' || !candidate.slots) continue;
    const unwrapped = await unwrapSlots(options.protectors, candidate.slots, previous);
    if (!unwrapped) continue;
    await writeKeyFile(dir, await makeSlots(options.protectors, unwrapped.key, current, options.now));
    return openAgentStore(options, username, current);
  }
  return { state: 'wrong_password' };
}

/** Sets the agent's folder aside (for support) and starts a new one; the notice lists the unsynced work left behind. */
export async function startAfresh(options: AgentVaultOptions, username: string, password: string, why = 'you chose to start afresh'): Promise<AgentStore> {
  const dir = agentDir(options.dataDir, username);
  const { lost } = await readUnsyncedManifest(dir);
  const stamp = new Date((options.now ?? Date.now)()).toISOString().replace(/[:.]/g, '-');
  const setAside = `${dir}.set-aside-${stamp}`;
  try {
    await rename(dir, setAside);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const store = await createStore(options, dir, password);
  await store.journal.addNotice({
    kind: 'key_lost',
    title: 'Local data could not be unlocked',
    message:
      `Your data on this desktop could not be unlocked (${why}). It was set aside, and everything already synced is being fetched again from the case service. ` +
      (lost.length === 0
        ? 'No unsynced work was left behind.'
        : `${lost.length} unsynced event${lost.length === 1 ? '' : 's'} recorded on this desktop could not be recovered (listed below); please record ${lost.length === 1 ? 'it' : 'them'} again.`),
    lostUnsynced: lost.length,
    lost,
    setAside,
  });
  return store;
}

/** A password change: the password slot is made again for the new password (in key.json and the journal). */
export async function rewrapForNewPassword(options: AgentVaultOptions, store: AgentStore, newPassword: string): Promise<AgentStore> {
  const slots = await makeSlots(options.protectors, store.key, newPassword, options.now, store.slots);
  await writeKeyFile(store.dir, slots);
  await store.journal.updateKeySlots(slots);
  return { ...store, slots, backend: describeBackend(slots) };
}

async function createStore(options: AgentVaultOptions, dir: string, password: string): Promise<AgentStore> {
  const key = randomBytes(DATA_KEY_BYTES);
  const slots = await makeSlots(options.protectors, key, password, options.now);
  await writeKeyFile(dir, slots);
  const journal = await openJournal({ ...options.journal, dataDir: dir, key, deviceId: options.deviceId, keySlots: slots });
  return { state: 'open', dir, key, journal, slots, backend: describeBackend(slots) };
}

async function makeSlots(protectors: KeyProtector[], key: Buffer, password: string, now?: () => number, keep?: KeySlots): Promise<KeySlots> {
  const keyId = keyIdOf(key);
  const slots: KeySlot[] = [];
  for (const protector of protectors) {
    if (protector.available()) slots.push(await protector.wrap(key, password, keyId));
    else {
      // A keyring that is away right now keeps its slot for when it is back.
      const kept = keep?.slots.find((slot) => slot.kind === protector.kind);
      if (kept) slots.push(kept);
    }
  }
  if (slots.length === 0) throw new Error('no key protector is available on this desktop');
  return { format: 1, keyId, slots, updatedAt: new Date((now ?? Date.now)()).toISOString() };
}

async function unwrapSlots(protectors: KeyProtector[], slots: KeySlots, password: string): Promise<{ key: Buffer; opened: Set<KeySlot['kind']> } | null> {
  for (const slot of slots.slots) {
    for (const protector of protectors.filter((p) => p.kind === slot.kind && p.available())) {
      const key = await protector.unwrap(slot, password, slots.keyId);
      if (key && keyIdOf(key) === slots.keyId) return { key, opened: new Set([slot.kind]) };
    }
  }
  return null;
}

/**
 * Makes the slots match what this desktop can do now: a keyring that appeared (or changed) gets a
 * slot, and a password slot the verified password did not open (the password was changed while the
 * keyring opened the key) is made again. Returns null when nothing changed.
 */
async function refreshSlots(protectors: KeyProtector[], slots: KeySlots, key: Buffer, opened: Set<KeySlot['kind']>, password: string, now?: () => number): Promise<KeySlots | null> {
  let changed = false;
  const next: KeySlot[] = [];
  for (const protector of protectors) {
    const existing = slots.slots.find((slot) => slot.kind === protector.kind);
    if (!protector.available()) {
      if (existing) next.push(existing);
      continue;
    }
    if (existing && (opened.has(existing.kind) || (existing.kind === 'password-scrypt' && (await protector.unwrap(existing, password, slots.keyId))))) {
      next.push(existing);
      continue;
    }
    next.push(await protector.wrap(key, password, slots.keyId));
    changed = true;
  }
  return changed ? { ...slots, slots: next, updatedAt: new Date((now ?? Date.now)()).toISOString() } : null;
}

async function readKeyFile(dir: string): Promise<{ state: 'missing' } | { state: 'damaged' } | { state: 'ok'; slots: KeySlots }> {
  let raw: string;
  try {
    raw = await readFile(join(dir, KEY_FILE_NAME), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { state: 'missing' };
    throw error;
  }
  try {
    const parsed = KeySlots.safeParse(JSON.parse(raw));
    return parsed.success ? { state: 'ok', slots: parsed.data } : { state: 'damaged' };
  } catch {
    return { state: 'damaged' };
  }
}

async function writeKeyFile(dir: string, slots: KeySlots): Promise<void> {
  await writeFileAtomic(join(dir, KEY_FILE_NAME), Buffer.from(`${JSON.stringify(slots, null, 2)}\n`), 0o600);
}

async function hasJournal(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((name) => /^journal-\d+\.log$/.test(name) || name === 'journal.head');
}

export type { StorageNotice };
