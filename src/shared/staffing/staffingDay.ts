import { DateTime } from 'luxon';
import type { ContactIndex } from '../kpi/contacts';
import type { KpiDirectory, KpiFilter } from '../kpi/kpiInput';
import { queueSeries, type Bucket } from '../kpi/series';
import type { KpiTargetsFile } from '../kpi/targets';
import type { Calendar } from '../sla/calendar';
import { requiredAgentsErlangA } from './erlangA';
import { requiredAgents } from './erlangC';
import type { StaffingSettings } from './staffingSettings';
import { fteForWeek, openSlots, type PlanningSlot } from './weekSlots';

/**
 * A day's staffing plan: for every open interval of the calendar, the forecast (the mean of the
 * contacts offered in the same interval on the same weekday of the last `forecastWeeks` weeks,
 * and their handle time), the agents Erlang C and Erlang A say are needed for the targets, and
 * the agents scheduled (on shift) and, for days that have happened, actually ready on the phones.
 */
export type StaffingInterval = {
  start: string;
  end: string;
  localTime: string;
  forecastCalls: number;
  /** Contacts actually offered (days that have started). */
  actualOffered: number | null;
  ahtSeconds: number;
  erlangC: { agents: number; scheduled: number; serviceLevel: number; asaSeconds: number; occupancy: number };
  erlangA: { agents: number; scheduled: number; serviceLevel: number; asaSeconds: number; probabilityOfAbandon: number };
  /** Agents on shift for the interval (resources/shifts.json). */
  onShift: number;
  /** Agents ready on the phones at the start of the interval (recorded agent states); null for the future. */
  ready: number | null;
};

export type StaffingDay = {
  date: string;
  timeZone: string;
  settings: StaffingSettings;
  intervals: StaffingInterval[];
  totals: { forecastCalls: number; actualOffered: number | null; erlangCAgentHours: number; erlangAAgentHours: number; onShiftAgentHours: number; readyAgentHours: number | null };
  /** FTE the week starting `weekStart` needs, by Erlang C and A, before and after shrinkage. */
  week: { weekStart: string; erlangCFte: number; erlangCScheduledFte: number; erlangAFte: number; erlangAScheduledFte: number };
};

export type StaffingDayInput = {
  date: string;
  calendar: Calendar;
  settings: StaffingSettings;
  contacts: ContactIndex;
  directory: KpiDirectory;
  targets: KpiTargetsFile;
  filter?: Pick<KpiFilter, 'channels' | 'queues'>;
  /** Agents on shift at an instant. */
  onShiftAt: (ms: number) => number;
  /** Agents ready at an instant, from agent states; null when unknown (the future). */
  readyAt: (ms: number) => number | null;
  now: number;
};

type Forecast = { calls: number; ahtSeconds: number };

export function planStaffingDay(input: StaffingDayInput): StaffingDay {
  const { settings, calendar } = input;
  const day = DateTime.fromISO(input.date, { zone: calendar.timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || !day.isValid) throw new RangeError(`date must be a local date "YYYY-MM-DD", got "${input.date}"`);
  const slots = openSlots(calendar, input.date, { days: 1, intervalMinutes: settings.intervalMinutes });
  const forecast = forecastDay(input, input.date, slots);
  const actual = slots.length > 0 && slots[0]!.startMs <= input.now ? seriesFor(input, slots.map((slot) => ({ from: slot.startMs, to: slot.endMs, label: slot.localTime }))) : null;

  const intervals = slots.map((slot, i): StaffingInterval => {
    const expected = forecast[i] ?? { calls: 0, ahtSeconds: settings.defaultAhtSeconds };
    const { c, a } = needFor(expected, settings, slot.openMinutes);
    const started = slot.startMs <= input.now;
    return {
      start: slot.start,
      end: slot.end,
      localTime: slot.localTime,
      forecastCalls: expected.calls,
      actualOffered: actual && started ? (actual[i]?.offered ?? 0) : null,
      ahtSeconds: expected.ahtSeconds,
      erlangC: { agents: c.agents, scheduled: c.scheduled, serviceLevel: c.serviceLevel, asaSeconds: c.asaSeconds, occupancy: c.occupancy },
      erlangA: { agents: a.agents, scheduled: a.scheduled, serviceLevel: a.serviceLevel, asaSeconds: a.asaSeconds, probabilityOfAbandon: a.probabilityOfAbandon },
      onShift: input.onShiftAt(slot.startMs + 1),
      ready: started ? input.readyAt(slot.startMs + 1) : null,
    };
  });
  const hours = (slot: PlanningSlot) => slot.openMinutes / 60;
  const sum = (pick: (interval: StaffingInterval, slot: PlanningSlot) => number) => intervals.reduce((total, interval, i) => total + pick(interval, slots[i] as PlanningSlot), 0);
  const anyReady = intervals.some((interval) => interval.ready !== null);

  const weekStart = day.minus({ days: day.weekday - 1 }).toISODate() ?? input.date;
  const week = weekFte(input, weekStart);
  return {
    date: input.date,
    timeZone: calendar.timeZone,
    settings,
    intervals,
    totals: {
      forecastCalls: sum((interval) => interval.forecastCalls),
      actualOffered: actual ? sum((interval) => interval.actualOffered ?? 0) : null,
      erlangCAgentHours: sum((interval, slot) => interval.erlangC.agents * hours(slot)),
      erlangAAgentHours: sum((interval, slot) => interval.erlangA.agents * hours(slot)),
      onShiftAgentHours: sum((interval, slot) => interval.onShift * hours(slot)),
      readyAgentHours: anyReady ? sum((interval, slot) => (interval.ready ?? 0) * hours(slot)) : null,
    },
    week,
  };
}

function needFor(expected: Forecast, settings: StaffingSettings, openMinutes: number) {
  const common = {
    calls: expected.calls,
    intervalMinutes: Math.max(1, openMinutes),
    ahtSeconds: expected.ahtSeconds,
    targetServiceLevel: settings.targetServiceLevel,
    targetAnswerSeconds: settings.targetAnswerSeconds,
    maxOccupancy: settings.maxOccupancy,
    shrinkage: settings.shrinkage,
    ...(settings.maxAsaSeconds !== undefined ? { maxAsaSeconds: settings.maxAsaSeconds } : {}),
  };
  return { c: requiredAgents(common), a: requiredAgentsErlangA({ ...common, patienceSeconds: settings.patienceSeconds, maxAbandonment: settings.maxAbandonment }) };
}

function seriesFor(input: StaffingDayInput, buckets: Bucket[]) {
  return queueSeries(input.contacts, buckets, { filter: input.filter, directory: input.directory, targets: input.targets });
}

/** The mean offered contacts and handle time per slot of `date`, from the same weekday of the past weeks. */
function forecastDay(input: StaffingDayInput, date: string, slots: readonly PlanningSlot[]): Forecast[] {
  const { settings, calendar } = input;
  const day = DateTime.fromISO(date, { zone: calendar.timeZone });
  const buckets: Bucket[] = [];
  const slotOf: number[] = [];
  for (let week = 1; week <= settings.forecastWeeks; week++) {
    const past = day.minus({ weeks: week });
    for (const [i, slot] of slots.entries()) {
      const [hour, minute] = slot.localTime.split(':').map(Number) as [number, number];
      const from = past.set({ hour, minute }).toMillis();
      buckets.push({ from, to: from + settings.intervalMinutes * 60_000, label: slot.localTime });
      slotOf.push(i);
    }
  }
  // queueSeries wants buckets in time order (they are: oldest week last, so reverse).
  const order = buckets.map((bucket, index) => ({ bucket, index })).sort((a, b) => a.bucket.from - b.bucket.from);
  const series = seriesFor(input, order.map((entry) => entry.bucket));
  const totals = slots.map(() => ({ offered: 0, weeks: 0, handleSum: 0, handled: 0 }));
  const firstData = firstContactAt(input.contacts);
  series.forEach((point, sortedIndex) => {
    const original = order[sortedIndex];
    if (!original) return;
    const slot = slotOf[original.index] as number;
    const entry = totals[slot];
    if (!entry || firstData === null || original.bucket.to <= firstData) return; // weeks before any data say nothing
    entry.offered += point.offered;
    entry.weeks += 1;
    if (point.ahtSeconds !== null) {
      entry.handleSum += point.ahtSeconds * point.handled;
      entry.handled += point.handled;
    }
  });
  return totals.map((entry) => ({
    calls: entry.weeks > 0 ? entry.offered / entry.weeks : 0,
    ahtSeconds: entry.handled > 0 ? entry.handleSum / entry.handled : settings.defaultAhtSeconds,
  }));
}

function firstContactAt(index: ContactIndex): number | null {
  let first: number | null = null;
  for (let i = 0; i < index.facts.length; i++) {
    if (index.facts[i]?.kind !== 'contact.offered') continue;
    const at = index.times[i] as number;
    if (first === null || at < first) first = at;
  }
  return first;
}

/** FTE for the week by Erlang C and A on the forecast of each of its days. */
function weekFte(input: StaffingDayInput, weekStart: string): StaffingDay['week'] {
  const { settings, calendar } = input;
  const needs = new Map<number, { c: number; a: number }>();
  const start = DateTime.fromISO(weekStart, { zone: calendar.timeZone });
  for (let d = 0; d < 7; d++) {
    const date = start.plus({ days: d }).toISODate() ?? weekStart;
    const slots = openSlots(calendar, date, { days: 1, intervalMinutes: settings.intervalMinutes });
    forecastDay(input, date, slots).forEach((expected, i) => {
      const slot = slots[i];
      if (!slot) return;
      const { c, a } = needFor(expected, settings, slot.openMinutes);
      needs.set(slot.startMs, { c: c.agents, a: a.agents });
    });
  }
  const common = { calendar, weekStart, intervalMinutes: settings.intervalMinutes, hoursPerFte: settings.hoursPerFte, shrinkage: settings.shrinkage };
  const c = fteForWeek({ ...common, agentsFor: (slot) => needs.get(slot.startMs)?.c ?? 0 });
  const a = fteForWeek({ ...common, agentsFor: (slot) => needs.get(slot.startMs)?.a ?? 0 });
  return { weekStart, erlangCFte: c.fte, erlangCScheduledFte: c.scheduledFte, erlangAFte: a.fte, erlangAScheduledFte: a.scheduledFte };
}

