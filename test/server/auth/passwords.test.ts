import { describe, expect, it } from 'vitest';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../../src/server/auth/passwords';
import { hashToken } from '../../../src/server/auth/sessions';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt every time', async () => {
    const [a, b] = await Promise.all([hashPassword('Demo-2026!'), hashPassword('Demo-2026!')]);
    expect(a).not.toBe(b);
    expect(a).not.toContain('Demo-2026!');
    expect(await verifyPassword('Demo-2026!', a)).toBe(true);
    expect(await verifyPassword('Demo-2026!', b)).toBe(true);
    expect(await verifyPassword('Demo-2026?', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('treats a damaged or foreign hash as a mismatch rather than throwing', async () => {
    const good = await hashPassword('x');
    for (const stored of ['', 'plain-text', 'bcrypt$2b$10$abc', good.slice(0, -4), good.replace(/\$[^$]+$/, '$'), good.replace(/^scrypt\$\d+/, 'scrypt$3')]) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('keeps one decoy hash that no typed password matches', async () => {
    const decoy = await decoyPasswordHash();
    expect(await decoyPasswordHash()).toBe(decoy);
    expect(await verifyPassword('Demo-2026!', decoy)).toBe(false);
  });
});

describe('session token hashing', () => {
  it('stores a SHA-256 hex digest, never the token', () => {
    const digest = hashToken('secret-token');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).toBe(hashToken('secret-token'));
    expect(digest).not.toBe(hashToken('secret-token2'));
  });
});
