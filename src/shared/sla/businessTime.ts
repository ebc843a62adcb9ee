import { IANAZone } from 'luxon';
import { minuteOfDay, WEEKDAYS, type Calendar } from './calendar';

/**
 * Business-time arithmetic: how much open time of a business calendar lies between two
 * instants, and when a given amount of open time will have elapsed.
 *
 * Definition. An instant is *open* when the wall clock of the calendar's time zone shows a
 * time inside one of that weekday's intervals, on a local date that is not a holiday. This
 * makes daylight-saving transitions exact without special cases: on a spring-forward day
 * the skipped local hour simply never occurs (an interval 00:00–24:00 holds 23 hours), and
 * on a fall-back day the repeated local hour occurs twice and counts twice (25 hours).
 *
 * Precision. Durations are counted in milliseconds; the minute-based functions accept and
 * return fractional minutes (a whole number of minutes when the instants are on whole
 * minutes). Fractional inputs are rounded to the nearest millisecond.
 *
 * Instants. Every input string must carry its offset ("Z" or "±HH:MM"): a bare local time
 * would be read in the host's zone, which is exactly how other tools end up showing fresh
 * cases as breached to agents in another time zone. Outputs are ISO 8601 UTC with "Z".
 *
 * Speed. Zone rules (luxon) are consulted only to build one UTC day's open intervals, once
 * per calendar object and day; afterwards each computation is number arithmetic over cached
 * intervals with cumulative open-time sums (binary search for long durations). Calendars are
 * treated as immutable values: the loaders freeze them, and a changed calendar must be a new
 * object, which gets a fresh cache.
 */

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Offsets stay within ±24 h of UTC in every zone, so a local date lies within a day of the same UTC date. */
const LOCAL_DATE_MARGIN_DAYS = 1;
/** Zone offsets are sampled this often and transitions found by bisection between samples. */
const OFFSET_SAMPLE_MS = 6 * 3_600_000;
/** A search that finds no open time within this many days is a calendar error, not a wait. */
const MAX_SCAN_DAYS = 366 * 100;

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Reads an ISO 8601 instant that states its offset ("2026-03-08T07:00:00Z",
 * "2026-03-08T02:00-05:00") as epoch milliseconds.
 * @throws RangeError for strings without an offset or with an impossible date.
 */
export function parseInstant(iso: string): number {
  const fast = parseCanonicalUtc(iso);
  if (fast !== null) return fast;
  const match = ISO_INSTANT.exec(iso);
  const ms = match ? Date.parse(iso) : Number.NaN;
  if (!match || Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant with an offset: "${iso}"`);
  const day = Number(match[3]);
  if (day > 28 && day > daysInMonth(Number(match[1]), Number(match[2]))) throw new RangeError(`no such date: "${iso}"`);
  return ms;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "YYYY-MM-DDTHH:MM:SSZ" or "…:SS.sssZ", the form this module and the event log write, read without a regex. */
function parseCanonicalUtc(iso: string): number | null {
  const length = iso.length;
  if ((length !== 20 && length !== 24) || iso.charCodeAt(length - 1) !== 90 /* Z */) return null;
  if (iso[4] !== '-' || iso[7] !== '-' || iso[10] !== 'T' || iso[13] !== ':' || iso[16] !== ':' || (length === 24 && iso[19] !== '.')) return null;
  const year = digitsAt(iso, 0, 4);
  const month = digitsAt(iso, 5, 2);
  const day = digitsAt(iso, 8, 2);
  const hour = digitsAt(iso, 11, 2);
  const minute = digitsAt(iso, 14, 2);
  const second = digitsAt(iso, 17, 2);
  const milli = length === 24 ? digitsAt(iso, 20, 3) : 0;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || milli < 0) return null;
  if (day > 28 && day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, milli);
}

function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const YEAR_10000_MS = 253_402_300_800_000;

/** Epoch milliseconds as ISO 8601 UTC ("2026-03-08T07:00:00.000Z"), identical to `Date#toISOString`. */
export function formatInstant(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  // Civil date from day number (H. Hinnant's algorithm): far cheaper than building a Date.
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / MINUTE_MS);
  rest -= minute * MINUTE_MS;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${THREE_DIGITS[milli]}Z`;
}

/** The open intervals of one UTC day, in order, with the open time of every earlier cached day. */
type DayBucket = {
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly total: number;
  /** Open ms from the cache's anchor day to the start of this day (negative before the anchor). */
  readonly cumStart: number;
};

class CompiledCalendar {
  /** Index 0 = Sunday; flat [startMinute, endMinute, …] pairs. */
  private readonly weekly: number[][];
  private readonly holidayDays: Set<number>;
  private readonly localDates = new Map<number, number[]>();
  private anchor = 0;
  private readonly forward: DayBucket[] = [];
  private readonly backward: DayBucket[] = [];

  constructor(private readonly calendar: Calendar) {
    if (!IANAZone.isValidZone(calendar.timeZone)) throw new RangeError(`calendar "${calendar.id}": unknown time zone "${calendar.timeZone}"`);
    this.weekly = WEEKDAYS.map((day) => calendar.weekly[day].flatMap(([open, close]) => [minuteOfDay(open), minuteOfDay(close)]));
    this.holidayDays = new Set(calendar.holidays.map((holiday) => Date.parse(`${holiday.date}T00:00:00Z`) / DAY_MS));
  }

  get id(): string {
    return this.calendar.id;
  }

  /** Open milliseconds from the anchor day's start to `t` (a monotone function of `t`). */
  openTimeBefore(t: number): number {
    const bucket = this.bucket(Math.floor(t / DAY_MS));
    let open = bucket.cumStart;
    const { starts, ends } = bucket;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i]!;
      if (start >= t) break;
      open += Math.min(ends[i]!, t) - start;
    }
    return open;
  }

  isOpenAt(t: number): boolean {
    const { starts, ends } = this.bucket(Math.floor(t / DAY_MS));
    for (let i = 0; i < starts.length; i++) if (starts[i]! <= t && t < ends[i]!) return true;
    return false;
  }

  /** The earliest instant `t' >= t` with `openTimeBefore(t') === openTimeBefore(t) + durationMs`. */
  add(t: number, durationMs: number): number {
    if (durationMs === 0) return t;
    const firstDay = Math.floor(t / DAY_MS);
    const target = this.openTimeBefore(t) + durationMs;
    // Exponential probe for a day whose end reaches the target, then bisect for the first one.
    let low = firstDay - 1; // the target lies after this day's end (or this is before the start)
    let step = 1;
    let high = firstDay;
    for (;;) {
      const bucket = this.bucket(high);
      if (bucket.cumStart + bucket.total >= target) break;
      if (high - firstDay > MAX_SCAN_DAYS) {
        throw new RangeError(`calendar "${this.calendar.id}" has no ${durationMs / MINUTE_MS} open minutes within ${MAX_SCAN_DAYS} days`);
      }
      low = high;
      high += step;
      step *= 2;
    }
    while (high - low > 1) {
      const mid = low + Math.floor((high - low) / 2);
      const bucket = this.bucket(mid);
      if (bucket.cumStart + bucket.total >= target) high = mid;
      else low = mid;
    }
    const { starts, ends, cumStart } = this.bucket(high);
    let open = cumStart;
    for (let i = 0; i < starts.length; i++) {
      const length = ends[i]! - starts[i]!;
      if (open + length >= target) return starts[i]! + (target - open);
      open += length;
    }
    throw new Error(`calendar "${this.calendar.id}": business-time index is inconsistent`);
  }

  private bucket(day: number): DayBucket {
    const index = day - this.anchor;
    if (index >= 0) {
      const cached = this.forward[index];
      if (cached) return cached;
    } else {
      const cached = this.backward[-index - 1];
      if (cached) return cached;
    }
    return this.extendTo(day);
  }

  /** Builds every day between the cached range and `day`, keeping cumulative sums contiguous. */
  private extendTo(day: number): DayBucket {
    if (this.forward.length === 0) {
      this.anchor = day;
      const bucket = this.buildDay(day, () => 0);
      this.forward.push(bucket);
      return bucket;
    }
    let built: DayBucket | undefined;
    while (day >= this.anchor + this.forward.length) {
      const previous = this.forward[this.forward.length - 1]!;
      built = this.buildDay(this.anchor + this.forward.length, () => previous.cumStart + previous.total);
      this.forward.push(built);
    }
    while (day < this.anchor - this.backward.length) {
      const following = this.backward[this.backward.length - 1] ?? this.forward[0]!;
      built = this.buildDay(this.anchor - this.backward.length - 1, (total) => following.cumStart - total);
      this.backward.push(built);
    }
    if (!built) throw new Error(`calendar "${this.calendar.id}": day ${day} was expected in the cache`);
    return built;
  }

  /** The open intervals of UTC day `day`: pieces of the local dates that overlap it. */
  private buildDay(day: number, cumulative: (total: number) => number): DayBucket {
    const dayStart = day * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    const pieces: number[] = [];
    for (let localDate = day - 1; localDate <= day + 1; localDate++) {
      const intervals = this.localDateIntervals(localDate);
      for (let i = 0; i < intervals.length; i += 2) {
        const start = Math.max(intervals[i]!, dayStart);
        const end = Math.min(intervals[i + 1]!, dayEnd);
        if (start < end) pieces.push(start, end);
      }
    }
    const { starts, ends } = mergeIntervals(pieces);
    let total = 0;
    for (let i = 0; i < starts.length; i++) total += ends[i]! - starts[i]!;
    return { starts, ends, total, cumStart: cumulative(total) };
  }

  /**
   * UTC intervals of the instants whose local wall time falls in local date `date`'s opening
   * hours (flat [start, end, …], sorted, merged). Within each stretch of constant UTC offset
   * the wall clock is a shift of UTC, so each opening interval maps to one UTC interval there.
   */
  private localDateIntervals(date: number): number[] {
    const cached = this.localDates.get(date);
    if (cached) return cached;
    let result: number[] = [];
    const hours = this.weekly[(((date + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
    if (hours.length > 0 && !this.holidayDays.has(date)) {
      const localMidnight = date * DAY_MS; // the wall time 00:00 of this date, written as if it were UTC
      const segments = offsetSegments(this.calendar.timeZone, date - LOCAL_DATE_MARGIN_DAYS, date + LOCAL_DATE_MARGIN_DAYS);
      const pieces: number[] = [];
      for (let i = 0; i < hours.length; i += 2) {
        const wallStart = localMidnight + hours[i]! * MINUTE_MS;
        const wallEnd = localMidnight + hours[i + 1]! * MINUTE_MS;
        for (let s = 0; s < segments.length; s += 3) {
          const offset = segments[s + 2]!;
          const start = Math.max(wallStart - offset, segments[s]!);
          const end = Math.min(wallEnd - offset, segments[s + 1]!);
          if (start < end) pieces.push(start, end);
        }
      }
      const merged = mergeIntervals(pieces);
      result = merged.starts.flatMap((start, i) => [start, merged.ends[i]!]);
    }
    this.localDates.set(date, result);
    return result;
  }
}

/**
 * Stretches of constant UTC offset covering UTC days [firstDay, lastDay]: flat
 * [start, end, offsetMs, …]. Zone rules do not depend on the calendar, so each zone's days are
 * memoised once for every calendar that uses the zone.
 */
function offsetSegments(zoneName: string, firstDay: number, lastDay: number): number[] {
  const segments: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const daySegments = zoneDaySegments(zoneName, day);
    for (let i = 0; i < daySegments.length; i++) segments.push(daySegments[i]!);
  }
  return segments;
}

const zoneDays = new Map<string, Map<number, number[]>>();

function zoneDaySegments(zoneName: string, day: number): number[] {
  let days = zoneDays.get(zoneName);
  if (!days) {
    days = new Map();
    zoneDays.set(zoneName, days);
  }
  let segments = days.get(day);
  if (!segments) {
    segments = constantOffsetStretches(IANAZone.create(zoneName), day * DAY_MS, (day + 1) * DAY_MS);
    days.set(day, segments);
  }
  return segments;
}

/** Stretches of constant UTC offset in [from, to): flat [start, end, offsetMs, …]. */
function constantOffsetStretches(zone: IANAZone, from: number, to: number): number[] {
  const offsetAt = (t: number) => zone.offset(t) * MINUTE_MS;
  const segments: number[] = [];
  let segmentStart = from;
  let segmentOffset = offsetAt(from);
  let probe = from;
  while (probe < to) {
    const next = Math.min(probe + OFFSET_SAMPLE_MS, to - 1);
    if (offsetAt(next) === segmentOffset) {
      probe = next === to - 1 ? to : next;
      continue;
    }
    // Bisect to the first millisecond with a different offset.
    let low = probe;
    let high = next;
    while (high - low > 1) {
      const mid = low + Math.floor((high - low) / 2);
      if (offsetAt(mid) === segmentOffset) low = mid;
      else high = mid;
    }
    segments.push(segmentStart, high, segmentOffset);
    segmentStart = high;
    segmentOffset = offsetAt(high);
    probe = high;
  }
  segments.push(segmentStart, to, segmentOffset);
  return segments;
}

function mergeIntervals(flat: number[]): { starts: number[]; ends: number[] } {
  const order: number[] = [];
  for (let i = 0; i < flat.length; i += 2) order.push(i);
  order.sort((a, b) => flat[a]! - flat[b]!);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const i of order) {
    const start = flat[i]!;
    const end = flat[i + 1]!;
    const last = ends.length - 1;
    if (last >= 0 && start <= ends[last]!) ends[last] = Math.max(ends[last]!, end);
    else {
      starts.push(start);
      ends.push(end);
    }
  }
  return { starts, ends };
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

function compile(calendar: Calendar): CompiledCalendar {
  let entry = compiled.get(calendar);
  if (!entry) {
    entry = new CompiledCalendar(calendar);
    compiled.set(calendar, entry);
  }
  return entry;
}

function toDurationMs(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`business minutes must be a finite number ≥ 0, got ${minutes}`);
  return Math.round(minutes * MINUTE_MS);
}

/**
 * The earliest instant at which `durationMs` of the calendar's open time has elapsed after
 * `startMs` (epoch milliseconds in and out). A duration that ends exactly at a closing time
 * returns that closing instant, not the next opening; 0 returns `startMs`.
 * @throws RangeError if `durationMs` is negative or not finite, or no such instant exists within 100 years.
 */
export function addBusinessMs(startMs: number, durationMs: number, calendar: Calendar): number {
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError(`a business duration must be a finite number ≥ 0, got ${durationMs}`);
  if (!Number.isFinite(startMs)) throw new RangeError(`not an instant: ${startMs}`);
  return compile(calendar).add(startMs, durationMs);
}

/**
 * Open milliseconds of the calendar between two instants (epoch milliseconds); negative when
 * `endMs` is before `startMs`.
 */
export function businessMsBetween(startMs: number, endMs: number, calendar: Calendar): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw new RangeError(`not an instant: ${startMs} / ${endMs}`);
  if (endMs === startMs) return 0;
  const engine = compile(calendar);
  return engine.openTimeBefore(endMs) - engine.openTimeBefore(startMs);
}

/**
 * The earliest instant (ISO 8601 UTC, "Z") at which `minutes` of the calendar's open time have
 * elapsed after `startIso`. A duration that ends exactly at closing time returns the closing
 * instant, not the next opening; 0 minutes returns `startIso` normalised to UTC. Minutes may be
 * fractional (millisecond precision).
 * @throws RangeError for a start without an offset, negative or non-finite minutes, or a calendar with no open time ahead.
 */
export function addBusinessMinutes(startIso: string, minutes: number, calendar: Calendar): string {
  return formatInstant(addBusinessMs(parseInstant(startIso), toDurationMs(minutes), calendar));
}

/**
 * Open minutes of the calendar between two instants; negative when `endIso` is before
 * `startIso`. Fractional when the instants are not on whole minutes (millisecond precision).
 * @throws RangeError for an instant without an offset.
 */
export function businessMinutesBetween(startIso: string, endIso: string, calendar: Calendar): number {
  return businessMsBetween(parseInstant(startIso), parseInstant(endIso), calendar) / MINUTE_MS;
}

/** Whether the calendar is open at this instant (ISO string with offset, or epoch ms). */
export function isBusinessOpen(instant: string | number, calendar: Calendar): boolean {
  const ms = typeof instant === 'string' ? parseInstant(instant) : instant;
  return compile(calendar).isOpenAt(ms);
}
