import { DateTime } from 'luxon';

/** Dates the report screens ask for, in the zone the reports are kept in. */
export function reportDates(timeZone: string, now: number = Date.now()) {
  const today = DateTime.fromMillis(now, { zone: timeZone });
  const startOfDay = today.startOf('day');
  return {
    today: today.toISODate() as string,
    month: today.toFormat('yyyy-MM'),
    dayStart: startOfDay.toUTC().toISO() as string,
    weekStart: today.startOf('week').toUTC().toISO() as string,
    monthStart: today.startOf('month').toUTC().toISO() as string,
    now: today.toUTC().toISO() as string,
    /** Eight whole weeks back to the Monday of the week eight weeks ago, through today. */
    trendFrom: today.startOf('week').minus({ weeks: 7 }).toISODate() as string,
    /** The first day of the month two months ago: three months with this one. */
    monthsFrom: today.startOf('month').minus({ months: 2 }).toISODate() as string,
  };
}

/** The months a supervisor can pick: this one and the eleven before. */
export function recentMonths(timeZone: string, now: number = Date.now()): { value: string; label: string }[] {
  const start = DateTime.fromMillis(now, { zone: timeZone }).startOf('month');
  return Array.from({ length: 12 }, (_, index) => {
    const month = start.minus({ months: index });
    return { value: month.toFormat('yyyy-MM'), label: month.toFormat('LLLL yyyy') };
  });
}
