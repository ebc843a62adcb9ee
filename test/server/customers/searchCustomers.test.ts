import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAccountNumber } from '../../../src/server/customers/customerRows';
import { normalizePhone, planSearch } from '../../../src/server/customers/searchCustomers';

describe('normalizePhone', () => {
  it('turns the ways people type a US number into E.164', () => {
    for (const typed of ['+15551234567', '5551234567', '(555) 123-4567', '555.123.4567', '1 555 123 4567', '+1 (555) 123-4567']) {
      expect(normalizePhone(typed)).toBe('+15551234567');
    }
    expect(normalizePhone('+442071234567')).toBe('+442071234567');
    for (const notPhone of ['1234', 'alex', '+0123456789', '555-1234-567-890-12345', '']) expect(normalizePhone(notPhone)).toBeNull();
  });

  it('always yields valid E.164 or nothing, whatever is typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        const phone = normalizePhone(typed);
        if (phone !== null) expect(phone).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
    );
  });
});

describe('planSearch', () => {
  it('reads four digits as a last 4, longer digit runs as an account number, letters as a name', () => {
    expect(planSearch('4321')).toMatchObject({ last4: '4321', accountNumber: null, name: null, phone: null });
    expect(planSearch('100000121234')).toMatchObject({ last4: null, accountNumber: '100000121234', name: null });
    expect(planSearch('  Alex   Morgan ')).toMatchObject({ name: 'alex morgan', last4: null, email: null });
    expect(planSearch('Alex.Morgan@Example.com')).toMatchObject({ email: 'alex.morgan@example.com' });
    // A case reference read out over the phone: any case and separators; older CASE- ids as typed.
    expect(planSearch('ac 7k4mp 9qx2h')).toMatchObject({ caseId: 'AC-7K4MP-9QX2H', name: 'ac 7k4mp 9qx2h' });
    expect(planSearch('case-100001')).toMatchObject({ exact: 'CASE-100001', caseId: 'CASE-100001' });
    // A 10-digit number is both a phone and an account number: both readings are tried.
    expect(planSearch('5551234567')).toMatchObject({ phone: '+15551234567', accountNumber: '5551234567' });
  });
});

describe('maskAccountNumber', () => {
  it('shows the last 4 digits only', () => {
    expect(maskAccountNumber('100000121234')).toBe('••••1234');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8,17}$/), (accountNumber) => {
        const masked = maskAccountNumber(accountNumber);
        expect(masked).toMatch(/^••••\d{4}$/);
        expect(masked.endsWith(accountNumber.slice(-4))).toBe(true);
        expect(masked.replace(/\D/g, '')).toHaveLength(4);
      }),
    );
    expect(() => maskAccountNumber('1234')).toThrow();
  });
});
