import { describe, expect, it } from 'vitest';
import { indexKpiEvents } from '../../../src/shared/kpi/computeKpis';
import { driverPeriods, topContactDrivers } from '../../../src/shared/kpi/drivers';
import { periodOf } from '../../../src/shared/kpi/kpiInput';
import { bucketsOf, queueSeries } from '../../../src/shared/kpi/series';
import type { TelephonyFact } from '../../../src/shared/telephony/facts';
import { bundledTargets, caseBuilder, contact, directory } from './kpiFixtures';

const NY = 'America/New_York';

describe('bucketsOf', () => {
  it('cuts a local day into half-hours, 46 on the spring-forward day', () => {
    const day = periodOf('2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z'); // 8 March in New York (23 h)
    const buckets = bucketsOf(day, { minutes: 30 }, NY);
    expect(buckets).toHaveLength(46);
    expect(buckets[0]?.label).toBe('00:00');
    expect(buckets[4]?.label).toBe('03:00');
  });

  it('makes local days, Monday weeks and months', () => {
    const march = periodOf('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z');
    expect(bucketsOf(march, 'day', NY)).toHaveLength(31);
    expect(bucketsOf(march, 'week', NY)[0]?.label).toBe('week of 2026-02-23');
    expect(bucketsOf(periodOf('2026-01-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'), 'month', NY).map((b) => b.label)).toEqual(['2026-01', '2026-02', '2026-03']);
  });
});

describe('queueSeries', () => {
  it('puts each contact in the interval it was offered in', () => {
    const facts: TelephonyFact[] = [
      // 09:00–09:30 New York (13:00Z): answered after 10 s and 40 s, one abandoned after 30 s.
      ...contact({ id: 'a', at: '2026-03-10T13:05:00.000Z', answer: 10, handle: 300 }),
      ...contact({ id: 'b', at: '2026-03-10T13:29:50.000Z', answer: 40, handle: 500 }),
      ...contact({ id: 'c', at: '2026-03-10T13:10:00.000Z', abandon: 30 }),
      // 09:30–10:00: one answered at once.
      ...contact({ id: 'd', at: '2026-03-10T13:31:00.000Z', answer: 0, handle: 200 }),
    ];
    const index = indexKpiEvents([], facts, directory()).contacts;
    const buckets = bucketsOf(periodOf('2026-03-10T13:00:00.000Z', '2026-03-10T14:00:00.000Z'), { minutes: 30 }, NY);
    const series = queueSeries(index, buckets, { directory: directory(), targets: bundledTargets() });
    expect(series.map((point) => point.label)).toEqual(['09:00', '09:30']);
    // First interval: SL = 1 within 20 s ÷ (2 answered + 1 abandoned) = 1/3; ASA (10 + 40) / 2 = 25 s; abandonment 1/3.
    expect(series[0]).toMatchObject({ offered: 3, answered: 2, abandoned: 1, asaSeconds: 25 });
    expect(series[0]?.serviceLevel).toBeCloseTo(1 / 3, 12);
    // b was offered at 09:29:50 and answered after 09:30: it counts where it was offered; a's handling
    // ended 09:10:10 (first interval), b's and d's in the second.
    expect(series[0]?.handled).toBe(1);
    expect(series[1]).toMatchObject({ offered: 1, answered: 1, serviceLevel: 1, handled: 2, ahtSeconds: 350 });
  });
});

describe('topContactDrivers', () => {
  it('ranks case type × resolution code by cases, with handle-time cost and the trend from last month', () => {
    const cases = [
      // March: three fee disputes reversed, one open; two card disputes; February: one fee dispute reversed.
      caseBuilder('AC-DRV0-0001', { at: '2026-03-02T10:00:00.000Z', caseType: 'billing_dispute' }).linked('2026-03-02T10:00:00.000Z', 'call-1').resolved('2026-03-02T10:30:00.000Z', 'A1', 'fee_reversed'),
      caseBuilder('AC-DRV0-0002', { at: '2026-03-03T10:00:00.000Z', caseType: 'billing_dispute' }).linked('2026-03-03T10:00:00.000Z', 'call-2').resolved('2026-03-03T10:30:00.000Z', 'A1', 'fee_reversed'),
      caseBuilder('AC-DRV0-0003', { at: '2026-03-04T10:00:00.000Z', caseType: 'billing_dispute' }).resolved('2026-03-04T10:30:00.000Z', 'A1', 'fee_reversed'),
      caseBuilder('AC-DRV0-0004', { at: '2026-03-05T10:00:00.000Z', caseType: 'billing_dispute' }),
      caseBuilder('AC-DRV0-0005', { at: '2026-03-05T10:00:00.000Z', caseType: 'card_dispute' }).linked('2026-03-05T10:00:00.000Z', 'call-5').resolved('2026-03-06T10:30:00.000Z', 'A1', 'chargeback_filed'),
      caseBuilder('AC-DRV0-0006', { at: '2026-03-06T10:00:00.000Z', caseType: 'card_dispute' }).resolved('2026-03-07T10:30:00.000Z', 'A1', 'chargeback_filed'),
      caseBuilder('AC-DRV0-0007', { at: '2026-02-10T10:00:00.000Z', caseType: 'billing_dispute' }).resolved('2026-02-10T10:30:00.000Z', 'A1', 'fee_reversed'),
    ];
    const facts = [
      ...contact({ id: 'call-1', at: '2026-03-02T09:59:00.000Z', answer: 10, handle: 400 }),
      ...contact({ id: 'call-2', at: '2026-03-03T09:59:00.000Z', answer: 10, handle: 500 }),
      ...contact({ id: 'call-5', at: '2026-03-05T09:59:00.000Z', answer: 10, handle: 1200 }),
    ];
    const index = indexKpiEvents(cases.flatMap((c) => c.events), facts, directory());
    const report = topContactDrivers({
      ...index,
      month: periodOf('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'),
      previousMonth: periodOf('2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'),
      directory: directory(),
    });
    expect(report.totalCases).toBe(6);
    expect(report.totalHandleSeconds).toBe(2100);
    expect(report.drivers.map((d) => [d.label, d.cases, d.previousCases, d.trend, d.contacts, d.handleSeconds])).toEqual([
      // 3 this month against 1 in February: +200 %, up; handle 400 + 500 s.
      ['Billing / fee dispute · fee_reversed', 3, 1, 'up', 2, 900],
      ['Card dispute / chargeback · chargeback_filed', 2, 0, 'new', 1, 1200],
      // No contact of the open dispute was handled on the switch: no handle-time data, not 0 s.
      ['Billing / fee dispute · open', 1, 0, 'new', 0, null],
    ]);
    expect(report.drivers.map((d) => d.handledContacts)).toEqual([2, 1, 0]);
    expect(report.casesWithoutHandleTime).toBe(3);
    expect(report.drivers[0]?.change).toBe(2);
    expect(report.drivers[0]?.share).toBe(0.5);
  });
});

describe('contact drivers: handle time from the facts the cases link', () => {
  const month = periodOf('2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z');
  const previousMonth = periodOf('2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z');

  it('joins a handled contact by the linked id, by the case id the switch tagged, and through a contact stream, each once', () => {
    const cases = [
      // Linked by the telephony id, and the switch also tagged the handled fact with the case: 300 s once, not twice.
      caseBuilder('AC-HT00-0001', { at: '2026-03-02T10:00:00.000Z', caseType: 'complaint' }).linked('2026-03-02T10:00:00.000Z', 'CALL-1'),
      // Links a contact stream (CT-…) whose contact.started names CALL-2: 200 s; plus CALL-3 tagged with the case only: 100 s.
      caseBuilder('AC-HT00-0002', { at: '2026-03-03T10:00:00.000Z', caseType: 'complaint' }).linked('2026-03-03T10:00:00.000Z', 'CT-STREAM-2'),
      // A walk-in: linked, but the switch never saw it.
      caseBuilder('AC-HT00-0003', { at: '2026-03-04T10:00:00.000Z', caseType: 'fraud', channel: 'walk_in' }).linked('2026-03-04T10:00:00.000Z', 'WALKIN-3', 'walk_in'),
    ];
    const streamEvents = [{ ...cases[1]!.events[0]!, id: '00000000-0000-4000-8000-0000000000a1', caseId: 'CT-STREAM-2', type: 'contact.started', payload: { externalId: 'CALL-2' } }];
    const tag = (facts: TelephonyFact[], caseId: string) => facts.map((fact) => (fact.kind === 'contact.handled' ? { ...fact, caseId } : fact));
    const facts = [
      ...tag(contact({ id: 'CALL-1', at: '2026-03-02T09:59:00.000Z', answer: 10, handle: 300 }), 'AC-HT00-0001'),
      ...contact({ id: 'CALL-2', at: '2026-03-03T09:58:00.000Z', answer: 10, handle: 200 }),
      ...tag(contact({ id: 'CALL-3', at: '2026-03-03T11:00:00.000Z', answer: 5, handle: 100 }), 'AC-HT00-0002'),
    ];
    const index = indexKpiEvents([...streamEvents, ...cases.flatMap((c) => c.events)], facts, directory());
    const report = topContactDrivers({ ...index, month, previousMonth, directory: directory() });
    expect(report.drivers.map((d) => [d.label, d.cases, d.handledContacts, d.handleSeconds])).toEqual([
      // 300 + 200 + 100 = 600 s over three handled contacts.
      ['Complaint · open', 2, 3, 600],
      ['Fraud / compromised account · open', 1, 0, null],
    ]);
    expect(report.totalHandleSeconds).toBe(600);
    expect(report.casesWithoutHandleTime).toBe(1);
  });
});

describe('driverPeriods: like with like', () => {
  const NY_ZONE = 'America/New_York';
  const at = (iso: string) => Date.parse(iso);

  it('compares the running month so far with the same elapsed days of the month before', () => {
    // 6 December 2026 17:15 New York (22:15Z): 5 days 17 h 15 min into December.
    const periods = driverPeriods('2026-12', at('2026-12-06T22:15:00.000Z'), NY_ZONE);
    expect(periods.basis).toBe('same_elapsed_days');
    expect(new Date(periods.month.from).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(new Date(periods.month.to).toISOString()).toBe('2026-12-06T22:15:00.000Z');
    // 1 November 00:00 EDT (04:00Z) + 5 days 17 h 15 min of local time = 6 November 17:15 EST (22:15Z): the clocks went back on 1 November.
    expect(new Date(periods.previousMonth.from).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(periods.previousMonth.to).toISOString()).toBe('2026-11-06T22:15:00.000Z');
  });

  it('cuts the comparison at the previous month’s end, and compares finished months whole', () => {
    const late = driverPeriods('2026-03', at('2026-03-31T16:00:00.000Z'), NY_ZONE);
    expect(new Date(late.previousMonth.to).toISOString()).toBe('2026-03-01T05:00:00.000Z'); // all of February
    const past = driverPeriods('2026-11', at('2026-12-06T22:15:00.000Z'), NY_ZONE);
    expect(past.basis).toBe('full_months');
    expect(new Date(past.month.to).toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(new Date(past.previousMonth.from).toISOString()).toBe('2026-10-01T04:00:00.000Z');
  });

  it('turns a partial month against a whole one into a fair trend', () => {
    // November: 30 disputes, 9 of them on 1–6 November. December so far (1–6 December): 10.
    const november = Array.from({ length: 30 }, (_, i) => caseBuilder(`AC-NOV0-${String(i).padStart(4, '0')}`, { at: i < 9 ? `2026-11-0${1 + (i % 6)}T15:00:00.000Z` : `2026-11-${String(7 + (i % 23)).padStart(2, '0')}T15:00:00.000Z`, caseType: 'billing_dispute' }));
    const december = Array.from({ length: 10 }, (_, i) => caseBuilder(`AC-DEC0-${String(i).padStart(4, '0')}`, { at: `2026-12-0${1 + (i % 6)}T15:00:00.000Z`, caseType: 'billing_dispute' }));
    const index = indexKpiEvents([...november, ...december].flatMap((c) => c.events), [], directory());
    const periods = driverPeriods('2026-12', at('2026-12-06T22:15:00.000Z'), NY_ZONE);
    const report = topContactDrivers({ ...index, ...periods, timeZone: NY_ZONE, directory: directory() });
    // Against the whole of November it would read 10 vs 30 = −67 %; against the same days it is 10 vs 9 = +11 %, up.
    expect(report.drivers[0]).toMatchObject({ cases: 10, previousCases: 9, trend: 'up' });
    expect(report.drivers[0]?.change).toBeCloseTo(1 / 9, 12);
    expect(report.comparison.basis).toBe('same_elapsed_days');
    expect(report.comparison.label).toBe('1 Dec – 6 Dec 17:15 against 1 Nov – 6 Nov 17:15 (the same days of the month before)');
  });
});
