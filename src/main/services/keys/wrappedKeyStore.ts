import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { createFileExclusive, isErrno } from '../storage/atomicFile';
import { createFileKeyStore, FILE_KEY_NAME } from './fileKeyStore';
import { KeyStoreError, type KeyStore } from './keyStore';
import { DATA_KEY_BYTES } from '../storage/sealedBox';

/** The subset of Electron's `safeStorage` we use, so this logic runs and tests without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs it; `basic_text` means a hard-coded password, i.e. no protection. */
  getSelectedStorageBackend?(): string;
}

export const WRAPPED_KEY_NAME = 'journal.key.wrapped.json';

const WrappedKeyFile = z.object({ format: z.literal(1), backend: z.string().min(1), wrappedKey: z.base64(), createdAt: z.string() });

/** Names the OS protection in force, or null when there is none worth the name. */
export function safeStorageBackend(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux') {
    const selected = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (selected === 'basic_text' || selected === 'unknown') return null;
    return `safeStorage:${selected}`;
  }
  return `safeStorage:${platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform}`;
}

/**
 * The data key wrapped by the OS keyring (Electron safeStorage) in
 * `<dataDir>/journal.key.wrapped.json`, which records the backend that wrapped it.
 * Without a real keyring (Linux `basic_text`) it falls back to the 0600 file key and says so.
 * A key wrapped earlier is never replaced: if the keyring can no longer unwrap it, we stop
 * with an error that explains the recovery instead of creating a new key and orphaning the journal.
 */
export function createWrappedKeyStore(options: {
  dataDir: string;
  safeStorage: SafeStorageLike;
  platform?: NodeJS.Platform;
  warn?: (message: string) => void;
}): KeyStore {
  const { dataDir, safeStorage } = options;
  const platform = options.platform ?? process.platform;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const wrappedPath = join(dataDir, WRAPPED_KEY_NAME);
  const fileStore = createFileKeyStore(dataDir, { warn });
  let backend = 'unresolved';

  async function unwrapExisting(): Promise<Buffer | null> {
    let raw: string;
    try {
      raw = await readFile(wrappedPath, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
    let parsed: z.infer<typeof WrappedKeyFile>;
    try {
      parsed = WrappedKeyFile.parse(JSON.parse(raw));
    } catch {
      throw new KeyStoreError(`The wrapped journal key ${wrappedPath} is damaged. It was left as it is; restore it from a backup, or move the data folder aside to start fresh and resync from the case service.`);
    }
    const current = safeStorageBackend(safeStorage, platform);
    const recovery = `Your journal is untouched. Sign in to the desktop session whose keyring (${parsed.backend}) holds the key and start again, or move the data folder aside to start fresh and resync from the case service (events not yet synced would stay in the old folder).`;
    if (!current) throw new KeyStoreError(`The journal key in ${wrappedPath} was wrapped by ${parsed.backend}, which is not available now. ${recovery}`);
    let key: Buffer;
    try {
      key = Buffer.from(safeStorage.decryptString(Buffer.from(parsed.wrappedKey, 'base64')), 'base64');
    } catch {
      throw new KeyStoreError(`The journal key in ${wrappedPath} (wrapped by ${parsed.backend}) cannot be unwrapped by ${current}. ${recovery}`);
    }
    if (key.length !== DATA_KEY_BYTES) throw new KeyStoreError(`The journal key in ${wrappedPath} unwrapped to ${key.length} bytes, expected ${DATA_KEY_BYTES}. ${recovery}`);
    backend = parsed.backend;
    return key;
  }

  async function fileKeyExists(): Promise<boolean> {
    try {
      await readFile(join(dataDir, FILE_KEY_NAME));
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  return {
    get backend() {
      return backend;
    },
    async loadOrCreateDataKey() {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const unwrapped = await unwrapExisting();
      if (unwrapped) return unwrapped;
      // A journal started on the file key keeps it, even if a keyring appeared since.
      if (await fileKeyExists()) {
        backend = 'file';
        return fileStore.loadOrCreateDataKey();
      }
      const current = safeStorageBackend(safeStorage, platform);
      if (!current) {
        warn(`No OS keyring is available to protect the journal key (safeStorage backend: ${safeStorage.getSelectedStorageBackend?.() ?? 'unavailable'}); using the owner-only key file ${fileStore.path} instead.`);
        backend = 'file';
        return fileStore.loadOrCreateDataKey();
      }
      const key = randomBytes(DATA_KEY_BYTES);
      const record = { format: 1, backend: current, wrappedKey: safeStorage.encryptString(key.toString('base64')).toString('base64'), createdAt: new Date().toISOString() };
      if (await createFileExclusive(wrappedPath, Buffer.from(JSON.stringify(record, null, 2)), 0o600)) {
        backend = current;
        return key;
      }
      const theirs = await unwrapExisting();
      if (!theirs) throw new KeyStoreError(`The wrapped journal key ${wrappedPath} vanished while it was being created; start the console again.`);
      return theirs;
    },
  };
}
