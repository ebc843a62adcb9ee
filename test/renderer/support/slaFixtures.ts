import { bundledSlaConfigDocument } from '../../../src/main/services/sla/bundledSlaConfig';
import type { Agent } from '../../../src/shared/domain/agent';
import type { SlaConfigSnapshot } from '../../../src/shared/ipc/contract';
import { buildSlaConfigDocument, readSlaConfigDocument, type SlaSettings } from '../../../src/shared/slaConfig/slaConfigDocument';

const allDay = [['00:00', '24:00']];
const everyDay = (hours: unknown) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours });

/** A 24/7 calendar in London, so due times differ between the agent's zone (New York) and the calendar's. */
export const londonCalendar = { id: 'uk-rota', name: 'UK rota (24/7 London)', timeZone: 'Europe/London', weekly: everyDay(allDay), holidays: [] };

/**
 * Simple, hand-checkable targets on 24/7 calendars: first response 2 h (London rota), resolution
 * 8 h (New York), paused while waiting on the customer; warnings at 75 % and 90 %.
 */
export const testPolicies = {
  version: 7,
  warningThresholds: [0.75, 0.9],
  statutoryCalendars: { calendarDays: 'calendar-days', businessDays: 'business-weekdays' },
  rules: [
    {
      id: 'test-default',
      match: {},
      clocks: {
        first_response: { type: 'first_response', label: 'First response', target: { hours: 2 }, calendar: 'uk-rota' },
        resolution: { type: 'resolution', label: 'Resolution', target: { hours: 8 }, calendar: 'always' },
      },
    },
  ],
};

/** Everyone on shift around the clock unless `agents` says otherwise. */
export function testShifts(agents: Record<string, { timeZone: string; weekly: unknown }> = {}) {
  return { version: 1, default: { calendar: 'always' }, teams: {}, agents };
}

/** Shift hours that never include 14:00 UTC (the tests' "now"): 00:00–01:00 UTC every day. */
export const offShiftAtTwoPm = { timeZone: 'UTC', weekly: everyDay([['00:00', '01:00']]) };

export function testSlaSnapshot(shifts: unknown = testShifts(), policies: unknown = testPolicies): SlaConfigSnapshot {
  const document = buildSlaConfigDocument({ policies, calendars: [...bundledSlaConfigDocument.calendars, londonCalendar], shifts });
  return { ...document, source: 'service', fetchedAt: '2025-03-03T13:00:00.000Z', problems: [] };
}

export function testSlaSettings(shifts?: unknown): SlaSettings {
  const read = readSlaConfigDocument(testSlaSnapshot(shifts), 'test');
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  return read.value;
}

export const lee: Agent = { id: 'agent-lee', username: 'lee', displayName: 'Lee Park', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/Chicago', skills: [] };
export const kim: Agent = { id: 'agent-kim', username: 'kim', displayName: 'Kim Novak', role: 'tier1_agent', teamId: 'T1-WEST', branchId: null, timeZone: 'America/New_York', skills: [] };
