import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndexDigest, createBlindIndexer, deriveBlindIndexKey, searchDigests } from '../../../../src/main/services/screenpop/blindIndex';
import { accountNumberDigest } from '../../../../src/server/screenpop/accountDigests';

describe('blind index', () => {
  const key = deriveBlindIndexKey(randomBytes(32));
  const indexer = createBlindIndexer(key);

  it('gives the same digest for every way of writing the same identifier', () => {
    expect(indexer.digest('phone', '(555) 123-4567')).toBe(indexer.digest('phone', '+15551234567'));
    expect(indexer.digest('email', 'Jane@Example.com ')).toBe(indexer.digest('email', 'jane@example.com'));
    expect(indexer.digest('phone', 'not a phone')).toBeNull();
    expect(indexer.digest('phone', '+15551234567')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on the key and on the kind, and does not contain the value', () => {
    const other = createBlindIndexer(deriveBlindIndexKey(randomBytes(32)));
    expect(other.digest('phone', '+15551234567')).not.toBe(indexer.digest('phone', '+15551234567'));
    expect(indexer.digest('account', '5551234567')).not.toBe(blindIndexDigest(key, 'phone', '5551234567'));
    expect(indexer.digest('account', '100000121234')).not.toContain('1234');
  });

  it('matches the case service’s account digests for the same key', () => {
    expect(accountNumberDigest(Buffer.from(indexer.keyForService, 'base64url'), '1000-0012-1234')).toBe(indexer.digest('account', '100000121234'));
  });

  it('digests every exact-match reading of a typed search', () => {
    expect(searchDigests(indexer, '555 123 4567')).toEqual({ phone: indexer.digest('phone', '+15551234567'), accountNumber: indexer.digest('account', '5551234567'), email: null });
    expect(searchDigests(indexer, 'Jane')).toEqual({ phone: null, accountNumber: null, email: null });
  });

  it('derives a key distinct from the data key, the same every time', () => {
    const dataKey = randomBytes(32);
    expect(deriveBlindIndexKey(dataKey).equals(deriveBlindIndexKey(dataKey))).toBe(true);
    expect(deriveBlindIndexKey(dataKey).equals(dataKey)).toBe(false);
    expect(() => createBlindIndexer(randomBytes(16))).toThrow();
  });
});
