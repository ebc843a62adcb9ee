/**
 * Where the journal's data key lives. Adapters are chosen at the edge (DESIGN.md):
 * Electron wraps it with safeStorage (electron/safeStorageKeyStore.ts), the browser host
 * keeps a 0600 key file (fileKeyStore.ts), tests keep it in memory (memoryKeyStore.ts).
 */
export interface KeyStore {
  /** Returns the 32-byte AES-256 data key, creating and persisting it on first use. */
  loadOrCreateDataKey(): Promise<Buffer>;
  /** Which backend protects the key, e.g. "file", "memory", "safeStorage:gnome_libsecret". */
  readonly backend: string;
}

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}
