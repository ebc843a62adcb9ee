import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_REFERENCE, eventFitsStream, newCaseReference, newContactId, normaliseCaseReference, REFERENCE_ALPHABET, streamKindOf } from '../../../src/shared/cases/streams';

const fill = (bytes: Uint8Array) => fc.uint8Array({ minLength: bytes.length, maxLength: bytes.length });

describe('case references and streams', () => {
  it('makes one short reference format without characters that are misread over the phone', () => {
    fc.assert(
      fc.property(fill(new Uint8Array(10)), (random) => {
        const reference = newCaseReference((target) => {
          target.set(random);
          return target;
        });
        expect(reference).toMatch(CASE_REFERENCE);
        expect(reference).not.toMatch(/[01OI]/);
        expect(normaliseCaseReference(reference.toLowerCase().replaceAll('-', ' '))).toBe(reference);
        expect(streamKindOf(reference)).toBe('case');
      }),
    );
    expect(REFERENCE_ALPHABET).toHaveLength(32);
  });

  it('normalises what a person typed, and refuses what cannot be a reference', () => {
    expect(normaliseCaseReference('ac-7k4mp-9qx2h')).toBe('AC-7K4MP-9QX2H');
    expect(normaliseCaseReference('7K4MP 9QX2H')).toBe('AC-7K4MP-9QX2H');
    expect(normaliseCaseReference('AC-7K4MP-9QX20')).toBeNull(); // 0 is not in the alphabet
    expect(normaliseCaseReference('Carol')).toBeNull();
  });

  it('keeps contact events on contact streams and case events on cases', () => {
    const contact = newContactId((target) => target.fill(7));
    expect(streamKindOf(contact)).toBe('contact');
    expect(eventFitsStream('contact.started', 'contact')).toBe(true);
    expect(eventFitsStream('contact.started', 'case')).toBe(false);
    expect(eventFitsStream('note.added', 'contact')).toBe(false);
    expect(eventFitsStream('customer.verified', 'contact')).toBe(true);
    expect(eventFitsStream('customer.verified', 'case')).toBe(true);
  });
});
