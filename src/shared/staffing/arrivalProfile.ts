import type { Weekday } from '../sla/calendar';

/**
 * A typical retail-bank inbound pattern, used where no history exists yet: the seed's worked
 * example in the README and the demo bank's 60 days of telephony facts. Forecasts of a running
 * centre come from its recorded contacts instead (forecast.ts).
 *
 * Shape: Monday is the busiest day (weekend backlog), volume eases through the week, Saturday
 * runs at about half a weekday and Sunday less; within a day contacts climb from opening to a
 * mid-morning peak (10:00–11:00), dip at lunch, have a second, lower peak in the early afternoon
 * and tail off into the evening.
 */
export const WEEKDAY_WEIGHT: Readonly<Record<Weekday, number>> = {
  mon: 1.25,
  tue: 1.1,
  wed: 1.0,
  thu: 1.0,
  fri: 1.05,
  sat: 0.55,
  sun: 0.4,
};

/** Relative volume by local hour of day (0–23); hours outside 07:00–22:00 carry overnight trickle. */
const HOUR_WEIGHT: readonly number[] = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, // 00–06
  0.45, 0.85, 1.3, 1.55, 1.45, 1.15, 1.3, // 07–13
  1.35, 1.2, 1.05, 0.9, 0.7, 0.55, 0.45, 0.35, // 14–21
  0.2, 0.1, // 22–23
];

/**
 * Relative arrival weight of the interval starting at local `minuteOfDay` on `weekday`
 * (linear within the hour between this hour's weight and the next, so half-hours ramp
 * smoothly). Weights are relative: normalise over the slots you spread a volume across.
 */
export function arrivalWeight(weekday: Weekday, minuteOfDay: number): number {
  const hour = Math.floor(minuteOfDay / 60) % 24;
  const within = (minuteOfDay % 60) / 60;
  const here = HOUR_WEIGHT[hour] ?? 0;
  const next = HOUR_WEIGHT[(hour + 1) % 24] ?? 0;
  return WEEKDAY_WEIGHT[weekday] * (here + (next - here) * within * 0.5);
}

/**
 * Spreads `total` contacts over slots in proportion to `weightOf(slot)` (each slot's share
 * scaled by its open minutes, so a half-open slot gets half).
 */
export function spreadVolume<S extends { openMinutes: number }>(total: number, slots: readonly S[], weightOf: (slot: S) => number): number[] {
  const weights = slots.map((slot) => weightOf(slot) * slot.openMinutes);
  const sum = weights.reduce((a, b) => a + b, 0);
  return sum === 0 ? weights.map(() => 0) : weights.map((weight) => (total * weight) / sum);
}
