import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { BLIND_INDEX_HEX_LENGTH, blindIndexMessage, normalizeForBlindIndex, readSearchText, type BlindIndexKind } from '../../../shared/screenpop/identifiers';
import { DigestKeyResponse } from '../../../shared/screenpop/popProtocol';

/**
 * Keyed hashes (blind indexes) of exact-match identifiers: HMAC-SHA256 over the normalised value,
 * so the renderer's read model can be searched by phone, e-mail or account number without holding
 * them in plain text, and a copy of that store alone cannot be matched against a list of numbers.
 *
 * The key is the case service's: it issues one per session and replaces it on a schedule
 * (POST /v1/screen-pop/digest-key), and makes every customer's digests with it. This desktop never
 * picks one, so it cannot ask for digests under a key it prepared tables for. Until the first key
 * arrives (signed in offline with nothing saved), no identifier has a digest and pops fall back to
 * what the agent types by name.
 */
export interface BlindIndexer {
  /** Digest of a raw identifier under the current key, normalised for its kind; null when it is not one or no key is held. */
  digest(kind: BlindIndexKind, value: string): string | null;
  /** The id of the key digests are made with now, null before one was issued. */
  readonly keyId: string | null;
  readonly current: HeldDigestKey | null;
  use(key: HeldDigestKey | null): void;
}

/** A key as the service issued it, kept (encrypted, with the working set) for offline pops. */
export const HeldDigestKey = DigestKeyResponse;
export type HeldDigestKey = z.infer<typeof HeldDigestKey>;

export function blindIndexDigest(key: Buffer, kind: BlindIndexKind, normalizedValue: string): string {
  return createHmac('sha256', key).update(blindIndexMessage(kind, normalizedValue)).digest('hex').slice(0, BLIND_INDEX_HEX_LENGTH);
}

export function createBlindIndexer(initial: HeldDigestKey | null = null): BlindIndexer {
  let held: HeldDigestKey | null = null;
  let key: Buffer | null = null;
  const indexer: BlindIndexer = {
    digest(kind, value) {
      if (!key) return null;
      const normalized = normalizeForBlindIndex(kind, value);
      return normalized === null ? null : blindIndexDigest(key, kind, normalized);
    },
    get keyId() {
      return held?.keyId ?? null;
    },
    get current() {
      return held;
    },
    use(next) {
      const bytes = next ? Buffer.from(next.key, 'base64url') : null;
      if (bytes && bytes.length !== 32) throw new Error(`a digest key is 32 bytes, got ${bytes.length}`);
      held = next;
      key = bytes;
    },
  };
  indexer.use(initial);
  return indexer;
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
