import { DateTime } from 'luxon';
import type { Calendar, Weekday } from '../sla/calendar';
import { businessMsBetween, formatInstant, MINUTE_MS } from '../sla/businessTime';

/**
 * The planning intervals of a period on a business calendar: fixed-length slots (30 minutes
 * by default) starting at local midnight in the calendar's zone, each with the open minutes
 * the calendar gives it. Slots step in absolute time from local midnight, so a daylight-saving
 * day has 46 or 50 half-hours and no slot is counted twice or lost; holidays and closed hours
 * have 0 open minutes and are left out.
 */
export type PlanningSlot = {
  /** Slot start and end, ISO 8601 UTC. */
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** Local date ("YYYY-MM-DD") and time of day ("HH:MM") of the slot start, in the calendar's zone. */
  localDate: string;
  localTime: string;
  weekday: Weekday;
  /** Open minutes of the calendar inside the slot (a slot may be partly open). */
  openMinutes: number;
};

const WEEKDAY_OF_LUXON: Record<number, Weekday> = { 1: 'mon', 2: 'tue', 3: 'wed', 4: 'thu', 5: 'fri', 6: 'sat', 7: 'sun' };

/**
 * Open slots of `days` local days from `fromDate` (a local date "YYYY-MM-DD" in the calendar's
 * zone).
 * @throws RangeError for an invalid date, a slot length that does not divide a day, or days < 1.
 */
export function openSlots(calendar: Calendar, fromDate: string, options: { days?: number; intervalMinutes?: number } = {}): PlanningSlot[] {
  const days = options.days ?? 7;
  const intervalMinutes = options.intervalMinutes ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new RangeError(`days must be a whole number in 1…366, got ${days}`);
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || 1440 % intervalMinutes !== 0) {
    throw new RangeError(`intervalMinutes must divide a day (15, 30, 60 …), got ${intervalMinutes}`);
  }
  const first = DateTime.fromISO(fromDate, { zone: calendar.timeZone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fromDate) || !first.isValid) throw new RangeError(`fromDate must be a local date "YYYY-MM-DD", got "${fromDate}"`);
  const fromMs = first.startOf('day').toMillis();
  const toMs = first.plus({ days }).startOf('day').toMillis();
  const step = intervalMinutes * MINUTE_MS;
  const slots: PlanningSlot[] = [];
  for (let startMs = fromMs; startMs < toMs; startMs += step) {
    const endMs = Math.min(startMs + step, toMs);
    const openMinutes = businessMsBetween(startMs, endMs, calendar) / MINUTE_MS;
    if (openMinutes <= 0) continue;
    const local = DateTime.fromMillis(startMs, { zone: calendar.timeZone });
    slots.push({
      start: formatInstant(startMs),
      end: formatInstant(endMs),
      startMs,
      endMs,
      localDate: local.toISODate() ?? fromDate,
      localTime: local.toFormat('HH:mm'),
      weekday: WEEKDAY_OF_LUXON[local.weekday] ?? 'mon',
      openMinutes,
    });
  }
  return slots;
}

export type FteInput = {
  calendar: Calendar;
  /** First local day of the week ("YYYY-MM-DD"); the week is the 7 local days from it. */
  weekStart: string;
  /** Agents needed on the phones in one slot (e.g. `requiredAgents(…).agents` for its forecast). */
  agentsFor: (slot: PlanningSlot) => number;
  /** Slot length, minutes (default 30). */
  intervalMinutes?: number;
  /** Paid hours of one full-time equivalent per week (default 40). */
  hoursPerFte?: number;
  /** Share of paid time not on the phones (default 0). */
  shrinkage?: number;
};

export type FteResult = {
  slots: (PlanningSlot & { agents: number })[];
  /** Open hours of the calendar in the week. */
  openHours: number;
  /** Agent-hours on the phones: Σ agents × open hours of each slot. */
  agentHours: number;
  /** Full-time equivalents on the phones: agent-hours / hours per FTE. */
  fte: number;
  /** FTE to employ once shrinkage is taken out: fte / (1 − shrinkage). */
  scheduledFte: number;
};

/**
 * Full-time equivalents for a week: each open slot of the calendar (holidays and closed hours
 * count nothing; a partly open slot counts its open part) needs `agentsFor(slot)` agents; their
 * agent-hours divided by the hours of one FTE give the FTE on the phones, and dividing by
 * (1 − shrinkage) gives the FTE to employ. Shrinkage is applied to the week's total, not
 * rounded per slot: rostering whole people into shifts is the scheduler's job.
 */
export function fteForWeek(input: FteInput): FteResult {
  const hoursPerFte = input.hoursPerFte ?? 40;
  const shrinkage = input.shrinkage ?? 0;
  if (!Number.isFinite(hoursPerFte) || hoursPerFte <= 0) throw new RangeError(`hoursPerFte must be a positive number, got ${hoursPerFte}`);
  if (!Number.isFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) throw new RangeError(`shrinkage must be a share in [0, 1), got ${shrinkage}`);
  const slots = openSlots(input.calendar, input.weekStart, { days: 7, intervalMinutes: input.intervalMinutes }).map((slot) => {
    const agents = input.agentsFor(slot);
    if (!Number.isFinite(agents) || agents < 0) throw new RangeError(`agentsFor(${slot.start}) must return a number ≥ 0, got ${agents}`);
    return { ...slot, agents };
  });
  let openMinutes = 0;
  let agentMinutes = 0;
  for (const slot of slots) {
    openMinutes += slot.openMinutes;
    agentMinutes += slot.agents * slot.openMinutes;
  }
  const agentHours = agentMinutes / 60;
  const fte = agentHours / hoursPerFte;
  return { slots, openHours: openMinutes / 60, agentHours, fte, scheduledFte: fte / (1 - shrinkage) };
}
