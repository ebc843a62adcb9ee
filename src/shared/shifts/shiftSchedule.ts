import { z } from 'zod';
import { isBusinessOpen } from '../sla/businessTime';
import { parseCalendarFile, type Calendar } from '../sla/calendar';
import { deepFreeze, issuesFromZod, type ConfigIssue, type LoadResult } from '../sla/configIssue';

/**
 * When each agent works, so SLA alerts reach someone who is at the desk: an agent's own
 * hours, else their team's, else the default — a named business calendar (the general-support
 * hours unless configured otherwise). Hours use the calendar file format (weekly intervals in
 * an IANA zone, optional dated days off), so split shifts and overnight teams need no new rules.
 * File format: resources/shifts.README.md.
 */

const ShiftHoursInput = z.strictObject({
  timeZone: z.string(),
  weekly: z.unknown(),
  /** Days off (e.g. public holidays the team does not work). */
  holidays: z.array(z.unknown()).default([]),
});

const ShiftFileInput = z.strictObject({
  version: z.number().int().positive(),
  description: z.string().max(1000).optional(),
  /** The hours of anyone without hours of their own or of their team: an SLA calendar id. */
  default: z.strictObject({ calendar: z.string().min(1) }),
  teams: z.record(z.string().min(1), ShiftHoursInput).default({}),
  agents: z.record(z.string().min(1), ShiftHoursInput).default({}),
});

export type ShiftSchedule = {
  readonly version: number;
  readonly defaultCalendarId: string;
  readonly defaultHours: Calendar;
  readonly teams: ReadonlyMap<string, Calendar>;
  readonly agents: ReadonlyMap<string, Calendar>;
};

export type ShiftSource = 'agent' | 'team' | 'default';

/**
 * Validates a shift file against the SLA calendars in force (the default names one of them).
 * Every issue names the file, the field path and the reason.
 */
export function parseShiftFile(fileName: string, json: unknown, calendars: ReadonlyMap<string, Calendar>): LoadResult<ShiftSchedule> {
  const parsed = ShiftFileInput.safeParse(json);
  if (!parsed.success) return { ok: false, errors: issuesFromZod(fileName, parsed.error) };
  const file = parsed.data;
  const errors: ConfigIssue[] = [];
  const defaultHours = calendars.get(file.default.calendar);
  if (!defaultHours) {
    errors.push({ file: fileName, path: 'default.calendar', reason: `unknown calendar "${file.default.calendar}" (loaded: ${[...calendars.keys()].sort().join(', ') || 'none'})` });
  }
  const hoursOf = (group: 'teams' | 'agents', entries: Record<string, z.infer<typeof ShiftHoursInput>>): Map<string, Calendar> => {
    const result = new Map<string, Calendar>();
    for (const [id, hours] of Object.entries(entries)) {
      const calendar = parseCalendarFile(fileName, { id: `shift-${group}-${slug(id)}`, timeZone: hours.timeZone, weekly: hours.weekly, holidays: hours.holidays });
      if (calendar.ok) result.set(id, calendar.value);
      else errors.push(...calendar.errors.map((issue) => ({ ...issue, path: issue.path === 'id' ? `${group}.${id}` : `${group}.${id}.${issue.path}` })));
    }
    return result;
  };
  const teams = hoursOf('teams', file.teams);
  const agents = hoursOf('agents', file.agents);
  if (errors.length > 0 || !defaultHours) return { ok: false, errors };
  return { ok: true, value: deepFreeze({ version: file.version, defaultCalendarId: file.default.calendar, defaultHours, teams, agents }) };
}

/** The hours that apply to one agent, and where they came from. */
export function shiftHoursFor(schedule: ShiftSchedule, agent: { id: string; teamId: string }): { hours: Calendar; source: ShiftSource } {
  const own = schedule.agents.get(agent.id);
  if (own) return { hours: own, source: 'agent' };
  const team = schedule.teams.get(agent.teamId);
  if (team) return { hours: team, source: 'team' };
  return { hours: schedule.defaultHours, source: 'default' };
}

/** Whether the agent is working at this instant (epoch ms). */
export function isOnShift(schedule: ShiftSchedule, agent: { id: string; teamId: string }, nowMs: number): boolean {
  return isBusinessOpen(nowMs, shiftHoursFor(schedule, agent).hours);
}

/** Calendar ids are lower-case slugs; agent and team ids ("AGT-004", "T1-EAST") are mapped onto one. */
function slug(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '') || 'x';
}
