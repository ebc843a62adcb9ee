import { describe, expect, it } from 'vitest';
import { indexContacts } from '../../../src/shared/kpi/contacts';
import { Calendar } from '../../../src/shared/sla/calendar';
import { requiredAgents } from '../../../src/shared/staffing/erlangC';
import { planStaffingDay } from '../../../src/shared/staffing/staffingDay';
import { BUNDLED_STAFFING_SETTINGS } from '../../../src/shared/staffing/staffingSettings';
import type { TelephonyFact } from '../../../src/shared/telephony/facts';
import { bundledTargets, contact, directory } from '../kpi/kpiFixtures';

// Mondays only, 09:00–10:00 New York: two half-hour intervals.
const calendar = Calendar.parse({ id: 'test', timeZone: 'America/New_York', weekly: { mon: [['09:00', '10:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] });
const settings = { ...BUNDLED_STAFFING_SETTINGS, forecastWeeks: 3 };

/** `count` phone contacts offered (and handled, within 7 minutes) in the 09:00 interval of a Monday. */
function monday(date: string, count: number, handle: number): TelephonyFact[] {
  return Array.from({ length: count }, (_, i) => contact({ id: `${date}-${i}`, at: `${date}T13:${String(i % 20).padStart(2, '0')}:00.000Z`, answer: 5, handle })).flat();
}

describe('planStaffingDay', () => {
  // 2, 3 and 4 weeks before Monday 30 March 2026 (after the clocks changed, so 09:00 New York = 13:00Z).
  const facts = [...monday('2026-03-23', 30, 300), ...monday('2026-03-16', 40, 300), ...monday('2026-03-09', 50, 360)];
  const plan = planStaffingDay({
    date: '2026-03-30',
    calendar,
    settings,
    contacts: indexContacts(facts),
    directory: directory(),
    targets: bundledTargets(),
    onShiftAt: () => 6,
    readyAt: () => null,
    now: Date.parse('2026-03-29T12:00:00.000Z'),
  });

  it('forecasts each interval from the same weekday of the past weeks', () => {
    expect(plan.intervals.map((interval) => interval.localTime)).toEqual(['09:00', '09:30']);
    // 09:00: (30 + 40 + 50) / 3 = 40 contacts; AHT weighted by contacts: (30·300 + 40·300 + 50·360) / 120 = 325 s.
    expect(plan.intervals[0]).toMatchObject({ forecastCalls: 40, ahtSeconds: 325, actualOffered: null, ready: null, onShift: 6 });
    expect(plan.intervals[1]?.forecastCalls).toBe(0);
  });

  it('staffs each interval by Erlang C and Erlang A for the configured targets', () => {
    const expected = requiredAgents({
      calls: 40,
      intervalMinutes: 30,
      ahtSeconds: 325,
      targetServiceLevel: settings.targetServiceLevel,
      targetAnswerSeconds: settings.targetAnswerSeconds,
      maxOccupancy: settings.maxOccupancy,
      shrinkage: settings.shrinkage,
      maxAsaSeconds: settings.maxAsaSeconds,
    });
    expect(plan.intervals[0]?.erlangC).toMatchObject({ agents: expected.agents, scheduled: expected.scheduled });
    expect(plan.intervals[0]?.erlangA.agents).toBeLessThanOrEqual(expected.agents + 1);
    expect(plan.intervals[1]?.erlangC.agents).toBe(0);
    // Agent-hours: the 09:00 interval's agents for half an hour.
    expect(plan.totals.erlangCAgentHours).toBe(expected.agents / 2);
    expect(plan.totals.onShiftAgentHours).toBe(6);
    // The week: only Mondays open, the same need: FTE = agent-hours / 40.
    expect(plan.week.erlangCFte).toBeCloseTo(expected.agents / 2 / 40, 12);
    expect(plan.week.erlangCScheduledFte).toBeCloseTo(expected.agents / 2 / 40 / (1 - settings.shrinkage), 12);
  });
});
