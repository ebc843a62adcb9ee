import { safeStorage } from 'electron';
import type { KeyStore } from '../services/keys/keyStore';
import { createWrappedKeyStore } from '../services/keys/wrappedKeyStore';

/**
 * The Electron key store: the data key wrapped by the OS keyring through safeStorage
 * (Keychain, DPAPI, libsecret/kwallet). Call after `app.whenReady()`; on Linux without a
 * keyring (`basic_text`) it falls back to the 0600 key file — see wrappedKeyStore.ts.
 */
export function createSafeStorageKeyStore(dataDir: string, warn?: (message: string) => void): KeyStore {
  return createWrappedKeyStore({
    dataDir,
    safeStorage: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (plainText) => safeStorage.encryptString(plainText),
      decryptString: (encrypted) => safeStorage.decryptString(encrypted),
      getSelectedStorageBackend: process.platform === 'linux' ? () => safeStorage.getSelectedStorageBackend() : undefined,
    },
    ...(warn ? { warn } : {}),
  });
}
