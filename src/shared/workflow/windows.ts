import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { WindowRuleId } from './definition';
import { isIsoDateTimeWithZone } from './answers';

/**
 * Policy time windows (resources/time-windows.json). Day counting: calendar days in the
 * bank's time zone. The day of the starting event is day 0; the window's last day (day N)
 * is still inside it, whatever the hour; day N+1 is outside. So a 30-day refund window
 * for a purchase on 1 March (New York) is open through 31 March and closed on 1 April.
 * Counting dates rather than 24-hour periods gives the customer the whole last day and
 * cannot be thrown off by daylight-saving changes.
 */
export const TimeWindowRule = z.strictObject({
  label: z.string().trim().min(1),
  days: z.number().int().positive().max(3650),
  /** what the window is counted from, for the message (e.g. "the transaction") */
  measuredFrom: z.string().trim().min(1),
  /** the operating guide or regulation the number comes from, quoted in every message */
  source: z.string().trim().min(1),
});
export type TimeWindowRule = z.infer<typeof TimeWindowRule>;

export const TimeWindowConfig = z.strictObject({
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone'),
  rules: z.record(WindowRuleId, TimeWindowRule),
});
export type TimeWindowConfig = z.infer<typeof TimeWindowConfig>;

/** A rule with everything needed to check it. */
export type ResolvedWindowRule = TimeWindowRule & { id: WindowRuleId; timeZone: string };

export function windowRule(config: TimeWindowConfig, id: WindowRuleId): ResolvedWindowRule {
  return { ...config.rules[id], id, timeZone: config.timeZone };
}

export type WindowCheckResult =
  | { ok: true; rule: WindowRuleId; daysElapsed: number; lastDay: string }
  | { ok: false; rule: WindowRuleId; daysElapsed: number | null; lastDay: string | null; message: string };

/** "Refund eligibility: 30 days [operating guide 004]" — how every message names its rule. */
export function describeRule(rule: ResolvedWindowRule): string {
  return `${rule.label}: ${rule.days} days [${rule.source}]`;
}

/** Whether `nowIso` is still within the rule's window counted from `fromIso` (see day counting above). */
export function checkWindow(rule: ResolvedWindowRule, fromIso: string, nowIso: string): WindowCheckResult {
  const from = toZonedDay(fromIso, rule.timeZone);
  const now = toZonedDay(nowIso, rule.timeZone);
  if (!from) return { ok: false, rule: rule.id, daysElapsed: null, lastDay: null, message: `${describeRule(rule)}: the start time "${fromIso}" is not an ISO 8601 date-time with a zone` };
  if (!now) return { ok: false, rule: rule.id, daysElapsed: null, lastDay: null, message: `${describeRule(rule)}: the check time "${nowIso}" is not an ISO 8601 date-time with a zone` };
  const lastDay = from.plus({ days: rule.days }).toISODate() ?? '';
  const daysElapsed = Math.round(now.diff(from, 'days').days);
  if (daysElapsed < 0) {
    return {
      ok: false,
      rule: rule.id,
      daysElapsed,
      lastDay,
      message: `${describeRule(rule)}: ${rule.measuredFrom} on ${from.toISODate()} is after today (${now.toISODate()}); check the date given`,
    };
  }
  if (daysElapsed > rule.days) {
    return {
      ok: false,
      rule: rule.id,
      daysElapsed,
      lastDay,
      message:
        `${describeRule(rule)}: ${daysElapsed} days have passed since ${rule.measuredFrom} on ${from.toISODate()} ` +
        `(calendar days, ${rule.timeZone}); the window closed at the end of ${lastDay}`,
    };
  }
  return { ok: true, rule: rule.id, daysElapsed, lastDay };
}

function toZonedDay(iso: string, zone: string): DateTime | null {
  if (!isIsoDateTimeWithZone(iso)) return null;
  const instant = DateTime.fromISO(iso, { zone: 'utc' });
  if (!instant.isValid) return null;
  return instant.setZone(zone).startOf('day');
}
