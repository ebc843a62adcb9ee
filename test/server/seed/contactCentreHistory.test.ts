import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { foldCase } from '../../../src/shared/cases/reducer';
import { parseCaseEvent, type CaseEvent } from '../../../src/shared/domain/caseEvent';
import { OPEN_STATUSES } from '../../../src/shared/domain/enums';
import { computeKpis } from '../../../src/shared/kpi/computeKpis';
import { periodOf } from '../../../src/shared/kpi/kpiInput';
import { BUNDLED_QUEUES } from '../../../src/shared/policy/queuesConfig';
import { parseTelephonyFact } from '../../../src/shared/telephony/facts';
import { DEMO_AGENTS } from '../../../src/server/seed/demoAgents';
import { generateDemoBank } from '../../../src/server/seed/generateDemoBank';
import { bundledTargets } from '../../shared/kpi/kpiFixtures';
import { defaultConfig } from '../../shared/sla/slaFixtures';

const CLOCK = new Date('2026-03-20T15:00:00.000Z');
const ZONE = 'America/New_York';

describe("the demo bank's contact-centre history", () => {
  const bank = generateDemoBank(CLOCK);
  const offers = bank.telephonyFacts.filter((fact) => fact.kind === 'contact.offered');

  it('is deterministic from the seed and the clock', () => {
    const again = generateDemoBank(CLOCK);
    expect(again.telephonyFacts).toEqual(bank.telephonyFacts);
    expect(again.caseEvents.map((event) => event.id)).toEqual(bank.caseEvents.map((event) => event.id));
  });

  it('covers the last 60 days with valid facts and events, nothing in the future', () => {
    for (const fact of bank.telephonyFacts) expect(parseTelephonyFact(fact)).toMatchObject({ ok: true });
    for (const event of bank.caseEvents) expect(parseCaseEvent(event).ok, JSON.stringify(event)).toBe(true);
    const times = bank.telephonyFacts.map((fact) => Date.parse(fact.at));
    expect(Math.max(...times)).toBeLessThanOrEqual(CLOCK.getTime());
    expect(Math.min(...times)).toBeLessThan(CLOCK.getTime() - 59 * 86_400_000);
    expect(Math.min(...times)).toBeGreaterThan(CLOCK.getTime() - 62 * 86_400_000);
    expect(offers.length).toBeGreaterThan(60 * 100);
  });

  it('has a weekly and a daily pattern: Mondays busier than Sundays, mid-morning busier than evening', () => {
    const local = offers.map((fact) => DateTime.fromISO(fact.at, { zone: ZONE }));
    const perWeekday = (weekday: number) => local.filter((time) => time.weekday === weekday).length;
    expect(perWeekday(1)).toBeGreaterThan(perWeekday(7) * 2);
    const perHour = (hour: number) => local.filter((time) => time.hour === hour).length;
    expect(perHour(10)).toBeGreaterThan(perHour(20) * 2.5);
    expect(perHour(3)).toBe(0); // closed at night
  });

  it('answers surveys on resolved cases, CSAT 1–5 and NPS 0–10, from the notification channel', () => {
    const surveys = bank.caseEvents.filter((event): event is Extract<CaseEvent, { type: 'survey.answered' }> => event.type === 'survey.answered');
    expect(surveys.filter((event) => event.payload.survey === 'csat').length).toBeGreaterThan(100);
    expect(surveys.filter((event) => event.payload.survey === 'nps').length).toBeGreaterThan(40);
    for (const survey of surveys) expect(survey.payload.source).toBe('notification');
  });

  it('leaves no old case open: history is resolved, only recent work waits in the queues', () => {
    const byCase = new Map<string, CaseEvent[]>();
    for (const event of bank.caseEvents) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
    const open = [...byCase.values()].map((events) => foldCase(events)).filter((state) => state !== null && OPEN_STATUSES.includes(state.status));
    for (const state of open) expect(CLOCK.getTime() - Date.parse(state!.createdAt)).toBeLessThanOrEqual(4 * 86_400_000);
  });

  it('links every case opened through the switch to the contact the switch handled (its handle time reaches the reports)', () => {
    const handled = new Map(bank.telephonyFacts.flatMap((fact) => (fact.kind === 'contact.handled' ? [[fact.contactId, fact] as const] : [])));
    const linked = bank.caseEvents.filter((event): event is Extract<CaseEvent, { type: 'contact.linked' }> => event.type === 'contact.linked');
    const openedBySwitch = linked.filter((event) => event.payload.channel !== 'walk_in' && handled.has(event.payload.contactId));
    expect(openedBySwitch.length).toBeGreaterThan(300);
    for (const event of openedBySwitch) {
      const fact = handled.get(event.payload.contactId);
      if (fact?.caseId !== undefined) expect(fact.caseId).toBe(event.caseId);
    }
    // The open cases of the last four days too, not only the history's (about 19 cases a day).
    expect(openedBySwitch.filter((event) => CLOCK.getTime() - Date.parse(event.at) < 4 * 86_400_000).length).toBeGreaterThan(150);
    // No case links a contact stream that does not exist.
    expect(linked.filter((event) => event.payload.contactId.startsWith('CT-'))).toEqual([]);
  });

  it('gives realistic KPIs for February: most on or near target, the small centre’s occupancy low', () => {
    const sla = defaultConfig();
    const directory = {
      agents: new Map(DEMO_AGENTS.map((agent) => [agent.id, agent])),
      customerTiers: new Map(bank.customers.map((customer) => [customer.id, customer.tier])),
      queueTeams: new Map(BUNDLED_QUEUES.queues.map((queue) => [queue.id, queue.teams])),
    };
    const { kpis } = computeKpis({
      period: periodOf('2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z'),
      caseEvents: bank.caseEvents,
      facts: bank.telephonyFacts,
      qaScores: [],
      directory,
      targets: bundledTargets(),
      sla,
      branchCalendar: sla.calendars.get('business-weekdays') ?? null,
    });
    expect(kpis.service_level_80_20.value).toBeGreaterThan(0.75);
    expect(kpis.service_level_80_20.value).toBeLessThan(0.97);
    expect(kpis.asa.value).toBeLessThan(45);
    expect(kpis.abandonment.value).toBeLessThan(0.1);
    expect(kpis.aht_phone.value).toBeGreaterThan(300);
    expect(kpis.aht_phone.value).toBeLessThan(540);
    expect(kpis.fcr.value).toBeGreaterThan(0.65);
    expect(kpis.csat_share.value).toBeGreaterThan(0.8);
    expect(kpis.occupancy.value).toBeLessThan(0.7);
    expect(kpis.same_business_day_share.value).toBeGreaterThan(0.8);
    expect(kpis.sla_compliance.value).toBeGreaterThan(0.7);
  });
});
