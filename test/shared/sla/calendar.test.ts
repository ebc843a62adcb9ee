import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCalendarFile, type Calendar } from '../../../src/shared/sla/calendar';
import { formatConfigIssue } from '../../../src/shared/sla/configIssue';
import { businessMinutesBetween } from '../../../src/shared/sla/businessTime';

const CALENDAR_DIR = join(__dirname, '../../../resources/calendars');

function loadDefault(name: string): Calendar {
  const file = `resources/calendars/${name}.json`;
  const result = parseCalendarFile(file, JSON.parse(readFileSync(join(CALENDAR_DIR, `${name}.json`), 'utf8')));
  if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
  return result.value;
}

const allDay = [['00:00', '24:00']];
const valid = {
  id: 'ok',
  timeZone: 'Europe/Paris',
  weekly: { mon: [['09:00', '12:00'], ['12:00', '18:00']], tue: allDay, wed: [], thu: [], fri: [], sat: [], sun: [] },
  holidays: [{ date: '2026-05-01', name: 'Fête du Travail' }],
};

function errorsOf(json: unknown) {
  const result = parseCalendarFile('cal/bad.json', json);
  if (result.ok) throw new Error('expected the calendar to be rejected');
  return result.errors;
}

/** US federal holidays from their rules (5 U.S.C. 6103), to check the hand-written files. */
function federalHolidays(year: number): string[] {
  const nthWeekday = (month: number, weekday: number, n: number) => {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    return Date.UTC(year, month - 1, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
  };
  const lastWeekday = (month: number, weekday: number) => {
    const last = new Date(Date.UTC(year, month, 0));
    return last.getTime() - ((last.getUTCDay() - weekday + 7) % 7) * 86_400_000;
  };
  const observed = (month: number, day: number) => {
    const date = new Date(Date.UTC(year, month - 1, day));
    const shift = date.getUTCDay() === 6 ? -1 : date.getUTCDay() === 0 ? 1 : 0;
    return date.getTime() + shift * 86_400_000;
  };
  return [
    observed(1, 1),
    nthWeekday(1, 1, 3),
    nthWeekday(2, 1, 3),
    lastWeekday(5, 1),
    observed(6, 19),
    observed(7, 4),
    nthWeekday(9, 1, 1),
    nthWeekday(10, 1, 2),
    observed(11, 11),
    nthWeekday(11, 4, 4),
    observed(12, 25),
  ].map((ms) => new Date(ms).toISOString().slice(0, 10));
}

describe('default calendars', () => {
  it('all load and validate', () => {
    const files = readdirSync(CALENDAR_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['always.json', 'business-weekdays.json', 'calendar-days.json', 'general-support.json']);
    for (const file of files) expect(loadDefault(file.replace('.json', '')).id).toBe(file.replace('.json', ''));
  });

  it('list the US federal holidays for 2026–2027, observed dates included', () => {
    const expected = [...federalHolidays(2026), ...federalHolidays(2027), '2027-12-31'].sort(); // 2028-01-01 is a Saturday
    for (const name of ['general-support', 'business-weekdays']) {
      expect(loadDefault(name).holidays.map((h) => h.date).sort()).toEqual(expected);
    }
    expect(federalHolidays(2026)).toContain('2026-07-03');
    expect(federalHolidays(2027)).toEqual(expect.arrayContaining(['2027-06-18', '2027-07-05', '2027-12-24']));
  });

  it('have the documented hours', () => {
    const general = loadDefault('general-support');
    expect(general.timeZone).toBe('America/New_York');
    expect(businessMinutesBetween('2026-01-06T05:00:00Z', '2026-01-07T05:00:00Z', general)).toBe(15 * 60);
    const weekdays = loadDefault('business-weekdays');
    expect(businessMinutesBetween('2026-01-05T05:00:00Z', '2026-01-12T05:00:00Z', weekdays)).toBe(5 * 12 * 60);
    for (const name of ['always', 'calendar-days']) {
      const cal = loadDefault(name);
      expect(cal.holidays).toEqual([]);
      expect(businessMinutesBetween('2026-12-24T00:00:00Z', '2026-12-26T00:00:00Z', cal)).toBe(48 * 60);
    }
  });
});

describe('calendar validation', () => {
  it('accepts split shifts that touch, and 24:00 as an end', () => {
    const result = parseCalendarFile('ok.json', valid);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.isFrozen(result.value.weekly.mon)).toBe(true);
  });

  it('rejects overlapping intervals, naming file, field and reason', () => {
    const errors = errorsOf({ ...valid, weekly: { ...valid.weekly, mon: [['09:00', '13:00'], ['12:00', '18:00']] } });
    expect(errors).toEqual([{ file: 'cal/bad.json', path: 'weekly.mon[1]', reason: expect.stringMatching(/overlaps/) }]);
    expect(formatConfigIssue(errors[0]!)).toMatch(/^cal\/bad\.json: weekly\.mon\[1\]: interval 12:00–18:00 overlaps/);
  });

  it('rejects inverted and empty intervals', () => {
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, wed: [['18:00', '09:00']] } })[0]).toMatchObject({ path: 'weekly.wed[0]', reason: expect.stringMatching(/inverted/) });
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, wed: [['09:00', '09:00']] } })[0]).toMatchObject({ path: 'weekly.wed[0]' });
  });

  it('rejects bad times', () => {
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, thu: [['9:00', '17:00']] } })[0]).toMatchObject({ path: 'weekly.thu[0][0]' });
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, thu: [['24:00', '24:00']] } })[0]).toMatchObject({ path: 'weekly.thu[0][0]' });
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, thu: [['09:00', '17:60']] } })[0]).toMatchObject({ path: 'weekly.thu[0][1]' });
  });

  it('rejects an unknown time zone', () => {
    expect(errorsOf({ ...valid, timeZone: 'America/Gotham' })).toEqual([{ file: 'cal/bad.json', path: 'timeZone', reason: expect.stringMatching(/unknown IANA time zone/) }]);
  });

  it('rejects duplicate holiday dates and malformed dates', () => {
    const duplicate = errorsOf({ ...valid, holidays: [...valid.holidays, { date: '2026-05-01', name: 'again' }] });
    expect(duplicate).toEqual([{ file: 'cal/bad.json', path: 'holidays[1].date', reason: expect.stringMatching(/duplicate holiday date 2026-05-01/) }]);
    expect(errorsOf({ ...valid, holidays: [{ date: '2026-02-30', name: 'x' }] })[0]).toMatchObject({ path: 'holidays[0].date' });
  });

  it('rejects a misspelt or missing weekday and a calendar that is never open', () => {
    expect(errorsOf({ ...valid, weekly: { ...valid.weekly, monday: [] } }).map((e) => e.path)).toContain('weekly');
    const { sun: _sun, ...sixDays } = valid.weekly;
    expect(errorsOf({ ...valid, weekly: sixDays })[0]).toMatchObject({ path: 'weekly.sun' });
    const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(errorsOf({ ...valid, weekly: closed })[0]).toMatchObject({ path: 'weekly', reason: expect.stringMatching(/never open/) });
  });
});
