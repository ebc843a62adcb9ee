import { DateTime } from 'luxon';
import { minuteOfDay, WEEKDAYS, type Calendar } from '../sla/calendar';

/**
 * The end of the business day a request belongs to: the last closing time of the local day it
 * arrived on, when it arrived before that day's close on an open day; otherwise the last closing
 * time of the next open day (a request left after hours or on a holiday belongs to the next
 * business day). "Answered within the same business day" means answered by this instant.
 */
export function endOfBusinessDay(atMs: number, calendar: Calendar): number {
  const holidays = holidaySet(calendar);
  let day = DateTime.fromMillis(atMs, { zone: calendar.timeZone }).startOf('day');
  for (let i = 0; i < 400; i++) {
    const date = day.toISODate() ?? '';
    const hours = calendar.weekly[WEEKDAYS[day.weekday % 7] ?? 'sun'];
    if (!holidays.has(date) && hours.length > 0) {
      const lastClose = hours[hours.length - 1]?.[1] ?? '24:00';
      // Wall-clock time of day, so a daylight-saving day closes at its local closing time.
      const minutes = minuteOfDay(lastClose);
      const close = (minutes >= 1440 ? day.plus({ days: 1 }).startOf('day') : day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })).toMillis();
      if (atMs < close) return close;
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new RangeError(`calendar ${calendar.id} has no open day within 400 days of ${new Date(atMs).toISOString()}`);
}

const holidayCache = new WeakMap<Calendar, Set<string>>();

function holidaySet(calendar: Calendar): Set<string> {
  let set = holidayCache.get(calendar);
  if (!set) holidayCache.set(calendar, (set = new Set(calendar.holidays.map((holiday) => holiday.date))));
  return set;
}
