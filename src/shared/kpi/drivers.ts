import { DateTime } from 'luxon';
import { caseTypeLabel, type CaseType } from '../domain/enums';
import { caseMatches, type CaseIndex, type CaseRecord } from './cases';
import { handleTimeByContact, type ContactIndex } from './contacts';
import { compileFilter, inPeriod, type KpiDirectory, type KpiFilter, type Period } from './kpiInput';

/**
 * Top contact drivers for the monthly root-cause review: why customers contacted the bank,
 * from case types, resolution codes and tags. A driver is a case type with the resolution code
 * it was closed with ("Billing / fee dispute · fee_reversed"; "· open" until resolved); tags are
 * ranked in their own list since one case may carry several. For each: cases opened in the month,
 * contacts linked to them in the month, the handle time those contacts cost (telephony
 * contact.handled, joined by the contact ids cases link and by the case id a switch tags a
 * handled contact with), and the change from a comparable period before (driverPeriods).
 *
 * Handle time is only what was recorded: a driver none of whose contacts has a handle-time fact
 * (walk-ins, or a switch that does not report them) has `handleSeconds: null` — "no handle-time
 * data" — never 0 s; `handledContacts` says how many contacts the figure rests on.
 */
export type Driver = {
  key: string;
  caseType: CaseType;
  resolutionCode: string | null;
  label: string;
  cases: number;
  previousCases: number;
  /** (cases − previous) ÷ previous; null when there were none before. */
  change: number | null;
  trend: 'new' | 'up' | 'down' | 'flat';
  contacts: number;
  /** Contacts of these cases with a handle-time fact in the month. */
  handledContacts: number;
  /** Σ their handle seconds; null when there is none (no handle-time data). */
  handleSeconds: number | null;
  /** Share of all cases opened in the month. */
  share: number;
};

export type TagDriver = { tag: string; cases: number; previousCases: number; change: number | null; trend: Driver['trend']; handledContacts: number; handleSeconds: number | null };

/**
 * What the month is compared with. A month still running is compared with the same stretch of
 * the month before (from its first day for the same days, hours and minutes elapsed:
 * "same_elapsed_days"); a finished month with the whole previous month ("full_months").
 */
export type DriverComparison = { basis: 'same_elapsed_days' | 'full_months'; month: { from: string; to: string }; previous: { from: string; to: string }; label: string };

export type DriverReport = {
  month: { from: string; to: string };
  comparison: DriverComparison;
  totalCases: number;
  totalHandleSeconds: number;
  /** Cases of the month none of whose contacts has a handle-time fact. */
  casesWithoutHandleTime: number;
  drivers: Driver[];
  tags: TagDriver[];
};

/** A change within ±5 % reads as flat. */
const FLAT_BAND = 0.05;

export type DriverPeriods = { month: Period; previousMonth: Period; basis: DriverComparison['basis'] };

/**
 * The periods a month's drivers are counted over, in the centre's time zone: a month that has
 * ended (or not begun) is compared whole with the whole month before; the running month counts
 * up to `nowMs` and is compared with the previous month from its first day for the same elapsed
 * days and time (cut at that month's end: 31 March so far against all of February).
 */
export function driverPeriods(month: string, nowMs: number, timeZone: string): DriverPeriods {
  const start = DateTime.fromISO(`${month}-01`, { zone: timeZone }).startOf('month');
  if (!start.isValid) throw new RangeError(`"${month}" is not a month`);
  const end = start.plus({ months: 1 });
  const previousStart = start.minus({ months: 1 });
  if (nowMs <= start.toMillis() || nowMs >= end.toMillis()) {
    return { month: { from: start.toMillis(), to: end.toMillis() }, previousMonth: { from: previousStart.toMillis(), to: start.toMillis() }, basis: 'full_months' };
  }
  const elapsed = DateTime.fromMillis(nowMs, { zone: timeZone }).diff(start, ['days', 'milliseconds']);
  const previousEnd = Math.min(previousStart.plus(elapsed).toMillis(), start.toMillis());
  return { month: { from: start.toMillis(), to: nowMs }, previousMonth: { from: previousStart.toMillis(), to: previousEnd }, basis: 'same_elapsed_days' };
}

/** How the comparison reads, e.g. "1 Dec – 6 Dec 22:15 against 1 Nov – 6 Nov 22:15 (the same days of last month)". */
export function describeComparison(periods: DriverPeriods, timeZone: string): DriverComparison {
  const iso = (ms: number) => new Date(ms).toISOString();
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone });
  const label =
    periods.basis === 'full_months'
      ? `${local(periods.month.from).toFormat('LLLL yyyy')} against all of ${local(periods.previousMonth.from).toFormat('LLLL yyyy')}`
      : `${local(periods.month.from).toFormat('d LLL')} – ${local(periods.month.to).toFormat('d LLL HH:mm')} against ${local(periods.previousMonth.from).toFormat('d LLL')} – ${local(periods.previousMonth.to).toFormat('d LLL HH:mm')} (the same days of the month before)`;
  return {
    basis: periods.basis,
    month: { from: iso(periods.month.from), to: iso(periods.month.to) },
    previous: { from: iso(periods.previousMonth.from), to: iso(periods.previousMonth.to) },
    label,
  };
}

export function topContactDrivers(input: {
  cases: CaseIndex;
  contacts: ContactIndex;
  month: Period;
  previousMonth: Period;
  /** How the periods were chosen (driverPeriods); a caller passing its own periods says so. */
  basis?: DriverComparison['basis'];
  timeZone?: string;
  directory: KpiDirectory;
  filter?: KpiFilter;
  limit?: number;
}): DriverReport {
  const filter = compileFilter(input.filter);
  const limit = input.limit ?? 10;
  const { byContact: handleByContact, byCase: handledOfCase } = handleTimeByContact(input.contacts, input.month);
  const costOf = (record: CaseRecord): { contacts: number; handled: number; seconds: number } => {
    let contacts = 0;
    if (record.fold.contacts > 0) {
      const times = input.cases.timesOf(record);
      input.cases.eventsOf(record).forEach((event, i) => {
        if (event.type === 'contact.linked' && inPeriod(times[i] as number, input.month)) contacts += 1;
      });
    }
    // The contacts the case links (a contact stream stands for its telephony id) and those the
    // switch tagged with the case id, each counted once.
    const counted = new Set<string>();
    let seconds = 0;
    const count = (telephonyId: string) => {
      const handle = handleByContact.get(telephonyId);
      if (handle === undefined || counted.has(telephonyId)) return;
      counted.add(telephonyId);
      seconds += handle;
    };
    for (const linked of record.contactIds) count(input.cases.externalIdOfStream.get(linked) ?? linked);
    for (const tagged of handledOfCase.get(record.caseId) ?? []) count(tagged);
    return { contacts, handled: counted.size, seconds };
  };
  const addHandle = (row: { handledContacts: number; handleSeconds: number | null }, cost: { handled: number; seconds: number }) => {
    if (cost.handled === 0) return;
    row.handledContacts += cost.handled;
    row.handleSeconds = (row.handleSeconds ?? 0) + cost.seconds;
  };

  const current = new Map<string, Driver>();
  const previous = new Map<string, number>();
  const tags = new Map<string, TagDriver>();
  const previousTags = new Map<string, number>();
  let totalCases = 0;
  let totalHandleSeconds = 0;
  let casesWithoutHandleTime = 0;
  for (const record of input.cases.cases) {
    if (!caseMatches(record, filter, input.directory, record.firstOwnerId)) continue;
    const code = record.lastResolution?.code ?? null;
    const key = `${record.caseType}\u0000${code ?? ''}`;
    if (inPeriod(record.createdAt, input.previousMonth)) {
      previous.set(key, (previous.get(key) ?? 0) + 1);
      for (const tag of record.tags) previousTags.set(tag, (previousTags.get(tag) ?? 0) + 1);
    }
    if (!inPeriod(record.createdAt, input.month)) continue;
    totalCases += 1;
    const cost = costOf(record);
    totalHandleSeconds += cost.seconds;
    if (cost.handled === 0) casesWithoutHandleTime += 1;
    let driver = current.get(key);
    if (!driver) {
      driver = {
        key,
        caseType: record.caseType,
        resolutionCode: code,
        label: `${caseTypeLabel[record.caseType] ?? record.caseType} · ${code ?? (record.finishedAt === null ? 'open' : 'no code')}`,
        cases: 0,
        previousCases: 0,
        change: null,
        trend: 'new',
        contacts: 0,
        handledContacts: 0,
        handleSeconds: null,
        share: 0,
      };
      current.set(key, driver);
    }
    driver.cases += 1;
    driver.contacts += cost.contacts;
    addHandle(driver, cost);
    for (const tag of record.tags) {
      let entry = tags.get(tag);
      if (!entry) tags.set(tag, (entry = { tag, cases: 0, previousCases: 0, change: null, trend: 'new', handledContacts: 0, handleSeconds: null }));
      entry.cases += 1;
      addHandle(entry, cost);
    }
  }
  const withTrend = <T extends { cases: number; previousCases: number; change: number | null; trend: Driver['trend'] }>(row: T, before: number): T => {
    row.previousCases = before;
    row.change = before > 0 ? (row.cases - before) / before : null;
    row.trend = before === 0 ? 'new' : Math.abs(row.change ?? 0) <= FLAT_BAND ? 'flat' : (row.change ?? 0) > 0 ? 'up' : 'down';
    return row;
  };
  const rank = <T extends { cases: number; handleSeconds: number | null }>(a: T, b: T, keyA: string, keyB: string) => b.cases - a.cases || (b.handleSeconds ?? 0) - (a.handleSeconds ?? 0) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
  const drivers = [...current.values()]
    .map((driver) => withTrend({ ...driver, share: totalCases > 0 ? driver.cases / totalCases : 0 }, previous.get(driver.key) ?? 0))
    .sort((a, b) => rank(a, b, a.key, b.key))
    .slice(0, limit);
  const tagRows = [...tags.values()].map((row) => withTrend(row, previousTags.get(row.tag) ?? 0)).sort((a, b) => rank(a, b, a.tag, b.tag)).slice(0, limit);
  const comparison = describeComparison({ month: input.month, previousMonth: input.previousMonth, basis: input.basis ?? 'full_months' }, input.timeZone ?? 'UTC');
  return {
    month: comparison.month,
    comparison,
    totalCases,
    totalHandleSeconds,
    casesWithoutHandleTime,
    drivers,
    tags: tagRows,
  };
}
