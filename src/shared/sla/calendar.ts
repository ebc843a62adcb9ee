import { z } from 'zod';
import { IANAZone } from 'luxon';
import { deepFreeze, issuesFromZod, type LoadResult } from './configIssue';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** "HH:MM" on the 24-hour clock; an interval may end at "24:00" (midnight at the end of the day). */
const OpeningTime = z.string().regex(TIME_OF_DAY, 'expected a time "HH:MM" between 00:00 and 23:59');
const ClosingTime = z.string().refine((value) => value === '24:00' || TIME_OF_DAY.test(value), 'expected a time "HH:MM" between 00:01 and 24:00');

/** Minutes after local midnight for a validated "HH:MM" (or "24:00"). */
export function minuteOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const OpeningInterval = z.tuple([OpeningTime, ClosingTime]);

/** One weekday's opening hours: any number of intervals (split shifts), in order, not overlapping. */
const DayHours = z.array(OpeningInterval).superRefine((intervals, ctx) => {
  let previousEnd = -1;
  let previous = '';
  intervals.forEach(([open, close], index) => {
    if (!TIME_OF_DAY.test(open) || !(close === '24:00' || TIME_OF_DAY.test(close))) return; // reported by the tuple
    const start = minuteOfDay(open);
    const end = minuteOfDay(close);
    if (end <= start) {
      ctx.addIssue({ code: 'custom', path: [index], message: `interval ${open}–${close} is inverted or empty: it must close after it opens` });
      return;
    }
    if (start < previousEnd) {
      ctx.addIssue({ code: 'custom', path: [index], message: `interval ${open}–${close} overlaps or precedes ${previous}: list intervals in order without overlap` });
    }
    previousEnd = end;
    previous = `${open}–${close}`;
  });
});

export const Holiday = z.object({
  date: z.iso.date('expected a date "YYYY-MM-DD"'),
  name: z.string().trim().min(1, 'a holiday needs a name'),
});
export type Holiday = z.infer<typeof Holiday>;

/**
 * A business calendar: the hours that count for an SLA clock. Open instants are those whose
 * local wall time (in `timeZone`) falls inside that weekday's intervals, on a date that is not
 * a holiday. File format: resources/calendars/README.md.
 */
export const Calendar = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id of letters, digits and dashes'),
    name: z.string().trim().min(1).optional(),
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'unknown IANA time zone (e.g. "America/New_York")'),
    weekly: z.strictObject({
      mon: DayHours,
      tue: DayHours,
      wed: DayHours,
      thu: DayHours,
      fri: DayHours,
      sat: DayHours,
      sun: DayHours,
    }),
    holidays: z.array(Holiday),
  })
  .superRefine((calendar, ctx) => {
    const seen = new Map<string, number>();
    calendar.holidays.forEach((holiday, index) => {
      const first = seen.get(holiday.date);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['holidays', index, 'date'], message: `duplicate holiday date ${holiday.date} (already listed at holidays[${first}])` });
      } else seen.set(holiday.date, index);
    });
    if (WEEKDAYS.every((day) => calendar.weekly[day].length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['weekly'], message: 'the calendar is never open: give at least one weekday opening hours' });
    }
  });
export type Calendar = z.infer<typeof Calendar>;

/**
 * Validates one calendar file. Errors name the file, the field path and the reason; the
 * calendar returned is frozen because compiled open intervals are cached per object.
 */
export function parseCalendarFile(fileName: string, json: unknown): LoadResult<Calendar> {
  const result = Calendar.safeParse(json);
  if (!result.success) return { ok: false, errors: issuesFromZod(fileName, result.error) };
  return { ok: true, value: deepFreeze(result.data) };
}

/** The standard 24/7 calendar body, for tests and for hosts that need one without a file. */
export function alwaysOpenCalendar(id: string, timeZone = 'UTC'): Calendar {
  const allDay: [string, string][] = [['00:00', '24:00']];
  return deepFreeze({
    id,
    timeZone,
    weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
    holidays: [],
  });
}

/**
 * The length of one "business day" on this calendar, in minutes: its weekly open time divided
 * by the number of weekdays it opens (12 h for Mon–Fri 08:00–20:00, 24 h for 24/7). Policies
 * and statutes that count in days use it, so "3 business days" from Monday 10:00 is due
 * Thursday 10:00 on a calendar with equal days.
 */
export function openDayMinutes(calendar: Calendar): number {
  const cached = dayLengths.get(calendar);
  if (cached !== undefined) return cached;
  let total = 0;
  let openDays = 0;
  for (const day of WEEKDAYS) {
    const hours = calendar.weekly[day];
    if (hours.length > 0) openDays++;
    for (const [open, close] of hours) total += minuteOfDay(close) - minuteOfDay(open);
  }
  const length = openDays === 0 ? 0 : total / openDays;
  dayLengths.set(calendar, length);
  return length;
}

const dayLengths = new WeakMap<Calendar, number>();
