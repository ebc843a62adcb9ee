import type { KeyProtector } from './keyStore';
import { DATA_KEY_BYTES } from '../storage/sealedBox';

/** The subset of Electron's `safeStorage` we use, so this logic runs and tests without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs it; `basic_text` means a hard-coded password, i.e. no protection. */
  getSelectedStorageBackend?(): string;
}

/** Names the OS protection in force, or null when there is none worth the name (`basic_text` is none). */
export function safeStorageBackend(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux') {
    const selected = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (selected === 'basic_text' || selected === 'unknown') return null;
    return selected;
  }
  return platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : platform;
}

/**
 * The OS keyring through Electron safeStorage. Unavailable without a real keyring (Linux
 * `basic_text`), where the password slot alone protects the key. A slot made by another keyring
 * (the profile was reset, the folder copied to another machine) does not open: the password slot
 * does, and the keyring slot is made again.
 */
export function createSafeStorageKeyProtector(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyProtector {
  const backend = () => safeStorageBackend(safeStorage, platform);
  return {
    get backend() {
      return `safeStorage:${backend() ?? 'unavailable'}`;
    },
    kind: 'safeStorage',
    available: () => backend() !== null,
    async wrap(key) {
      const current = backend();
      if (!current) throw new Error('no OS keyring is available to wrap the key');
      return { kind: 'safeStorage', backend: current, wrapped: safeStorage.encryptString(key.toString('base64')).toString('base64') };
    },
    async unwrap(slot) {
      if (slot.kind !== 'safeStorage' || !backend()) return null;
      try {
        const key = Buffer.from(safeStorage.decryptString(Buffer.from(slot.wrapped, 'base64')), 'base64');
        return key.length === DATA_KEY_BYTES ? key : null;
      } catch {
        return null;
      }
    },
  };
}
