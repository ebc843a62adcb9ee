import { describe, expect, it } from 'vitest';
import { indexKpiEvents } from '../../../src/shared/kpi/computeKpis';
import { topContactDrivers } from '../../../src/shared/kpi/drivers';
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
      ['Billing / fee dispute · open', 1, 0, 'new', 0, 0],
    ]);
    expect(report.drivers[0]?.change).toBe(2);
    expect(report.drivers[0]?.share).toBe(0.5);
  });
});
