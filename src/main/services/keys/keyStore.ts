import { z } from 'zod';

/**
 * How an agent's data key is protected at rest. The key itself is random (32 bytes, AES-256);
 * what is stored is the key wrapped by one or more protectors (key slots), each recording its
 * backend. Adapters are chosen at the edge (DESIGN.md): Electron wraps with safeStorage where an
 * OS keyring exists (electron/safeStorageKeyStore.ts) and with the agent's password everywhere;
 * the browser host with the password alone (passwordKeyProtector.ts); tests in memory.
 * Nothing on disk unwraps a key without the password or the OS keyring.
 */
export const KeySlot = z.discriminatedUnion('kind', [
  /** Key-encryption key derived from the agent's password with scrypt (salt and cost kept here). */
  z.object({ kind: z.literal('password-scrypt'), salt: z.base64(), N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive(), wrapped: z.base64() }),
  /** Electron safeStorage (Keychain, DPAPI, libsecret/kwallet); `backend` names which. */
  z.object({ kind: z.literal('safeStorage'), backend: z.string().min(1), wrapped: z.base64() }),
  /** Tests: wrapped by a secret that lives in the test's memory. */
  z.object({ kind: z.literal('memory'), wrapped: z.base64() }),
]);
export type KeySlot = z.infer<typeof KeySlot>;

export const KeySlots = z.object({
  format: z.literal(1),
  /** A fingerprint of the data key (not the key), to tell two keys apart. */
  keyId: z.string().min(1).max(64),
  slots: z.array(KeySlot).min(1),
  updatedAt: z.string(),
});
export type KeySlots = z.infer<typeof KeySlots>;

export interface KeyProtector {
  /** What it is, for the record: "password-scrypt", "safeStorage:gnome_libsecret", "memory". */
  readonly backend: string;
  readonly kind: KeySlot['kind'];
  /** False where it cannot protect anything here (no keyring, Linux `basic_text`). */
  available(): boolean;
  wrap(key: Buffer, password: string, keyId: string): Promise<KeySlot>;
  /** The key, or null when this slot does not open with what this protector has (wrong password, another keyring). */
  unwrap(slot: KeySlot, password: string, keyId: string): Promise<Buffer | null>;
}

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}
