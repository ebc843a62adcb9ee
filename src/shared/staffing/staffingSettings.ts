import { z } from 'zod';
import bundledStaffing from '../../../resources/staffing.json' with { type: 'json' };
import { deepFreeze, issuesFromZod, type LoadResult } from '../sla/configIssue';

/** The staffing screen's defaults (resources/staffing.json). */
export const StaffingSettings = z.strictObject({
  version: z.number().int().positive(),
  source: z.string().optional(),
  /** The business calendar whose open hours are staffed (resources/calendars). */
  calendar: z.string().min(1),
  intervalMinutes: z.number().int().refine((minutes) => minutes > 0 && 1440 % minutes === 0, 'expected a number of minutes that divides a day (15, 30, 60)'),
  targetServiceLevel: z.number().min(0).lt(1),
  targetAnswerSeconds: z.number().min(0).max(3600),
  maxAsaSeconds: z.number().positive().optional(),
  maxOccupancy: z.number().gt(0).max(1),
  shrinkage: z.number().min(0).lt(1),
  /** Erlang A: callers' mean patience before they hang up. */
  patienceSeconds: z.number().positive().max(86_400),
  maxAbandonment: z.number().min(0).max(1),
  hoursPerFte: z.number().positive().max(80),
  /** The forecast averages the same weekday of this many past weeks. */
  forecastWeeks: z.number().int().min(1).max(52),
  /** Handle time assumed where an interval has no history. */
  defaultAhtSeconds: z.number().positive().max(7200),
});
export type StaffingSettings = z.infer<typeof StaffingSettings>;

export function parseStaffingSettingsFile(fileName: string, json: unknown): LoadResult<StaffingSettings> {
  const result = StaffingSettings.safeParse(json);
  if (!result.success) return { ok: false, errors: issuesFromZod(fileName, result.error) };
  return { ok: true, value: deepFreeze(result.data) };
}

export const BUNDLED_STAFFING_SETTINGS: StaffingSettings = StaffingSettings.parse(bundledStaffing);
