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
 * contact.handled, joined by the contact ids cases link), and the change from the month before.
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
  handleSeconds: number;
  /** Share of all cases opened in the month. */
  share: number;
};

export type TagDriver = { tag: string; cases: number; previousCases: number; change: number | null; trend: Driver['trend']; handleSeconds: number };

export type DriverReport = { month: { from: string; to: string }; totalCases: number; totalHandleSeconds: number; drivers: Driver[]; tags: TagDriver[] };

/** A change within ±5 % reads as flat. */
const FLAT_BAND = 0.05;

export function topContactDrivers(input: {
  cases: CaseIndex;
  contacts: ContactIndex;
  month: Period;
  previousMonth: Period;
  directory: KpiDirectory;
  filter?: KpiFilter;
  limit?: number;
}): DriverReport {
  const filter = compileFilter(input.filter);
  const limit = input.limit ?? 10;
  const { byContact: handleByContact, byCase: handleByCase } = handleTimeByContact(input.contacts, input.month);
  const costOf = (record: CaseRecord): { contacts: number; seconds: number } => {
    let seconds = 0;
    const seen = new Set<string>();
    let contacts = 0;
    if (record.fold.contacts > 0) {
      const times = input.cases.timesOf(record);
      input.cases.eventsOf(record).forEach((event, i) => {
        if (event.type === 'contact.linked' && inPeriod(times[i] as number, input.month)) contacts += 1;
      });
    }
    for (const linked of record.contactIds) {
      const telephonyId = input.cases.externalIdOfStream.get(linked) ?? linked;
      if (seen.has(telephonyId)) continue;
      seen.add(telephonyId);
      seconds += handleByContact.get(telephonyId) ?? 0;
    }
    // A switch that tags contact.handled with the case id: counted unless the link above already did.
    if (seen.size === 0) seconds += handleByCase.get(record.caseId) ?? 0;
    return { contacts, seconds };
  };

  const current = new Map<string, Driver>();
  const previous = new Map<string, number>();
  const tags = new Map<string, TagDriver>();
  const previousTags = new Map<string, number>();
  let totalCases = 0;
  let totalHandleSeconds = 0;
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
        handleSeconds: 0,
        share: 0,
      };
      current.set(key, driver);
    }
    driver.cases += 1;
    driver.contacts += cost.contacts;
    driver.handleSeconds += cost.seconds;
    for (const tag of record.tags) {
      let entry = tags.get(tag);
      if (!entry) tags.set(tag, (entry = { tag, cases: 0, previousCases: 0, change: null, trend: 'new', handleSeconds: 0 }));
      entry.cases += 1;
      entry.handleSeconds += cost.seconds;
    }
  }
  const withTrend = <T extends { cases: number; previousCases: number; change: number | null; trend: Driver['trend'] }>(row: T, before: number): T => {
    row.previousCases = before;
    row.change = before > 0 ? (row.cases - before) / before : null;
    row.trend = before === 0 ? 'new' : Math.abs(row.change ?? 0) <= FLAT_BAND ? 'flat' : (row.change ?? 0) > 0 ? 'up' : 'down';
    return row;
  };
  const rank = <T extends { cases: number; handleSeconds: number }>(a: T, b: T, keyA: string, keyB: string) => b.cases - a.cases || b.handleSeconds - a.handleSeconds || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0);
  const drivers = [...current.values()]
    .map((driver) => withTrend({ ...driver, share: totalCases > 0 ? driver.cases / totalCases : 0 }, previous.get(driver.key) ?? 0))
    .sort((a, b) => rank(a, b, a.key, b.key))
    .slice(0, limit);
  const tagRows = [...tags.values()].map((row) => withTrend(row, previousTags.get(row.tag) ?? 0)).sort((a, b) => rank(a, b, a.tag, b.tag)).slice(0, limit);
  return {
    month: { from: new Date(input.month.from).toISOString(), to: new Date(input.month.to).toISOString() },
    totalCases,
    totalHandleSeconds,
    drivers,
    tags: tagRows,
  };
}
