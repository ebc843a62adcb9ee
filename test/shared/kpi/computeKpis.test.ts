import { describe, expect, it } from 'vitest';
import { computeKpis, type KpiInput } from '../../../src/shared/kpi/computeKpis';
import { periodOf } from '../../../src/shared/kpi/kpiInput';
import type { TelephonyFact } from '../../../src/shared/telephony/facts';
import { defaultConfig } from '../sla/slaFixtures';
import { agentState, bundledTargets, caseBuilder, contact, directory, qa } from './kpiFixtures';

const MARCH = periodOf('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z');
const sla = defaultConfig();

function report(parts: Partial<KpiInput>) {
  return computeKpis({
    period: MARCH,
    caseEvents: [],
    facts: [],
    qaScores: [],
    directory: directory(),
    targets: bundledTargets(),
    sla: null,
    branchCalendar: null,
    ...parts,
  });
}

/**
 * Ten phone contacts offered to T1-EAST on 10 March, answered by A1:
 *   answered after 5, 10, 15, 20, 25, 30, 60 s (7), handled 300, 360, …, 660 s;
 *   abandoned after 3 s (short), 40 s, 90 s (3).
 */
function tenContacts(): TelephonyFact[] {
  const answered = [5, 10, 15, 20, 25, 30, 60];
  const handles = [300, 360, 420, 480, 540, 600, 660];
  const facts: TelephonyFact[] = [];
  answered.forEach((wait, i) => facts.push(...contact({ id: `ans-${i}`, at: `2026-03-10T14:${String(i * 5).padStart(2, '0')}:00.000Z`, answer: wait, handle: handles[i] })));
  [3, 40, 90].forEach((wait, i) => facts.push(...contact({ id: `abn-${i}`, at: `2026-03-10T15:${String(i * 5).padStart(2, '0')}:00.000Z`, abandon: wait })));
  return facts;
}

describe('queue KPIs from telephony facts', () => {
  it('computes service level, ASA, abandonment and AHT with the numbers worked out', () => {
    const { kpis, queue } = report({ facts: tenContacts() });
    expect(queue).toMatchObject({ offered: 10, answered: 7, abandoned: 3, shortAbandoned: 1, answeredWithinTarget: 4 });
    // Answered within 20 s: 5, 10, 15, 20 → 4; denominator 7 answered + 3 abandoned − 1 short abandon = 9.
    expect(kpis.service_level_80_20.value).toBeCloseTo(4 / 9, 12);
    expect(kpis.service_level_80_20).toMatchObject({ numerator: 4, denominator: 9 });
    expect(kpis.service_level_80_20.rating).toMatchObject({ status: 'red', words: 'Off target', targetText: '≥ 80 %' });
    expect(kpis.service_level_95_20.value).toBeCloseTo(4 / 9, 12);
    expect(kpis.service_level_95_20.rating.targetText).toBe('≥ 95 %');
    // ASA: (5 + 10 + 15 + 20 + 25 + 30 + 60) / 7 = 165 / 7 = 23.57 s → on target (≤ 45 s).
    expect(kpis.asa.value).toBeCloseTo(165 / 7, 12);
    expect(kpis.asa.rating.status).toBe('green');
    // Abandonment: 3 abandoned of 10 that reached an outcome = 30 % (short abandons count here).
    expect(kpis.abandonment).toMatchObject({ value: 0.3, numerator: 3, denominator: 10 });
    expect(kpis.abandonment.rating.status).toBe('red');
    // AHT: (300 + … + 660) / 7 = 3,360 / 7 = 480 s = 8 min → within 6–9 min.
    expect(kpis.aht_phone.value).toBe(480);
    expect(kpis.aht_phone.rating).toMatchObject({ status: 'green', targetText: '6–9 min' });
  });

  it('reports AHT per channel and attributes queue measures to the offer interval', () => {
    const facts = [
      ...tenContacts(),
      ...contact({ id: 'chat-1', at: '2026-03-11T10:00:00.000Z', channel: 'chat', queue: 'T1-EAST', answer: 8, handle: 900 }),
      ...contact({ id: 'chat-2', at: '2026-03-11T10:05:00.000Z', channel: 'chat', queue: 'T1-EAST', answer: 12, handle: 600 }),
      // Offered on 31 March 23:59:50, answered in April: counts in March (offered), handled in April.
      ...contact({ id: 'late', at: '2026-03-31T23:59:50.000Z', answer: 30, handle: 400 }),
    ];
    const march = report({ facts });
    expect(march.ahtByChannel).toEqual([
      { channel: 'phone', contacts: 7, seconds: 480 },
      { channel: 'chat', contacts: 2, seconds: 750 },
    ]);
    expect(march.queue.offered).toBe(13);
    const april = report({ facts, period: periodOf('2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z') });
    expect(april.queue.offered).toBe(0);
    expect(april.kpis.aht_phone.value).toBe(400);
  });

  it('filters by team (answering agent, else the queue’s teams), channel, queue and segment', () => {
    const facts = [
      ...contact({ id: 'e1', at: '2026-03-10T14:00:00.000Z', queue: 'PRIORITY', segment: 'premium', answer: 10, agent: 'A1', handle: 300 }),
      ...contact({ id: 'w1', at: '2026-03-10T14:01:00.000Z', queue: 'PRIORITY', segment: 'premium', answer: 30, agent: 'A2', handle: 500 }),
      ...contact({ id: 'w2', at: '2026-03-10T14:02:00.000Z', queue: 'T1-WEST', segment: 'standard', abandon: 50 }),
      ...contact({ id: 'p1', at: '2026-03-10T14:03:00.000Z', queue: 'PRIORITY', abandon: 20 }),
    ];
    // T1-WEST works T1-WEST and PRIORITY: offers e1, w1, w2, p1 (4); answers: w1 (by A2); abandons: w2, p1.
    expect(report({ facts, filter: { teams: ['T1-WEST'] } }).queue).toMatchObject({ offered: 4, answered: 1, abandoned: 2 });
    // T1-EAST works T1-EAST and PRIORITY: offers e1, w1, p1; answers: e1 (by A1); abandons: p1.
    expect(report({ facts, filter: { teams: ['T1-EAST'] } }).queue).toMatchObject({ offered: 3, answered: 1, abandoned: 1 });
    expect(report({ facts, filter: { queues: ['PRIORITY'] } }).queue.offered).toBe(3);
    // Segment: only contacts the IVR identified as premium.
    const premium = report({ facts, filter: { segments: ['premium'] } });
    expect(premium.queue.offered).toBe(2);
    expect(premium.kpis.asa.value).toBe(20);
    expect(report({ facts, filter: { channels: ['chat'] } }).kpis.asa.rating).toMatchObject({ status: 'no_data', words: 'No data' });
  });

  it('computes occupancy as handle time over ready time', () => {
    // A1 ready 09:00–10:00 and 10:30–11:30 (2 h = 7,200 s), on a break between, logged out after.
    const facts: TelephonyFact[] = [
      agentState('A1', '2026-03-10T09:00:00.000Z', 'ready'),
      agentState('A1', '2026-03-10T10:00:00.000Z', 'not_ready'),
      agentState('A1', '2026-03-10T10:30:00.000Z', 'ready'),
      agentState('A1', '2026-03-10T11:30:00.000Z', 'logged_out'),
      // 9 contacts of 600 s = 5,400 s handled → 5,400 / 7,200 = 75 %.
      ...Array.from({ length: 9 }, (_, i) => contact({ id: `o${i}`, at: `2026-03-10T09:${String(i * 6).padStart(2, '0')}:00.000Z`, answer: 0, handle: 600 })).flat(),
      // A2 of T1-WEST: ready 1 h, idle.
      agentState('A2', '2026-03-10T09:00:00.000Z', 'ready'),
      agentState('A2', '2026-03-10T10:00:00.000Z', 'logged_out'),
    ];
    const east = report({ facts, filter: { teams: ['T1-EAST'] } });
    expect(east.kpis.occupancy).toMatchObject({ value: 0.75, numerator: 5400, denominator: 7200 });
    expect(east.kpis.occupancy.rating.status).toBe('green');
    // Both teams: 5,400 / (7,200 + 3,600) = 50 %.
    expect(report({ facts }).kpis.occupancy.value).toBe(0.5);
    // Occupancy ignores a channel filter (agents work every channel) and says so.
    expect(report({ facts, filter: { channels: ['phone'] } }).kpis.occupancy.ignoredFilters).toEqual(['channel']);
  });
});

describe('case KPIs from case events', () => {
  it('computes CSAT (share of 4–5 and mean) and NPS', () => {
    const csat = caseBuilder('AC-CSAT-0001', { at: '2026-03-02T10:00:00.000Z' }).resolved('2026-03-02T11:00:00.000Z');
    for (const [i, score] of [5, 5, 4, 3, 1].entries()) csat.survey(`2026-03-0${3 + i}T10:00:00.000Z`, 'csat', score);
    const nps = caseBuilder('AC-NPS0-0001', { at: '2026-03-02T10:00:00.000Z', ownerId: 'A2' }).resolved('2026-03-02T11:00:00.000Z', 'A2');
    for (const score of [10, 9, 9, 8, 7, 6, 3, 10]) nps.survey('2026-03-05T10:00:00.000Z', 'nps', score);
    // Outside the period: ignored.
    csat.survey('2026-04-02T10:00:00.000Z', 'csat', 1);
    const { kpis } = report({ caseEvents: [...csat.events, ...nps.events] });
    // CSAT: 3 of 5 answers are 4 or 5 = 60 %; mean (5 + 5 + 4 + 3 + 1) / 5 = 3.6.
    expect(kpis.csat_share).toMatchObject({ value: 0.6, numerator: 3, denominator: 5 });
    expect(kpis.csat_mean.value).toBeCloseTo(3.6, 12);
    expect(kpis.csat_mean.rating).toMatchObject({ status: 'red', targetText: '≥ 4.5 / 5' });
    // NPS: promoters 10, 9, 9, 10 = 4; detractors 6, 3 = 2; of 8 → (4 − 2) / 8 = +25.
    expect(kpis.nps.value).toBe(25);
    expect(kpis.nps.rating.status).toBe('red');
    // Team filter: surveys follow the agent who resolved the case.
    expect(report({ caseEvents: [...csat.events, ...nps.events], filter: { teams: ['T1-WEST'] } }).kpis.nps.denominator).toBe(8);
    expect(report({ caseEvents: [...csat.events, ...nps.events], filter: { teams: ['T1-WEST'] } }).kpis.csat_share.denominator).toBe(0);
  });

  it('computes first-contact resolution', () => {
    const one = caseBuilder('AC-FCR0-0001', { at: '2026-03-02T10:00:00.000Z' }).linked('2026-03-02T10:00:00.000Z', 'call-1').resolved('2026-03-02T10:10:00.000Z');
    const two = caseBuilder('AC-FCR0-0002', { at: '2026-03-02T10:00:00.000Z' })
      .linked('2026-03-02T10:00:00.000Z', 'call-2')
      .linked('2026-03-03T10:00:00.000Z', 'call-3')
      .resolved('2026-03-03T10:10:00.000Z');
    const reopened = caseBuilder('AC-FCR0-0003', { at: '2026-03-02T10:00:00.000Z' })
      .linked('2026-03-02T10:00:00.000Z', 'call-4')
      .resolved('2026-03-02T10:10:00.000Z')
      .reopened('2026-03-04T10:00:00.000Z')
      .resolved('2026-03-04T11:00:00.000Z');
    const noContact = caseBuilder('AC-FCR0-0004', { at: '2026-03-02T10:00:00.000Z', channel: 'email' }).resolved('2026-03-05T10:00:00.000Z');
    const afterWrap = caseBuilder('AC-FCR0-0005', { at: '2026-03-02T10:00:00.000Z' })
      .linked('2026-03-02T10:00:00.000Z', 'call-5')
      .wrapped('2026-03-02T10:05:00.000Z', 'call-5')
      .resolved('2026-03-06T10:00:00.000Z');
    const fifth = caseBuilder('AC-FCR0-0006', { at: '2026-03-02T10:00:00.000Z', ownerId: 'A2' }).linked('2026-03-02T10:00:00.000Z', 'call-6').resolved('2026-03-02T10:10:00.000Z', 'A2');
    const events = [...one.events, ...two.events, ...reopened.events, ...noContact.events, ...afterWrap.events, ...fifth.events];
    const { kpis, counts } = report({ caseEvents: events });
    // FCR: one ✓, two ✗ (two contacts), reopened ✗, afterWrap ✗ (resolved after the contact ended), fifth ✓;
    // noContact is left out (no contact to resolve on) → 2 of 5 = 40 %.
    expect(counts.casesFirstResolved).toBe(6);
    expect(kpis.fcr).toMatchObject({ value: 0.4, numerator: 2, denominator: 5 });
    expect(kpis.fcr.rating.status).toBe('red');
    expect(report({ caseEvents: events, filter: { teams: ['T1-WEST'] } }).kpis.fcr).toMatchObject({ value: 1, denominator: 1 });
  });

  it('computes escalations per 1,000 contacts', () => {
    const a = caseBuilder('AC-ESC0-0001', { at: '2026-03-02T10:00:00.000Z' }).escalated('2026-03-02T12:00:00.000Z').escalated('2026-03-03T12:00:00.000Z', 3, 'S1');
    const walkIn = caseBuilder('AC-ESC0-0002', { at: '2026-03-02T10:00:00.000Z', channel: 'walk_in', ownerId: 'B1' })
      .linked('2026-03-02T10:00:00.000Z', 'CT-WALK-1', 'walk_in')
      .linked('2026-03-04T10:00:00.000Z', 'CT-WALK-2', 'walk_in');
    const { kpis, counts } = report({ caseEvents: [...a.events, ...walkIn.events], facts: tenContacts() });
    // 2 escalations × 1,000 ÷ (10 contacts offered + 2 walk-in contacts) = 166.7 per 1,000.
    expect(counts).toMatchObject({ contactsOffered: 10, walkInContacts: 2, escalations: 2 });
    expect(kpis.escalations_per_1000.value).toBeCloseTo(2000 / 12, 10);
    expect(kpis.escalations_per_1000.rating).toMatchObject({ status: 'red', targetText: '≤ 50 per 1,000' });
  });

  it('averages QA evaluations, leaving calibration scores out', () => {
    const scores = [qa('e1', '2026-03-03T10:00:00.000Z', 'A1', 0.9), qa('e2', '2026-03-04T10:00:00.000Z', 'A1', 0.8), qa('e3', '2026-03-05T10:00:00.000Z', 'A2', 0.7), qa('c1', '2026-03-05T10:00:00.000Z', 'A2', 0.2, true)];
    const { kpis } = report({ qaScores: scores });
    // (0.9 + 0.8 + 0.7) / 3 = 0.8 → amber (≥ 80 %, below the 85 % target).
    expect(kpis.qa_average.value).toBeCloseTo(0.8, 12);
    expect(kpis.qa_average.rating).toMatchObject({ status: 'amber', words: 'Close to target' });
    expect(report({ qaScores: scores, filter: { teams: ['T1-EAST'] } }).kpis.qa_average.value).toBeCloseTo(0.85, 12);
  });

  it('decides SLA compliance with the SLA engine, per month, with breakdowns', () => {
    // account_lock S3: first response within 1 business day (general-support) and resolution within 2 h (24/7).
    const onTime = caseBuilder('AC-SLA0-0001', { at: '2026-03-10T14:00:00.000Z', caseType: 'account_lock' }).resolved('2026-03-10T15:00:00.000Z');
    const late = caseBuilder('AC-SLA0-0002', { at: '2026-03-10T14:00:00.000Z', caseType: 'account_lock' }).message('2026-03-10T14:30:00.000Z').resolved('2026-03-10T17:00:00.000Z');
    // Created in February, resolution due 1 March 01:00 (breached then, in March); first response met 1 March 02:00.
    const acrossMonths = caseBuilder('AC-SLA0-0003', { at: '2026-02-28T23:00:00.000Z', caseType: 'account_lock', ownerId: 'A2' }).resolved('2026-03-01T02:00:00.000Z', 'A2');
    // Still open at the end of March, due in April: not decided in March.
    const open = caseBuilder('AC-SLA0-0004', { at: '2026-03-31T23:30:00.000Z', caseType: 'account_lock' });
    // Resolved in April: its events after the period must not count in March.
    const resolvedInApril = caseBuilder('AC-SLA0-0005', { at: '2026-03-31T23:00:00.000Z', caseType: 'account_lock' }).resolved('2026-04-01T00:30:00.000Z');
    const caseEvents = [...onTime.events, ...late.events, ...acrossMonths.events, ...open.events, ...resolvedInApril.events];
    const result = report({ caseEvents, sla });
    // Met: onTime 2 (both clocks), late 1 (first response), acrossMonths 1 (first response) = 4.
    // Breached: late's resolution (due 16:00), acrossMonths' resolution (due 1 March 01:00) = 2.
    expect(result.kpis.sla_compliance).toMatchObject({ numerator: 4, denominator: 6 });
    expect(result.kpis.sla_compliance.value).toBeCloseTo(4 / 6, 12);
    expect(result.kpis.sla_compliance.rating.status).toBe('red');
    expect(result.sla?.byAgent).toEqual([
      { key: 'A1', met: 3, breached: 1 },
      { key: 'A2', met: 1, breached: 1 },
    ]);
    expect(result.sla?.byClock).toEqual([
      { key: 'first_response', met: 3, breached: 0 },
      { key: 'resolution', met: 1, breached: 2 },
    ]);
    expect(result.sla?.byTeam.map((row) => row.key)).toEqual(['T1-EAST', 'T1-WEST']);
    expect(result.sla?.byTier).toEqual([{ key: 'standard', met: 4, breached: 2 }]);
    // April: resolvedInApril's resolution met at 00:30 (due 01:00), its first response met then too; open's resolution due 01:30 and breached.
    const april = report({ caseEvents, sla, period: periodOf('2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z') });
    expect(april.sla?.byClock.find((row) => row.key === 'resolution')).toEqual({ key: 'resolution', met: 1, breached: 1 });
  });

  it("computes the branches' same-business-day share on the branch calendar", () => {
    const calendar = sla.calendars.get('business-weekdays')!; // Mon–Fri 08:00–20:00 New York
    const walkIn = (id: string, at: string) => caseBuilder(id, { at, channel: 'walk_in', ownerId: 'B1', customerId: 'C-PREM' });
    const cases = [
      // Monday 10:00 New York, answered 19:00 → same day.
      walkIn('AC-BR00-0001', '2026-03-02T15:00:00.000Z').message('2026-03-03T00:00:00.000Z'),
      // Monday 10:00, answered Tuesday 09:00 → not.
      walkIn('AC-BR00-0002', '2026-03-02T15:00:00.000Z').message('2026-03-03T14:00:00.000Z'),
      // Saturday 11:00 (closed): belongs to Monday; answered Monday 10:00 → same business day.
      walkIn('AC-BR00-0003', '2026-03-07T16:00:00.000Z').message('2026-03-09T14:00:00.000Z'),
      // Monday 21:00 (after close): belongs to Tuesday; resolved Tuesday 19:59 → same business day.
      walkIn('AC-BR00-0004', '2026-03-03T02:00:00.000Z').resolved('2026-03-03T23:59:00.000Z', 'B1'),
    ];
    const { kpis } = report({ caseEvents: cases.flatMap((c) => c.events), branchCalendar: calendar });
    expect(kpis.same_business_day_share).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(kpis.same_business_day_share.rating).toMatchObject({ status: 'red', targetText: '≥ 100 %' });
  });

  it('counts complaints per front-line staff member per quarter', () => {
    const complaint = (id: string, at: string, ownerId: string, caseType = 'complaint') => caseBuilder(id, { at, caseType, ownerId });
    const cases = [
      complaint('AC-CMP0-0001', '2026-01-15T10:00:00.000Z', 'A1'),
      complaint('AC-CMP0-0002', '2026-03-15T10:00:00.000Z', 'A1', 'regulatory_complaint'),
      complaint('AC-CMP0-0003', '2026-02-15T10:00:00.000Z', 'B1'),
      complaint('AC-CMP0-0004', '2026-04-15T10:00:00.000Z', 'A2'), // next quarter
      caseBuilder('AC-CMP0-0005', { at: '2026-03-15T10:00:00.000Z', caseType: 'fraud', ownerId: 'A2' }), // not a complaint
    ];
    const { kpis, complaintsByStaff } = report({ caseEvents: cases.flatMap((c) => c.events) });
    // Q1 2026: 3 complaints over 4 front-line staff (A1, A2, B1, S1; not the supervisor) = 0.75 each.
    expect(kpis.complaints_per_staff_quarter).toMatchObject({ value: 0.75, numerator: 3, denominator: 4 });
    expect(kpis.complaints_per_staff_quarter.rating).toMatchObject({ status: 'no_target', words: 'No target set' });
    expect(complaintsByStaff.slice(0, 2)).toEqual([
      { agentId: 'A1', teamId: 'T1-EAST', complaints: 2 },
      { agentId: 'B1', teamId: 'BR-001', complaints: 1 },
    ]);
  });

  it('says "No data" rather than inventing a value', () => {
    const { kpis } = report({});
    for (const kpi of Object.values(kpis)) {
      if (kpi.id === 'complaints_per_staff_quarter') continue;
      expect(kpi.value, kpi.id).toBeNull();
      expect(kpi.rating.words, kpi.id).toBe('No data');
    }
  });
});
