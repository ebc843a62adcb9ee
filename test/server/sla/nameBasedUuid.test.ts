import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nameBasedUuid } from '../../../src/server/sla/nameBasedUuid';

describe('nameBasedUuid', () => {
  it('matches the RFC 9562 version 5 test vector', () => {
    // DNS namespace, "www.example.com" (RFC 9562 appendix A.4).
    expect(nameBasedUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('is stable per name, differs between names, and always passes z.uuid()', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const idA = nameBasedUuid(a);
        expect(nameBasedUuid(a)).toBe(idA);
        expect(z.uuid().safeParse(idA).success).toBe(true);
        expect(idA[14]).toBe('5');
        if (a !== b) expect(nameBasedUuid(b)).not.toBe(idA);
      }),
    );
  });

  it('rejects a namespace that is not a UUID', () => {
    expect(() => nameBasedUuid('x', 'not-a-uuid')).toThrow(/namespace/);
  });
});
