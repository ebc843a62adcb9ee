/**
 * The obvious way to compute the monthly KPI set, for the benchmark's baseline: each KPI on its
 * own, straight from the raw events with Date objects, array filters and per-KPI groupings, and
 * SLA compliance by running the SLA engine on every case every time. It must give the same
 * numbers as src/shared/kpi (checked in the benchmark).
 */
import { CASE_EVENT_TYPES, type CaseEvent } from '../../src/shared/domain/caseEvent';
import type { KpiCaseEvent, KpiDirectory, QaScore } from '../../src/shared/kpi/kpiInput';
import { computeClocks } from '../../src/shared/sla/clocks';
import type { SlaConfig } from '../../src/shared/sla/policy';
import type { TelephonyFact } from '../../src/shared/telephony/facts';

type Naive = {
  serviceLevel: number;
  asa: number;
  abandonment: number;
  ahtPhone: number;
  occupancy: number;
  csatShare: number;
  nps: number;
  fcr: number;
  escalations: number;
  qaAverage: number;
  slaMet: number;
  slaBreached: number;
};

export function naiveMonthlyKpis(from: string, to: string, facts: readonly TelephonyFact[], caseEvents: readonly KpiCaseEvent[], qaScores: readonly QaScore[], directory: KpiDirectory, sla: SlaConfig): Naive {
  const start = new Date(from);
  const end = new Date(to);
  const inMonth = (at: string) => new Date(at) >= start && new Date(at) < end;
  void directory;

  // Queue KPIs: the offers in the month, each looked up in maps of answers and abandons.
  const offers = facts.filter((fact) => fact.kind === 'contact.offered' && inMonth(fact.at));
  const answers = new Map<string, TelephonyFact>();
  const abandons = new Map<string, TelephonyFact>();
  for (const fact of facts) {
    if (fact.kind === 'contact.answered') answers.set(`${fact.contactId}|${fact.queue}`, fact);
    if (fact.kind === 'contact.abandoned') abandons.set(`${fact.contactId}|${fact.queue}`, fact);
  }
  let answered = 0;
  let within = 0;
  let waitSum = 0;
  let abandoned = 0;
  let shortAbandoned = 0;
  for (const offer of offers) {
    if (offer.kind !== 'contact.offered') continue;
    const answer = answers.get(`${offer.contactId}|${offer.queue}`);
    const abandon = abandons.get(`${offer.contactId}|${offer.queue}`);
    if (answer && answer.kind === 'contact.answered') {
      answered += 1;
      waitSum += answer.waitSeconds;
      if (answer.waitSeconds <= 20) within += 1;
    } else if (abandon && abandon.kind === 'contact.abandoned') {
      abandoned += 1;
      if (abandon.waitSeconds < 5) shortAbandoned += 1;
    }
  }
  const handledPhone = facts.filter((fact) => fact.kind === 'contact.handled' && fact.channel === 'phone' && inMonth(fact.at));
  const ahtPhone = handledPhone.reduce((sum, fact) => sum + (fact.kind === 'contact.handled' ? fact.handleSeconds : 0), 0) / handledPhone.length;

  // Occupancy: every agent's states, sorted, ready time clipped to the month.
  const statesByAgent = facts.reduce<Record<string, { at: Date; state: string }[]>>((groups, fact) => {
    if (fact.kind === 'agent.state') (groups[fact.agentId] ??= []).push({ at: new Date(fact.at), state: fact.state });
    return groups;
  }, {});
  let ready = 0;
  for (const states of Object.values(statesByAgent)) {
    states.sort((a, b) => a.at.getTime() - b.at.getTime());
    states.forEach((state, i) => {
      if (state.state !== 'ready') return;
      const until = states[i + 1]?.at ?? end;
      const a = Math.max(state.at.getTime(), start.getTime());
      const b = Math.min(until.getTime(), end.getTime());
      if (b > a) ready += (b - a) / 1000;
    });
  }
  const handledAll = facts.filter((fact) => fact.kind === 'contact.handled' && inMonth(fact.at));
  const handleSum = handledAll.reduce((sum, fact) => sum + (fact.kind === 'contact.handled' ? fact.handleSeconds : 0), 0);

  // Case KPIs: group by case for each measure.
  const byCase = () =>
    caseEvents.reduce<Record<string, KpiCaseEvent[]>>((groups, event) => {
      (groups[event.caseId] ??= []).push(event);
      return groups;
    }, {});
  const surveys = caseEvents.filter((event) => event.type === 'survey.answered' && inMonth(event.at)).map((event) => event.payload as { survey: string; score: number });
  const csat = surveys.filter((s) => s.survey === 'csat');
  const nps = surveys.filter((s) => s.survey === 'nps');
  let fcrBase = 0;
  let fcrYes = 0;
  for (const events of Object.values(byCase())) {
    let contacts = 0;
    let active: string[] = [];
    let reopens = 0;
    let decided: boolean | null | undefined;
    for (const event of events) {
      const p = event.payload as Record<string, unknown>;
      if (event.type === 'contact.linked') {
        contacts += 1;
        active.push(String(p.contactId));
      } else if (event.type === 'contact.wrapped') active = active.filter((id) => id !== p.contactId);
      else if (event.type === 'case.reopened') {
        reopens += 1;
        if (decided !== undefined && decided !== null) decided = false;
      } else if (event.type === 'case.resolved' && decided === undefined) {
        decided = inMonth(event.at) ? (contacts === 0 ? null : contacts === 1 && active.length > 0 && reopens === 0) : undefined;
        if (!inMonth(event.at)) decided = null;
      }
    }
    if (decided === true || decided === false) {
      fcrBase += 1;
      if (decided) fcrYes += 1;
    }
  }
  const escalations = caseEvents.filter((event) => event.type === 'case.escalated' && inMonth(event.at)).length;
  const qa = qaScores.filter((score) => !score.calibration && inMonth(score.at));

  // SLA compliance: the engine on every case, every clock.
  const known = new Set<string>(CASE_EVENT_TYPES);
  let slaMet = 0;
  let slaBreached = 0;
  for (const events of Object.values(byCase())) {
    const prefix = events.filter((event) => known.has(event.type) && new Date(event.at) < end);
    if (prefix.length === 0 || prefix[0]?.type !== 'case.created') continue;
    const customerId = (prefix[0].payload as { customerId: string | null }).customerId;
    const clocks = computeClocks({ events: prefix as unknown as CaseEvent[], customerTier: customerId ? (directory.customerTiers.get(customerId) ?? null) : null, policies: sla.policies, calendars: sla.calendars, now: end.getTime() });
    for (const clock of clocks) {
      if (clock.kind !== 'service') continue;
      if (clock.state === 'met' && clock.stoppedAt && inMonth(clock.stoppedAt)) slaMet += 1;
      if (clock.state === 'breached' && inMonth(clock.dueAt)) slaBreached += 1;
    }
  }

  return {
    serviceLevel: within / (answered + abandoned - shortAbandoned),
    asa: waitSum / answered,
    abandonment: abandoned / offers.length,
    ahtPhone,
    occupancy: handleSum / ready,
    csatShare: csat.filter((s) => s.score >= 4).length / csat.length,
    nps: ((nps.filter((s) => s.score >= 9).length - nps.filter((s) => s.score <= 6).length) / nps.length) * 100,
    fcr: fcrYes / fcrBase,
    escalations,
    qaAverage: qa.reduce((sum, score) => sum + score.score, 0) / qa.length,
    slaMet,
    slaBreached,
  };
}
