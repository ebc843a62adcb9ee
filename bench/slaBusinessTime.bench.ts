/**
 * Business-time deadline computations per second (issue 3 target: ≥ 1,000,000/s).
 *
 * Measured on the shipped calendars (general support 07:00–22:00 New York every day, business
 * weekdays 08:00–20:00 with US federal holidays) with starts spread over 2026–2027 and durations
 * from a minute to ten business days, after one warm-up pass (the engine caches each calendar
 * day's open intervals once). Two baselines in the same run, on fewer iterations: the engine on
 * a fresh calendar object every time (nothing cached), and a naive minute-by-minute walk that asks
 * luxon for every minute — which must give the same answers (checked here on every baseline op).
 */
import { DateTime } from 'luxon';
import { addBusinessMs, businessMsBetween, type Calendar } from '../src/shared/sla';
import { bundledSlaConfigDocument } from '../src/main/services/sla/bundledSlaConfig';
import { readSlaConfigDocument } from '../src/shared/slaConfig/slaConfigDocument';
import type { BenchResult, Benchmark } from './report';

const MINUTE = 60_000;
const YEAR_2026 = Date.parse('2026-01-01T00:00:00Z');
const TWO_YEARS = 2 * 365 * 24 * 3_600_000;

function calendars(): Calendar[] {
  const read = readSlaConfigDocument(bundledSlaConfigDocument, 'bundled');
  if (!read.ok) throw new Error('bundled SLA configuration does not load');
  return ['general-support', 'business-weekdays'].map((id) => read.value.config.calendars.get(id)!);
}

/** Deterministic inputs (mulberry32), minute-aligned so the minute walk is exact. */
function inputs(count: number, maxMinutes: number, seed: number): { start: number; durationMs: number }[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => ({
    start: YEAR_2026 + Math.floor((random() * TWO_YEARS) / MINUTE) * MINUTE,
    durationMs: (1 + Math.floor(random() * maxMinutes)) * MINUTE,
  }));
}

function opsPerSecond(ops: number, ms: number): number {
  return Math.round((ops / ms) * 1000);
}

/** The obvious implementation: walk minute by minute, asking luxon whether each minute is open. */
function naiveAddBusinessMinutes(start: number, minutes: number, calendar: Calendar): number {
  const holidays = new Set(calendar.holidays.map((holiday) => holiday.date));
  const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
  let left = minutes;
  let t = start;
  while (left > 0) {
    const local = DateTime.fromMillis(t, { zone: calendar.timeZone });
    const minuteOfDay = local.hour * 60 + local.minute;
    const intervals = holidays.has(local.toISODate()!) ? [] : calendar.weekly[weekdayKeys[local.weekday - 1]!];
    const open = intervals.some(([from, to]) => minuteOfDay >= toMinutes(from) && minuteOfDay < toMinutes(to));
    t += MINUTE;
    if (open) left -= 1;
  }
  return t;
}

function toMinutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const benchmark: Benchmark = {
  name: 'sla business time',
  async run(): Promise<BenchResult[]> {
    const cals = calendars();
    const work = inputs(200_000, 10 * 12 * 60, 20_260_301);
    let sink = 0;

    // Warm-up: every day these inputs touch gets its intervals compiled once.
    for (const calendar of cals) for (const { start, durationMs } of work) sink += addBusinessMs(start, durationMs, calendar);

    const rounds = 5;
    let started = performance.now();
    for (let round = 0; round < rounds; round++) {
      for (const calendar of cals) for (const { start, durationMs } of work) sink += addBusinessMs(start, durationMs, calendar);
    }
    const addMs = performance.now() - started;
    const addOps = rounds * cals.length * work.length;

    started = performance.now();
    for (let round = 0; round < rounds; round++) {
      for (const calendar of cals) for (const { start, durationMs } of work) sink += businessMsBetween(start, start + durationMs * 3, calendar);
    }
    const betweenMs = performance.now() - started;

    // Baseline 1: no cache — a fresh (equal) calendar object per computation.
    const coldWork = work.slice(0, 2_000);
    started = performance.now();
    for (const { start, durationMs } of coldWork) sink += addBusinessMs(start, durationMs, structuredClone(cals[1]!));
    const coldMs = performance.now() - started;

    // Baseline 2: a luxon minute walk, on short durations (it costs one zone lookup per minute).
    const naiveWork = inputs(300, 8 * 60, 7).map(({ start, durationMs }) => ({ start, minutes: durationMs / MINUTE }));
    let disagreements = 0;
    started = performance.now();
    const naiveResults = naiveWork.map(({ start, minutes }) => naiveAddBusinessMinutes(start, minutes, cals[1]!));
    const naiveMs = performance.now() - started;
    naiveWork.forEach(({ start, minutes }, index) => {
      if (addBusinessMs(start, minutes * MINUTE, cals[1]!) !== naiveResults[index]) disagreements += 1;
    });
    if (disagreements > 0) throw new Error(`the engine and the minute walk disagree on ${disagreements} of ${naiveWork.length} deadlines`);
    if (sink === 0) throw new Error('unreachable: keeps the computations from being optimised away');

    const deadlinesPerSecond = opsPerSecond(addOps, addMs);
    const naivePerSecond = opsPerSecond(naiveWork.length, naiveMs);
    return [
      {
        name: 'sla business time: deadline computations (addBusinessMs, warm)',
        metrics: {
          deadlinesPerSecond,
          betweenPerSecond: opsPerSecond(addOps, betweenMs),
          coldCachePerSecond: opsPerSecond(coldWork.length, coldMs),
          naiveMinuteWalkPerSecond: naivePerSecond,
          speedupOverMinuteWalk: Math.round(deadlinesPerSecond / naivePerSecond),
        },
        targets: { deadlinesPerSecond: { min: 1_000_000 } },
        notes:
          `${addOps.toLocaleString('en-US')} deadlines on general-support and business-weekdays (holidays), starts over 2026–2027, durations 1 min–10 business days. ` +
          `Baselines in the same run: a fresh calendar per call (no cache, ${coldWork.length} ops) and a luxon minute-by-minute walk (${naiveWork.length} ops of ≤ 8 h, same answers as the engine on every one).`,
      },
    ];
  },
};

export default benchmark;
