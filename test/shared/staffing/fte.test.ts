import { describe, expect, it } from 'vitest';
import { Calendar, alwaysOpenCalendar } from '../../../src/shared/sla/calendar';
import { fteForWeek, openSlots, requiredAgents } from '../../../src/shared/staffing/erlangC';
import { monthlyStaffingExample } from '../../../src/shared/staffing/workedExample';
import { defaultConfig } from '../sla/slaFixtures';

const calendars = defaultConfig().calendars;
const general = calendars.get('general-support')!;
const weekdays = calendars.get('business-weekdays')!;

function calendar(weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>, holidays: { date: string; name: string }[] = []): Calendar {
  return Calendar.parse({ id: 'test', timeZone: 'America/New_York', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...weekly }, holidays });
}

describe('openSlots', () => {
  it('gives 30 half-hours per 07:00–22:00 day, labelled in local time', () => {
    const slots = openSlots(general, '2026-03-09', { days: 1 });
    expect(slots).toHaveLength(30);
    expect(slots[0]).toMatchObject({ localDate: '2026-03-09', localTime: '07:00', weekday: 'mon', start: '2026-03-09T11:00:00.000Z', openMinutes: 30 });
    expect(slots.at(-1)).toMatchObject({ localTime: '21:30', end: '2026-03-10T02:00:00.000Z' });
  });

  it('keeps local half-hours aligned across the spring-forward night (23-hour day)', () => {
    const always = { ...alwaysOpenCalendar('always', 'America/New_York') };
    const slots = openSlots(always, '2026-03-08', { days: 1 });
    expect(slots).toHaveLength(46);
    expect(slots.map((slot) => slot.localTime)).not.toContain('02:00');
    expect(slots.map((slot) => slot.localTime)).toContain('03:00');
  });

  it('counts a partly open slot by its open minutes and leaves holidays out', () => {
    const cal = calendar({ mon: [['08:15', '09:00']], tue: [['08:00', '09:00']] }, [{ date: '2026-03-10', name: 'Closed' }]);
    const slots = openSlots(cal, '2026-03-09', { days: 7 });
    expect(slots.map((slot) => [slot.localTime, slot.openMinutes])).toEqual([
      ['08:00', 15],
      ['08:30', 30],
    ]);
  });

  it('rejects a slot length that does not divide the day', () => {
    expect(() => openSlots(general, '2026-03-09', { intervalMinutes: 7 })).toThrow(/intervalMinutes/);
    expect(() => openSlots(general, '09/03/2026')).toThrow(/fromDate/);
  });
});

describe('fteForWeek', () => {
  it('divides agent-hours over open hours by the hours of one FTE, then by 1 − shrinkage', () => {
    // Mon–Fri 08:00–20:00 = 60 open hours; 4 agents in every half-hour = 240 agent-hours = 6 FTE;
    // at 25 % shrinkage 8 FTE must be employed.
    const result = fteForWeek({ calendar: weekdays, weekStart: '2026-03-09', agentsFor: () => 4, shrinkage: 0.25 });
    expect(result.openHours).toBe(60);
    expect(result.agentHours).toBe(240);
    expect(result.fte).toBe(6);
    expect(result.scheduledFte).toBeCloseTo(8, 12);
    expect(fteForWeek({ calendar: weekdays, weekStart: '2026-03-09', agentsFor: () => 4, hoursPerFte: 37.5 }).fte).toBe(6.4);
  });

  it('takes the need per slot from Erlang C', () => {
    // 100 calls every open half-hour at 180 s: 14 agents each (see erlangC.test.ts) → 14 × 60 h / 40 = 21 FTE.
    const result = fteForWeek({
      calendar: weekdays,
      weekStart: '2026-03-09',
      agentsFor: () => requiredAgents({ calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetServiceLevel: 0.8, targetAnswerSeconds: 20 }).agents,
    });
    expect(result.fte).toBe(21);
  });

  it('counts nothing on a holiday', () => {
    // Week of 2026-05-25 (Memorial Day, a general-support holiday): 6 open days of 15 h.
    expect(fteForWeek({ calendar: general, weekStart: '2026-05-25', agentsFor: () => 1 }).openHours).toBe(90);
  });
});

describe("the operating guide's example: 3,000 calls a month, ASA 45 s, occupancy ≤ 80 %", () => {
  const base = { callsPerMonth: 3000, weekStart: '2026-03-09', maxAsaSeconds: 45, maxOccupancy: 0.8, patienceSeconds: 120, maxAbandonment: 0.05 } as const;

  it('gives 6.6–8.1 FTE when spread evenly over 07:00–22:00 daily at AHT 6 min (the guide says 6–8)', () => {
    const fte = [0.2, 0.25, 0.3, 0.35].map((shrinkage) => monthlyStaffingExample({ ...base, calendar: general, ahtSeconds: 360, shrinkage, profile: 'flat' }));
    // 692 calls a week over 210 half-hours = 3.3 per half-hour = 0.66 erlangs: one agent would give an
    // ASA of 11 min, two give 44 s. So 2 agents × 105 h = 210 agent-hours = 5.25 FTE on the phones.
    expect(fte[0]!.callsPerWeek).toBeCloseTo(692.3, 1);
    expect(fte[0]!.erlangC.agentsPerSlot).toEqual({ 2: 210 });
    expect(fte[0]!.erlangC.fte).toBe(5.25);
    expect(fte.map((run) => Number(run.erlangC.scheduledFte.toFixed(2)))).toEqual([6.56, 7, 7.5, 8.08]);
    // …at an occupancy of a third: the 80 % is a ceiling that low volume never reaches.
    expect(fte[0]!.erlangCOccupancy).toBeCloseTo(0.33, 2);
  });

  it('needs more with a realistic day shape or a longer AHT', () => {
    const bank = monthlyStaffingExample({ ...base, calendar: general, ahtSeconds: 360, shrinkage: 0.25, profile: 'bank' });
    expect(bank.erlangC.fte).toBeCloseTo(6.45, 2);
    expect(bank.erlangC.scheduledFte).toBeCloseTo(8.6, 1);
    const longer = monthlyStaffingExample({ ...base, calendar: general, ahtSeconds: 540, shrinkage: 0.25, profile: 'bank' });
    expect(longer.erlangC.scheduledFte).toBeCloseTo(10.97, 2);
  });

  it('with Erlang A (patience 120 s, ≤ 5 % abandoning) the 45 s ASA alone is not enough: abandonment needs more agents', () => {
    const flat = monthlyStaffingExample({ ...base, calendar: general, ahtSeconds: 360, shrinkage: 0.25, profile: 'flat' });
    expect(flat.erlangA.fte).toBeCloseTo(7.875, 3);
  });
});
