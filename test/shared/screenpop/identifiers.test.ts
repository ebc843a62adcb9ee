import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blindIndexMessage, nameTokens, normalizeAccountNumber, normalizeForBlindIndex, normalizePhone, readSearchText } from '../../../src/shared/screenpop/identifiers';

describe('identifier normalisation', () => {
  it('reads the ways people write a phone, an account number and an e-mail', () => {
    for (const typed of ['+15551234567', '5551234567', '(555) 123-4567', '1 555 123 4567']) expect(normalizePhone(typed)).toBe('+15551234567');
    expect(normalizeAccountNumber('1000 0012 1234')).toBe('100000121234');
    expect(normalizeAccountNumber('1234')).toBeNull();
    expect(normalizeForBlindIndex('email', ' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(normalizeForBlindIndex('email', 'not-an-email')).toBeNull();
  });

  it('keeps kinds apart in the blind-index message, so equal digits never share a digest', () => {
    expect(blindIndexMessage('phone', '5551234567')).not.toBe(blindIndexMessage('account', '5551234567'));
  });

  it('normalisation is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (typed) => {
        const phone = normalizePhone(typed);
        if (phone !== null) expect(normalizePhone(phone)).toBe(phone);
        const account = normalizeAccountNumber(typed);
        if (account !== null) expect(normalizeAccountNumber(account)).toBe(account);
      }),
    );
  });
});

describe('readSearchText', () => {
  it('tries every reading of what was typed', () => {
    expect(readSearchText('5551234567')).toMatchObject({ phone: '+15551234567', accountNumber: '5551234567', last4: null, nameWords: [] });
    expect(readSearchText('4321')).toMatchObject({ last4: '4321', phone: null, accountNumber: null });
    expect(readSearchText('ac-7k4mp-9qx2h')).toMatchObject({ caseId: 'AC-7K4MP-9QX2H' });
    expect(readSearchText('AC 7K4MP 9QX2H')).toMatchObject({ caseId: 'AC-7K4MP-9QX2H' });
    expect(readSearchText('case-100001')).toMatchObject({ caseId: 'CASE-100001' }); // older data keeps its ids
    expect(readSearchText('cus-000042')).toMatchObject({ customerId: 'CUS-000042' });
    expect(readSearchText('Ana  Müller')).toMatchObject({ nameWords: ['ana', 'muller'] });
    expect(readSearchText('a@b.co')).toMatchObject({ email: 'a@b.co', nameWords: [] });
  });

  it('splits names into searchable words without accents', () => {
    expect(nameTokens("Zoë O'Brien-Smith")).toEqual(['zoe', "o'brien", 'smith']);
  });
});
