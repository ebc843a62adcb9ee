import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { Calendar, minuteOfDay, parseCalendarFile, WEEKDAYS, type Weekday } from '../../../src/shared/sla/calendar';
import {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  isBusinessOpen,
  MINUTE_MS,
  parseInstant,
  formatInstant,
} from '../../../src/shared/sla/businessTime';

type Hours = [string, string][];

function calendar(timeZone: string, weekly: Partial<Record<Weekday, Hours>>, holidays: string[] = []): Calendar {
  const result = parseCalendarFile('test.json', {
    id: 'test',
    timeZone,
    weekly: Object.fromEntries(WEEKDAYS.map((day) => [day, weekly[day] ?? []])),
    holidays: holidays.map((date) => ({ date, name: `holiday ${date}` })),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const everyDay = (hours: Hours) => Object.fromEntries(WEEKDAYS.map((day) => [day, hours])) as Record<Weekday, Hours>;
const weekdays = (hours: Hours) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

const newYork24x7 = calendar('America/New_York', everyDay([['00:00', '24:00']]));
const generalSupport = calendar('America/New_York', everyDay([['07:00', '22:00']]), ['2026-12-25']);
const businessWeekdays = calendar('America/New_York', weekdays([['08:00', '20:00']]), ['2026-01-19', '2026-12-25']);

/** Independent oracle: walk every UTC minute and ask luxon what the wall clock shows. */
function bruteForceOpenMinutes(startMs: number, endMs: number, cal: Calendar): number {
  const holidays = new Set(cal.holidays.map((h) => h.date));
  let open = 0;
  for (let t = startMs; t < endMs; t += MINUTE_MS) if (bruteForceIsOpen(t, cal, holidays)) open++;
  return open;
}

function bruteForceIsOpen(t: number, cal: Calendar, holidays: Set<string>): boolean {
  const local = DateTime.fromMillis(t, { zone: cal.timeZone });
  if (holidays.has(local.toISODate() ?? '')) return false;
  const day = WEEKDAYS[local.weekday % 7]!; // luxon: 1 = Monday … 7 = Sunday
  const minute = local.hour * 60 + local.minute;
  return cal.weekly[day].some(([open, close]) => minuteOfDay(open) <= minute && minute < minuteOfDay(close));
}

describe('addBusinessMinutes / businessMinutesBetween: explicit cases', () => {
  it('counts 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    expect(businessMinutesBetween('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', newYork24x7)).toBe(23 * 60);
    expect(businessMinutesBetween('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', newYork24x7)).toBe(25 * 60);
  });

  it('skips the 02:00 spring-forward gap inside opening hours', () => {
    const night = calendar('America/New_York', { sun: [['01:00', '04:00']] });
    // 01:00–02:00 EST and 03:00–04:00 EDT exist; 02:00–03:00 never happens.
    expect(businessMinutesBetween('2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', night)).toBe(120);
    // 01:30 EST + 60 open minutes: 30 before the gap, 30 after it = 03:30 EDT.
    expect(addBusinessMinutes('2026-03-08T06:30:00Z', 60, night)).toBe('2026-03-08T07:30:00.000Z');
  });

  it('opens at the end of the gap when the opening time does not exist that day', () => {
    const early = calendar('America/New_York', { sun: [['02:30', '05:00']] });
    expect(addBusinessMinutes('2026-03-08T05:00:00Z', 0.5, early)).toBe('2026-03-08T07:00:30.000Z'); // 03:00 EDT + 30 s
    expect(businessMinutesBetween('2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', early)).toBe(120);
  });

  it('counts the repeated 01:00–02:00 hour twice in the fall', () => {
    const night = calendar('America/New_York', { sun: [['01:00', '02:00']] });
    expect(businessMinutesBetween('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', night)).toBe(120);
    // 01:30 EDT + 60 open minutes: 30 to 02:00 EDT (= 01:00 EST), then 30 more → 01:30 EST.
    expect(addBusinessMinutes('2026-11-01T05:30:00Z', 60, night)).toBe('2026-11-01T06:30:00.000Z');
  });

  it('handles southern-hemisphere DST (Australia/Sydney ends in April, starts in October)', () => {
    const sydney = calendar('Australia/Sydney', everyDay([['00:00', '24:00']]));
    // 2026-04-05 03:00 AEDT → 02:00 AEST: a 25-hour local day.
    expect(businessMinutesBetween('2026-04-04T13:00:00Z', '2026-04-05T14:00:00Z', sydney)).toBe(25 * 60);
    // 2026-10-04 02:00 AEST → 03:00 AEDT: a 23-hour local day.
    expect(businessMinutesBetween('2026-10-03T14:00:00Z', '2026-10-04T13:00:00Z', sydney)).toBe(23 * 60);
  });

  it('returns the closing instant, not the next opening, when a duration ends at closing', () => {
    // Monday 2026-01-05 10:00 EST + 12 h of general support = 22:00 EST Monday.
    expect(addBusinessMinutes('2026-01-05T15:00:00Z', 12 * 60, generalSupport)).toBe('2026-01-06T03:00:00.000Z');
    expect(addBusinessMinutes('2026-01-05T15:00:00Z', 12 * 60 + 1, generalSupport)).toBe('2026-01-06T12:01:00.000Z');
  });

  it('starts counting at the next opening when started outside hours', () => {
    // Saturday 10:00 EST on a weekday calendar: Monday 08:00 + 90 min.
    expect(addBusinessMinutes('2026-01-10T15:00:00Z', 90, businessWeekdays)).toBe('2026-01-12T14:30:00.000Z');
    expect(businessMinutesBetween('2026-01-10T15:00:00Z', '2026-01-12T14:30:00Z', businessWeekdays)).toBe(90);
  });

  it('splits a duration across split shifts', () => {
    const split = calendar('Europe/London', weekdays([['09:00', '12:00'], ['13:00', '17:30']]));
    // Monday 2026-02-02 11:00 GMT + 2 h: 1 h until lunch, 1 h after → 14:00.
    expect(addBusinessMinutes('2026-02-02T11:00:00Z', 120, split)).toBe('2026-02-02T14:00:00.000Z');
    expect(businessMinutesBetween('2026-02-02T00:00:00Z', '2026-02-03T00:00:00Z', split)).toBe(450);
  });

  it('skips holidays: 3 business days from Wednesday before MLK day land on Tuesday', () => {
    // Wed 2026-01-14 10:00 EST + 36 open hours: Wed 10, Thu 12, Fri 12, (Mon 19 holiday), Tue 2 → 10:00.
    expect(addBusinessMinutes('2026-01-14T15:00:00Z', 36 * 60, businessWeekdays)).toBe('2026-01-20T15:00:00.000Z');
    expect(isBusinessOpen('2026-01-19T15:00:00Z', businessWeekdays)).toBe(false);
    expect(isBusinessOpen('2026-01-20T15:00:00Z', businessWeekdays)).toBe(true);
  });

  it('handles durations of months and years', () => {
    expect(addBusinessMinutes('2026-01-01T00:00:00Z', 365 * 24 * 60, newYork24x7)).toBe('2027-01-01T00:00:00.000Z');
    // 45 business days of 12 h from Friday 2026-10-02 10:00 EDT, Columbus/Veterans/Thanksgiving not in this calendar's list.
    const due = addBusinessMinutes('2026-10-02T14:00:00Z', 45 * 12 * 60, businessWeekdays);
    expect(due).toBe('2026-12-04T15:00:00.000Z'); // Friday 10:00 EST, 9 weeks later (clocks went back in between)
    expect(businessMinutesBetween('2026-10-02T14:00:00Z', due, businessWeekdays)).toBe(45 * 12 * 60);
  });

  it('returns the start, normalised to UTC, for 0 minutes', () => {
    expect(addBusinessMinutes('2026-01-10T10:00:00-05:00', 0, businessWeekdays)).toBe('2026-01-10T15:00:00.000Z');
  });

  it('is negative when the end precedes the start', () => {
    expect(businessMinutesBetween('2026-01-12T14:30:00Z', '2026-01-10T15:00:00Z', businessWeekdays)).toBe(-90);
  });

  it('rejects instants without an offset and negative durations', () => {
    expect(() => addBusinessMinutes('2026-01-10T10:00:00', 5, businessWeekdays)).toThrow(RangeError);
    expect(() => addBusinessMinutes('2026-02-30T10:00:00Z', 5, businessWeekdays)).toThrow(RangeError);
    expect(() => addBusinessMinutes('2026-01-10T10:00:00Z', -1, businessWeekdays)).toThrow(RangeError);
    expect(() => businessMinutesBetween('2026-01-10', '2026-01-11T00:00:00Z', businessWeekdays)).toThrow(RangeError);
  });

  it('does not depend on the host time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = addBusinessMinutes('2026-03-06T23:00:00Z', 120, calendar('America/Chicago', weekdays([['09:00', '17:00']])));
      process.env.TZ = 'America/Los_Angeles';
      const losAngeles = addBusinessMinutes('2026-03-06T23:00:00Z', 120, calendar('America/Chicago', weekdays([['09:00', '17:00']])));
      expect(tokyo).toBe(losAngeles);
      expect(tokyo).toBe('2026-03-09T16:00:00.000Z'); // Fri 17:00 CST close; Mon 09:00 CDT + 2 h = 11:00 CDT
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/London',
  'Europe/Berlin',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // −03:30 with DST
  'America/Santiago', // transitions at local midnight
  'Asia/Kolkata',
  'Asia/Kathmandu',
];

/** Instants near the year's DST transitions (both hemispheres) and anywhere in 2026–2027. */
const TRANSITION_DAYS = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2027-03-14', '2027-04-04'];
const instantArb = fc.oneof(
  fc.tuple(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: -2 * 24 * 60, max: 2 * 24 * 60 })).map(([day, minutes]) => Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE_MS),
  fc.integer({ min: Date.parse('2026-01-01T00:00:00Z') / MINUTE_MS, max: Date.parse('2027-12-01T00:00:00Z') / MINUTE_MS }).map((m) => m * MINUTE_MS),
);

/** 0–3 sorted intervals per day, from distinct cut points on the quarter hour or the minute. */
const dayHoursArb = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 96 }).map((q) => q * 15), fc.integer({ min: 0, max: 1440 })), { maxLength: 6 })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const hours: Hours = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) hours.push([hhmm(sorted[i]!), hhmm(sorted[i + 1]!)]);
    return hours;
  });

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const calendarArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    days: fc.tuple(dayHoursArb, dayHoursArb, dayHoursArb, dayHoursArb, dayHoursArb, dayHoursArb, dayHoursArb),
    holidays: fc.uniqueArray(fc.oneof(fc.constantFrom(...TRANSITION_DAYS), fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10))), { maxLength: 8 }),
  })
  .filter(({ days }) => days.some((hours) => hours.length > 0))
  .map(({ zone, days, holidays }) => calendar(zone, Object.fromEntries(WEEKDAYS.map((day, i) => [day, days[i]!])), holidays));

describe('business time: properties', () => {
  it('agrees with a minute-by-minute walk of the wall clock on random calendars', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 2 * 24 * 60 }), (cal, start, length) => {
        const end = start + length * MINUTE_MS;
        expect(businessMsBetween(start, end, cal) / MINUTE_MS).toBe(bruteForceOpenMinutes(start, end, cal));
      }),
      { numRuns: 120 },
    );
  });

  it('agrees with the walk on where a duration ends', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 600 }), (cal, start, minutes) => {
        const due = addBusinessMs(start, minutes * MINUTE_MS, cal);
        const holidays = new Set(cal.holidays.map((h) => h.date));
        // The minute just before the due instant is open and the walk counts exactly `minutes` up to it.
        expect(bruteForceIsOpen(due - MINUTE_MS, cal, holidays)).toBe(true);
        expect(bruteForceOpenMinutes(start, due, cal)).toBe(minutes);
      }),
      { numRuns: 60 },
    );
  });

  it('round-trips: the open time between a start and start + m is m', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 120 * 24 * 60 }), (cal, start, ms, minutes) => {
        const startIso = new Date(start + ms).toISOString();
        expect(businessMinutesBetween(startIso, addBusinessMinutes(startIso, minutes, cal), cal)).toBe(minutes);
      }),
      { numRuns: 200 },
    );
  });

  it('is monotone in the duration and in the start', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(10 * 24 * 60), fc.nat(10 * 24 * 60), fc.nat(3 * 24 * 60), (cal, start, a, b, shift) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMs(start, small * MINUTE_MS, cal)).toBeLessThanOrEqual(addBusinessMs(start, large * MINUTE_MS, cal));
        expect(addBusinessMs(start, a * MINUTE_MS, cal)).toBeLessThanOrEqual(addBusinessMs(start + shift * MINUTE_MS, a * MINUTE_MS, cal));
        expect(businessMsBetween(start, start + shift * MINUTE_MS, cal)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('is additive: adding a then b equals adding a + b', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.nat(20 * 24 * 60), fc.nat(20 * 24 * 60), (cal, start, a, b) => {
        const stepwise = addBusinessMs(addBusinessMs(start, a * MINUTE_MS, cal), b * MINUTE_MS, cal);
        expect(stepwise).toBe(addBusinessMs(start, (a + b) * MINUTE_MS, cal));
      }),
      { numRuns: 200 },
    );
  });

  it('is antisymmetric and additive over consecutive ranges', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (cal, x, y, z) => {
        expect(businessMsBetween(x, y, cal) + businessMsBetween(y, x, cal)).toBe(0);
        expect(businessMsBetween(x, y, cal) + businessMsBetween(y, z, cal)).toBe(businessMsBetween(x, z, cal));
      }),
      { numRuns: 150 },
    );
  });

  it('returns the earliest instant: the due instant is never closed time reached by waiting', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 5 * 24 * 60 }), (cal, start, minutes) => {
        const due = addBusinessMs(start, minutes * MINUTE_MS, cal);
        expect(businessMsBetween(start, due - 1, cal)).toBeLessThan(minutes * MINUTE_MS);
      }),
      { numRuns: 150 },
    );
  });
});

describe('instants', () => {
  it('parses offsets and fractions', () => {
    expect(parseInstant('2026-01-01T00:00+05:30')).toBe(Date.parse('2025-12-31T18:30:00Z'));
    expect(parseInstant('2026-01-01T00:00:00.123456Z')).toBe(Date.parse('2026-01-01T00:00:00.123Z'));
  });
});

describe('instant formatting', () => {
  it('formats exactly like Date#toISOString and parses its own output back', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5e13, max: 2.5e14 }), (ms) => {
        const iso = formatInstant(ms);
        expect(iso).toBe(new Date(ms).toISOString());
        expect(parseInstant(iso)).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects impossible dates in the canonical form too', () => {
    expect(() => parseInstant('2026-02-29T00:00:00Z')).toThrow(RangeError);
    expect(() => parseInstant('2026-04-31T00:00:00.000Z')).toThrow(RangeError);
    expect(parseInstant('2028-02-29T00:00:00.000Z')).toBe(Date.UTC(2028, 1, 29));
    expect(() => parseInstant('2026-01-01T25:00:00Z')).toThrow(RangeError);
  });
});
