import type { Calendar } from '../sla/calendar';
import { minuteOfDay } from '../sla/calendar';
import { requiredAgents } from './erlangC';
import { requiredAgentsErlangA } from './erlangA';
import { fteForWeek, openSlots } from './weekSlots';
import { arrivalWeight, spreadVolume } from './arrivalProfile';

/**
 * The operating guide's example turned into numbers: a monthly call volume spread over one
 * week of a calendar's open hours (evenly, or in a typical bank's daily and weekly shape),
 * staffed per half-hour for an ASA ceiling and an occupancy cap, summed into FTE. Reproduced in
 * the README ("Staffing") and pinned by test/shared/staffing/workedExample.test.ts.
 */
export type MonthlyExampleInput = {
  calendar: Calendar;
  callsPerMonth: number;
  /** A representative week's first local day (no holidays in it, for a clean example). */
  weekStart: string;
  ahtSeconds: number;
  maxAsaSeconds: number;
  maxOccupancy: number;
  shrinkage: number;
  /** 'flat': every open half-hour equal; 'bank': arrivalProfile.ts's day and week shape. */
  profile: 'flat' | 'bank';
  /** Erlang A: mean patience, and the abandonment ceiling it must also meet. */
  patienceSeconds: number;
  maxAbandonment: number;
  hoursPerFte?: number;
};

export type MonthlyExampleResult = {
  callsPerWeek: number;
  openHoursPerWeek: number;
  erlangC: { fte: number; scheduledFte: number; agentsPerSlot: Record<number, number> };
  erlangA: { fte: number; scheduledFte: number; agentsPerSlot: Record<number, number> };
  /** Share of agents' time on contacts under the Erlang C staffing (the guide's "80 %" is a cap, not what low volume achieves). */
  erlangCOccupancy: number;
};

export function monthlyStaffingExample(input: MonthlyExampleInput): MonthlyExampleResult {
  const callsPerWeek = (input.callsPerMonth * 12) / 52;
  const slots = openSlots(input.calendar, input.weekStart);
  const volumes = spreadVolume(callsPerWeek, slots, (slot) => (input.profile === 'flat' ? 1 : arrivalWeight(slot.weekday, minuteOfDay(slot.localTime))));
  const callsAt = new Map(slots.map((slot, index) => [slot.startMs, volumes[index]]));
  const common = { intervalMinutes: 30, ahtSeconds: input.ahtSeconds, targetServiceLevel: 0, targetAnswerSeconds: 20, maxAsaSeconds: input.maxAsaSeconds, maxOccupancy: input.maxOccupancy };
  let busyMinutes = 0;
  const c = fteForWeek({
    calendar: input.calendar,
    weekStart: input.weekStart,
    shrinkage: input.shrinkage,
    hoursPerFte: input.hoursPerFte,
    agentsFor: (slot) => {
      const result = requiredAgents({ ...common, calls: callsAt.get(slot.startMs) ?? 0 });
      busyMinutes += result.trafficErlangs * slot.openMinutes;
      return result.agents;
    },
  });
  const a = fteForWeek({
    calendar: input.calendar,
    weekStart: input.weekStart,
    shrinkage: input.shrinkage,
    hoursPerFte: input.hoursPerFte,
    agentsFor: (slot) => requiredAgentsErlangA({ ...common, calls: callsAt.get(slot.startMs) ?? 0, patienceSeconds: input.patienceSeconds, maxAbandonment: input.maxAbandonment }).agents,
  });
  const histogram = (rows: { agents: number }[]): Record<number, number> => {
    const counts: Record<number, number> = {};
    for (const row of rows) counts[row.agents] = (counts[row.agents] ?? 0) + 1;
    return counts;
  };
  return {
    callsPerWeek,
    openHoursPerWeek: c.openHours,
    erlangC: { fte: c.fte, scheduledFte: c.scheduledFte, agentsPerSlot: histogram(c.slots) },
    erlangA: { fte: a.fte, scheduledFte: a.scheduledFte, agentsPerSlot: histogram(a.slots) },
    erlangCOccupancy: c.agentHours === 0 ? 0 : busyMinutes / 60 / c.agentHours,
  };
}
