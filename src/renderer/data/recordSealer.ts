import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * Seals read-model records for IndexedDB, which Chromium keeps on disk in plain files: every field
 * except the ones the database indexes by (ids, statuses, dates and keyed hashes) is encrypted
 * with XChaCha20-Poly1305 under the agent's read-model key. Main derives that key from the agent's data
 * key and hands it to this window for the signed-in session only; it is never stored here.
 *
 * Synchronous (a JS cipher, not WebCrypto) because Dexie's middleware reads cursor values
 * synchronously (ChaCha rather than AES: two to three times faster in JS, measured, and random 24-byte nonces are safe); the table name and primary key are bound in as associated data, so a record
 * moved to another key or table does not open.
 */
export interface RecordSealer {
  /** `keyField`: the table's primary key field; `keep`: the fields stored in the clear (the ones indexed). */
  seal(table: string, keyField: string, record: Record<string, unknown>, keep: readonly string[]): SealedRecord;
  open(table: string, keyField: string, stored: unknown): unknown;
  /** Keyed hash for a blind index of words the agent types (name prefixes): 16 hex characters. */
  digest(purpose: string, text: string): string;
}

export type SealedRecord = Record<string, unknown> & { sealed: Uint8Array };

export class UnreadableRecordError extends Error {
  constructor(table: string) {
    super(`A record in this desktop's ${table} cache could not be decrypted (another key, or damage); the cache is rebuilt from main.`);
    this.name = 'UnreadableRecordError';
  }
}

const NONCE_BYTES = 24;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function readModelKeyBytes(base64url: string): Uint8Array {
  const binary = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  if (bytes.length !== 32) throw new Error('The read-model key must be 32 bytes.');
  return bytes;
}

export function createRecordSealer(key: Uint8Array): RecordSealer {
  const recordKey = hmac(sha256, key, encoder.encode('agent-console/read-model/records/v1'));
  const indexKey = hmac(sha256, key, encoder.encode('agent-console/read-model/blind-index/v1'));
  const associated = (table: string, primaryKey: unknown) => encoder.encode(`${table}\u0000${JSON.stringify(primaryKey)}`);

  return {
    seal(table, keyField, record, keep) {
      const kept: Record<string, unknown> = {};
      const hidden: Record<string, unknown> = {};
      for (const [field, value] of Object.entries(record)) {
        if (keep.includes(field)) kept[field] = value;
        else hidden[field] = value;
      }
      const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
      const ciphertext = xchacha20poly1305(recordKey, nonce, associated(table, record[keyField])).encrypt(encoder.encode(JSON.stringify(hidden)));
      const sealed = new Uint8Array(NONCE_BYTES + ciphertext.length);
      sealed.set(nonce, 0);
      sealed.set(ciphertext, NONCE_BYTES);
      return { ...kept, sealed };
    },
    open(table, keyField, stored) {
      if (stored === undefined || stored === null) return stored;
      const { sealed, ...kept } = stored as Record<string, unknown>;
      if (!(sealed instanceof Uint8Array) || sealed.length <= NONCE_BYTES) throw new UnreadableRecordError(table);
      try {
        const plain = xchacha20poly1305(recordKey, sealed.subarray(0, NONCE_BYTES), associated(table, kept[keyField])).decrypt(sealed.subarray(NONCE_BYTES));
        return { ...(JSON.parse(decoder.decode(plain)) as Record<string, unknown>), ...kept };
      } catch {
        throw new UnreadableRecordError(table);
      }
    },
    digest(purpose, text) {
      const mac = hmac(sha256, indexKey, encoder.encode(`${purpose}\u0000${text}`));
      return Array.from(mac.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
    },
  };
}
