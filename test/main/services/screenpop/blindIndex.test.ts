import { describe, expect, it } from 'vitest';
import { createBlindIndexer, searchDigests } from '../../../../src/main/services/screenpop/blindIndex';
import { identifierDigest } from '../../../../src/server/screenpop/customerDigests';
import { testDigestKey } from '../../support';

describe('blind index', () => {
  const held = testDigestKey();
  const indexer = createBlindIndexer(held);

  it('gives the same digest for every way of writing the same identifier', () => {
    expect(indexer.digest('phone', '(555) 123-4567')).toBe(indexer.digest('phone', '+15551234567'));
    expect(indexer.digest('email', 'Jane@Example.com ')).toBe(indexer.digest('email', 'jane@example.com'));
    expect(indexer.digest('phone', 'not a phone')).toBeNull();
    expect(indexer.digest('phone', '+15551234567')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('depends on the key and on the kind, and does not contain the value', () => {
    const other = createBlindIndexer(testDigestKey());
    expect(other.digest('phone', '+15551234567')).not.toBe(indexer.digest('phone', '+15551234567'));
    expect(indexer.digest('account', '5551234567')).not.toBe(indexer.digest('phone', '5551234567'));
    expect(indexer.digest('account', '100000121234')).not.toContain('1234');
  });

  it('matches the case service’s digests under the key it issued', () => {
    const key = Buffer.from(held.key, 'base64url');
    expect(identifierDigest(key, 'account', '1000-0012-1234')).toBe(indexer.digest('account', '100000121234'));
    expect(identifierDigest(key, 'phone', '+15551234567')).toBe(indexer.digest('phone', '555 123 4567'));
    expect(identifierDigest(key, 'email', 'Jane@Example.com')).toBe(indexer.digest('email', 'jane@example.com'));
  });

  it('digests every exact-match reading of a typed search', () => {
    expect(searchDigests(indexer, '555 123 4567')).toEqual({ phone: indexer.digest('phone', '+15551234567'), accountNumber: indexer.digest('account', '5551234567'), email: null });
    expect(searchDigests(indexer, 'Jane')).toEqual({ phone: null, accountNumber: null, email: null });
  });

  it('has no digests before the service issued a key, and follows the key it is given', () => {
    const fresh = createBlindIndexer();
    expect(fresh.keyId).toBeNull();
    expect(fresh.digest('phone', '+15551234567')).toBeNull();
    fresh.use(held);
    expect(fresh.keyId).toBe(held.keyId);
    expect(fresh.digest('phone', '+15551234567')).toBe(indexer.digest('phone', '+15551234567'));
    expect(() => fresh.use({ ...held, key: Buffer.alloc(16).toString('base64url') })).toThrow();
  });
});
