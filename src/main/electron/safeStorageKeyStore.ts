import { safeStorage } from 'electron';
import type { KeyProtector } from '../services/keys/keyStore';
import { createPasswordKeyProtector } from '../services/keys/passwordKeyProtector';
import { createSafeStorageKeyProtector } from '../services/keys/safeStorageKeyProtector';

/**
 * Electron's key protectors: the OS keyring through safeStorage (Keychain, DPAPI,
 * libsecret/kwallet) where one exists — on Linux `basic_text` counts as none — and the agent's
 * password always, so a keyring that changed never costs the data. Call after `app.whenReady()`.
 */
export function electronKeyProtectors(): KeyProtector[] {
  return [
    createSafeStorageKeyProtector({
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (plainText) => safeStorage.encryptString(plainText),
      decryptString: (encrypted) => safeStorage.decryptString(encrypted),
      getSelectedStorageBackend: process.platform === 'linux' ? () => safeStorage.getSelectedStorageBackend() : undefined,
    }),
    createPasswordKeyProtector(),
  ];
}
