import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TimeWindowConfig, checkWindow, describeRule, windowRule } from '../../../src/shared/workflow';
import { readResourceJson, windows } from './fixtures';

const refund = windowRule(windows, 'refund_eligibility');
const chargeback = windowRule(windows, 'chargeback_initiation');
const investigation = windowRule(windows, 'dispute_investigation');

/** 21:30 on 1 March 2026 in New York (already 2 March in UTC): the local date is what counts. */
const transaction = '2026-03-02T02:30:00Z';
/** The instant at `time` New York time, `days` calendar days after 1 March 2026. */
const dayAfter = (days: number, time = '23:59') => DateTime.fromISO(`2026-03-01T${time}`, { zone: 'America/New_York' }).plus({ days }).toUTC().toISO() ?? '';

describe('checkWindow', () => {
  it('names the rule and its source', () => {
    expect(describeRule(refund)).toBe('Refund eligibility: 30 days [operating guide 004]');
    expect(describeRule(chargeback)).toBe('Chargeback initiation: 120 days [operating guide 004, card-network rules]');
    expect(describeRule(investigation)).toBe('Dispute investigation: 45 days [operating guides 000 and 004]');
  });

  it('keeps the refund window open through day 30 and closes it on day 31', () => {
    expect(checkWindow(refund, transaction, dayAfter(30))).toEqual({ ok: true, rule: 'refund_eligibility', daysElapsed: 30, lastDay: '2026-03-31' });
    const late = checkWindow(refund, transaction, dayAfter(31, '00:01'));
    expect(late).toEqual({
      ok: false,
      rule: 'refund_eligibility',
      daysElapsed: 31,
      lastDay: '2026-03-31',
      message:
        'Refund eligibility: 30 days [operating guide 004]: 31 days have passed since the transaction on 2026-03-01 (calendar days, America/New_York); the window closed at the end of 2026-03-31',
    });
  });

  it('keeps the chargeback window open through day 120 and closes it on day 121', () => {
    expect(checkWindow(chargeback, transaction, dayAfter(120))).toMatchObject({ ok: true, daysElapsed: 120, lastDay: '2026-06-29' });
    const late = checkWindow(chargeback, transaction, dayAfter(121, '00:00'));
    expect(late).toMatchObject({ ok: false, daysElapsed: 121 });
    if (!late.ok) expect(late.message).toContain('Chargeback initiation: 120 days [operating guide 004, card-network rules]: 121 days have passed');
  });

  it('counts days in New York, not UTC: a late-evening transaction belongs to its local date', () => {
    // 21:30 on 1 March in New York is already 2 March in UTC; day 30 is still 31 March locally.
    expect(checkWindow(refund, transaction, '2026-04-01T03:59:00Z')).toMatchObject({ ok: true, daysElapsed: 30 });
    expect(checkWindow(refund, transaction, '2026-04-01T04:00:00Z')).toMatchObject({ ok: false, daysElapsed: 31 });
  });

  it('counts whole calendar days across daylight-saving changes', () => {
    // 8 March 2026 has 23 hours in New York.
    expect(checkWindow(refund, '2026-03-07T12:00:00-05:00', '2026-03-09T00:30:00-04:00')).toMatchObject({ ok: true, daysElapsed: 2 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 23 }), (days, hour) => {
        const from = DateTime.fromObject({ year: 2026, month: 1, day: 15, hour: 12 }, { zone: 'America/New_York' });
        const now = from.startOf('day').plus({ days }).set({ hour });
        const result = checkWindow(chargeback, from.toISO() ?? '', now.toISO() ?? '');
        expect(result.daysElapsed).toBe(days);
        expect(result.ok).toBe(days <= 120);
      }),
    );
  });

  it('refuses a start after the check time and malformed times, saying why', () => {
    const future = checkWindow(investigation, '2026-05-01T10:00:00Z', '2026-04-01T10:00:00Z');
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.message).toContain('is after today');
    const malformed = checkWindow(refund, '2026-03-01', '2026-04-01T10:00:00Z');
    expect(malformed).toMatchObject({ ok: false, daysElapsed: null });
  });
});

describe('TimeWindowConfig', () => {
  it('requires every rule and a real time zone', () => {
    const base = readResourceJson('time-windows.json') as { rules: Record<string, unknown> };
    const { dispute_investigation: _dropped, ...missing } = base.rules;
    expect(TimeWindowConfig.safeParse({ ...base, rules: missing }).success).toBe(false);
    expect(TimeWindowConfig.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
  });
});
