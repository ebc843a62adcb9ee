import { createHmac } from 'node:crypto';
import { BLIND_INDEX_HEX_LENGTH, blindIndexMessage, normalizeForBlindIndex, readSearchText, type BlindIndexKind } from '../../../shared/screenpop/identifiers';

/**
 * Keyed hashes (blind indexes) of exact-match identifiers: HMAC-SHA256 over the normalised value
 * with a per-install key, so the renderer's read model can be searched by phone, e-mail or
 * account number without holding them in plain text, and a copy of that store alone cannot be
 * matched against a list of numbers.
 *
 * The key is derived from this install's data key (which Electron wraps with the OS keyring), so
 * it needs no file of its own and is as well protected as the journal. Only main holds it; it
 * goes to the case service in account-digest requests (which already knows every account number).
 */
export interface BlindIndexer {
  /** Digest of a raw identifier, normalised for its kind; null when the value is not one. */
  digest(kind: BlindIndexKind, value: string): string | null;
  /** The key, base64url, for the case service's account digests. */
  readonly keyForService: string;
}

const KEY_LABEL = 'agent-console/blind-index-key/v1';

export function deriveBlindIndexKey(dataKey: Buffer): Buffer {
  return createHmac('sha256', dataKey).update(KEY_LABEL).digest();
}

export function blindIndexDigest(key: Buffer, kind: BlindIndexKind, normalizedValue: string): string {
  return createHmac('sha256', key).update(blindIndexMessage(kind, normalizedValue)).digest('hex').slice(0, BLIND_INDEX_HEX_LENGTH);
}

export function createBlindIndexer(key: Buffer): BlindIndexer {
  if (key.length !== 32) throw new Error(`a blind-index key is 32 bytes, got ${key.length}`);
  return {
    digest(kind, value) {
      const normalized = normalizeForBlindIndex(kind, value);
      return normalized === null ? null : blindIndexDigest(key, kind, normalized);
    },
    keyForService: key.toString('base64url'),
  };
}

/** Digests of every exact-match reading of a typed search (a 10-digit number is both a phone and an account number). */
export function searchDigests(indexer: BlindIndexer, query: string): { phone: string | null; accountNumber: string | null; email: string | null } {
  const readings = readSearchText(query);
  return {
    phone: readings.phone ? indexer.digest('phone', readings.phone) : null,
    accountNumber: readings.accountNumber ? indexer.digest('account', readings.accountNumber) : null,
    email: readings.email ? indexer.digest('email', readings.email) : null,
  };
}
