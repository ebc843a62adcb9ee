import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY_REASON, WorkflowField, formatAnswer, formatMoney, isIsoDateTimeWithZone, parseMoneyInput, validateAnswer } from '../../../src/shared/workflow';

const field = (input: Record<string, unknown>) => WorkflowField.parse({ id: 'f', label: 'Field', required: true, ...input });

describe('validateAnswer', () => {
  it('refuses money that is not positive whole cents, with the reason', () => {
    const money = field({ type: 'money', label: 'Fee amount' });
    for (const bad of [0, -500, 12.5, '50.00', Number.MAX_SAFE_INTEGER + 2, true]) {
      expect(validateAnswer(money, bad)).toEqual({ ok: false, reason: MONEY_REASON });
    }
    expect(validateAnswer(money, 5_000)).toEqual({ ok: true, value: 5_000 });
    expect(MONEY_REASON).toContain('amount must be a positive amount in dollars and cents');
  });

  it('accepts ISO 8601 date-times with a zone only', () => {
    const when = field({ type: 'datetime' });
    for (const good of ['2026-03-05T14:30:00Z', '2026-03-05T09:30:00-05:00', '2026-03-05T09:30-05:00', '2026-03-05T14:30:00.123Z']) {
      expect(validateAnswer(when, good)).toEqual({ ok: true, value: good });
    }
    for (const bad of ['2026-03-05', '2026-03-05T14:30:00', '05/03/2026 14:30', '2026-02-30T10:00:00Z', '2026-03-05T25:00:00Z', 1_772_000_000_000]) {
      const result = validateAnswer(when, bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain('ISO 8601');
    }
  });

  it('takes a transaction only as one of the case customer’s, when they are known, and its shape everywhere', () => {
    const picked = field({ type: 'transaction', label: 'Fee transaction' });
    const transactions = [{ id: 'TXN-00000036' }, { id: 'TXN-00000038' }];
    expect(validateAnswer(picked, 'TXN-00000036', { transactions })).toEqual({ ok: true, value: 'TXN-00000036' });
    expect(validateAnswer(picked, 'TXN-99999999', { transactions })).toEqual({ ok: false, reason: "transaction TXN-99999999 is not one of this customer's recent transactions" });
    // Replaying recorded answers, where the customer's transactions are not at hand: the shape is checked.
    expect(validateAnswer(picked, 'TXN-99999999')).toEqual({ ok: true, value: 'TXN-99999999' });
    for (const bad of ['', ' TXN-1', 'TXN 1', 42, { id: 'TXN-1' }, 'x'.repeat(65)]) expect(validateAnswer(picked, bad).ok).toBe(false);
    expect(validateAnswer(picked, null)).toEqual({ ok: false, reason: 'Fee transaction is required' });
    expect(formatAnswer(picked, 'TXN-00000036')).toBe('TXN-00000036');
    expect(() => field({ type: 'transaction', maxLength: 10 })).toThrow();
  });

  it('trims text, enforces its length, and treats blank as unanswered', () => {
    const text = field({ type: 'text', maxLength: 5 });
    expect(validateAnswer(text, '  abc ')).toEqual({ ok: true, value: 'abc' });
    expect(validateAnswer(text, 'abcdef')).toEqual({ ok: false, reason: 'answer is at most 5 characters' });
    expect(validateAnswer(text, '   ')).toEqual({ ok: false, reason: 'Field is required' });
    expect(validateAnswer({ ...text, required: false }, '   ')).toEqual({ ok: true, value: null });
    expect(validateAnswer(text, 42)).toEqual({ ok: false, reason: 'answer must be text' });
  });

  it('accepts only listed choices and real booleans', () => {
    const choice = field({ type: 'choice', options: [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }] });
    expect(validateAnswer(choice, 'a').ok).toBe(true);
    expect(validateAnswer(choice, 'c')).toEqual({ ok: false, reason: 'choose one of: Alpha, Beta' });
    const yesNo = field({ type: 'yes_no' });
    expect(validateAnswer(yesNo, false)).toEqual({ ok: true, value: false });
    expect(validateAnswer(yesNo, 'yes')).toEqual({ ok: false, reason: 'answer yes or no' });
  });

  it('checks attachment types and sizes', () => {
    const files = field({ type: 'attachments', maxBytes: 1_000 });
    const pdf = { id: '1', fileName: 'receipt.pdf', mediaType: 'application/pdf', sizeBytes: 900 };
    expect(validateAnswer(files, [pdf]).ok).toBe(true);
    expect(validateAnswer(files, [{ ...pdf, fileName: 'x.exe', mediaType: 'application/x-msdownload' }])).toEqual({
      ok: false,
      reason: '"x.exe" is application/x-msdownload; accepted: PDF, PNG, JPEG',
    });
    expect(validateAnswer(files, [{ ...pdf, sizeBytes: 2_000 }])).toEqual({ ok: false, reason: '"receipt.pdf" is larger than 1 KB' });
    expect(validateAnswer(files, [])).toEqual({ ok: false, reason: 'Field needs at least one file' });
    expect(validateAnswer(files, 'receipt.pdf')).toEqual({ ok: false, reason: 'attachments must be a list of uploaded files' });
  });

  it('lets an optional answer be cleared but not a required one', () => {
    expect(validateAnswer(field({ type: 'money' }), null)).toEqual({ ok: false, reason: 'Field is required' });
    expect(validateAnswer(field({ type: 'money', required: false }), null)).toEqual({ ok: true, value: null });
  });
});

describe('parseMoneyInput', () => {
  it('reads dollars and cents as typed', () => {
    expect(parseMoneyInput('50')).toEqual({ ok: true, cents: 5_000 });
    expect(parseMoneyInput('$1,250.5')).toEqual({ ok: true, cents: 125_050 });
    expect(parseMoneyInput(' 100.01 ')).toEqual({ ok: true, cents: 10_001 });
    for (const bad of ['', '0', '0.00', '-5', '12.345', '1,25.00', 'ten', '1e3']) expect(parseMoneyInput(bad)).toEqual({ ok: false, reason: MONEY_REASON });
  });

  it('round-trips with formatMoney for any positive amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), (cents) => {
        expect(parseMoneyInput(formatMoney(cents))).toEqual({ ok: true, cents });
      }),
    );
  });
});

describe('formatting', () => {
  it('formats money, yes/no and choices for the summary', () => {
    expect(formatMoney(250_001)).toBe('$2,500.01');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatAnswer(field({ type: 'yes_no' }), true)).toBe('Yes');
    expect(formatAnswer(field({ type: 'choice', options: [{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta' }] }), 'b')).toBe('Beta');
    expect(formatAnswer(field({ type: 'attachments' }), [{ id: '1', fileName: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 1 }])).toBe('a.pdf');
  });

  it('agrees with Date.parse on every valid zoned instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        expect(isIsoDateTimeWithZone(date.toISOString())).toBe(true);
      }),
    );
  });
});
