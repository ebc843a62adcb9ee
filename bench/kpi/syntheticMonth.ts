/**
 * A deterministic synthetic month for the KPI benchmark: a large contact centre's March 2026
 * (with the tail of February for trends and SLA carry-over) as telephony facts and case events,
 * about 1,000,000 events in all. Volumes follow the daily and weekly shape of
 * src/shared/staffing/arrivalProfile.ts.
 */
import type { CustomerTier } from '../../src/shared/domain/enums';
import type { KpiCaseEvent, KpiDirectory, QaScore } from '../../src/shared/kpi/kpiInput';
import { arrivalWeight } from '../../src/shared/staffing/arrivalProfile';
import type { TelephonyFact } from '../../src/shared/telephony/facts';
import { WEEKDAYS } from '../../src/shared/sla/calendar';
import { mulberry32 } from '../../src/shared/random/mulberry32';

export type SyntheticMonth = { facts: TelephonyFact[]; caseEvents: KpiCaseEvent[]; qaScores: QaScore[]; directory: KpiDirectory; events: number };

const TEAMS = ['T1-EAST', 'T1-WEST', 'T1-CENTRAL', 'T1-SOUTH', 'T2-FRAUD-DISPUTES'];
const QUEUES = ['T1-EAST', 'T1-WEST', 'T1-CENTRAL', 'T1-SOUTH', 'PRIORITY', 'FRAUD'];
const CHANNELS = [
  ['phone', 60],
  ['chat', 25],
  ['email', 10],
  ['secure_message', 5],
] as const;
const TIERS: readonly (readonly [CustomerTier, number])[] = [
  ['standard', 62],
  ['premium', 20],
  ['vip', 6],
  ['business', 12],
];
const CASE_TYPES = [
  ['general_inquiry', 30],
  ['billing_dispute', 15],
  ['account_lock', 12],
  ['card_dispute', 10],
  ['complaint', 10],
  ['fraud', 8],
  ['refund_request', 10],
  ['payment_failure', 5],
] as const;
const CODES = ['explained', 'fee_reversed', 'refunded', 'unlocked', 'chargeback_filed', 'card_replaced', 'no_fault_found', 'escalated_to_product'];

/** `target` events in total, about three quarters of them telephony facts. */
export function syntheticMonth(target = 1_000_000, seed = 20_260_301): SyntheticMonth {
  const random = mulberry32(seed);
  const pick = <T>(choices: readonly (readonly [T, number])[]): T => {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
    return choices[choices.length - 1]![0];
  };
  const agents = Array.from({ length: 150 }, (_, i) => ({ id: `AGT-${String(i + 1).padStart(4, '0')}`, teamId: TEAMS[i % TEAMS.length]!, role: i % 30 === 29 ? 'supervisor' : 'tier1_agent', branchId: null }));
  const frontLine = agents.filter((agent) => agent.role !== 'supervisor');
  const customers = 60_000;
  const customerTiers = new Map<string, CustomerTier>();
  for (let i = 0; i < customers; i++) customerTiers.set(`CUS-${i}`, pick(TIERS));
  const directory: KpiDirectory = {
    agents: new Map(agents.map((agent) => [agent.id, agent])),
    customerTiers,
    queueTeams: new Map(QUEUES.map((queue) => [queue, queue === 'PRIORITY' ? TEAMS.slice(0, 4) : queue === 'FRAUD' ? ['T2-FRAUD-DISPUTES'] : [queue]])),
  };

  const start = Date.parse('2026-02-22T05:00:00.000Z');
  const days = 38; // 22 February – 31 March
  // ~2.9 facts per contact + ~1.9 case events per contact (a case for 40 % of contacts, ~4.7 events each).
  const contactsTotal = Math.round(target / 4.85);
  const facts: TelephonyFact[] = [];
  const caseEvents: KpiCaseEvent[] = [];
  const qaScores: QaScore[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  let eventSerial = 0;
  const uuid = () => {
    eventSerial += 1;
    return `00000000-0000-4000-8000-${eventSerial.toString(16).padStart(12, '0')}`;
  };
  const caseEvent = (caseId: string, type: string, at: number, actorId: string, payload: Record<string, unknown>) => {
    caseEvents.push({ id: uuid(), caseId, at: iso(at), actorId, type, payload, schemaVersion: 1, hlc: `${at}-0-bench`, deviceId: 'bench' } as KpiCaseEvent);
  };

  // Agents' ready time: 8 h a day with a 30-minute break, 5 days a week.
  for (let day = 0; day < days; day++) {
    for (const [index, agent] of frontLine.entries()) {
      if ((day + index) % 7 >= 5) continue;
      const shiftStart = start + day * 86_400_000 + (7 + (index % 6) * 2) * 3_600_000; // 07:00 … 17:00 New York
      facts.push({ kind: 'agent.state', id: `s-${day}-${agent.id}-1`, at: iso(shiftStart), agentId: agent.id, state: 'ready' });
      facts.push({ kind: 'agent.state', id: `s-${day}-${agent.id}-2`, at: iso(shiftStart + 4 * 3_600_000), agentId: agent.id, state: 'not_ready', reason: 'break' });
      facts.push({ kind: 'agent.state', id: `s-${day}-${agent.id}-3`, at: iso(shiftStart + 4.5 * 3_600_000), agentId: agent.id, state: 'ready' });
      facts.push({ kind: 'agent.state', id: `s-${day}-${agent.id}-4`, at: iso(shiftStart + 8.5 * 3_600_000), agentId: agent.id, state: 'logged_out' });
    }
  }

  // Contacts spread over days and half-hours by the arrival profile.
  const slotWeights: { at: number; weight: number }[] = [];
  for (let day = 0; day < days; day++) {
    const dayStart = start + day * 86_400_000;
    const weekday = WEEKDAYS[new Date(dayStart + 12 * 3_600_000).getUTCDay()]!;
    for (let slot = 14; slot < 44; slot++) slotWeights.push({ at: dayStart + slot * 1_800_000, weight: arrivalWeight(weekday, slot * 30) });
  }
  const weightTotal = slotWeights.reduce((sum, slot) => sum + slot.weight, 0);
  let caseSerial = 0;
  for (const slot of slotWeights) {
    const count = Math.round((contactsTotal * slot.weight) / weightTotal);
    for (let i = 0; i < count; i++) {
      const contactId = `K${slot.at.toString(36)}-${i}`;
      const offeredAt = slot.at + Math.floor(random() * 1_800_000);
      const channel = pick(CHANNELS);
      const queue = QUEUES[Math.floor(random() * QUEUES.length)]!;
      const customerId = `CUS-${Math.floor(random() * customers)}`;
      const segment = customerTiers.get(customerId)!;
      const base = { contactId, channel, queue } as const;
      facts.push({ kind: 'contact.offered', id: `${contactId}:o`, at: iso(offeredAt), ...base, segment });
      const wait = Math.floor(-Math.log(1 - random()) * 25);
      if (random() < 0.04 && wait > 2) {
        facts.push({ kind: 'contact.abandoned', id: `${contactId}:x`, at: iso(offeredAt + wait * 1000), ...base, waitSeconds: wait });
        continue;
      }
      const agent = frontLine[Math.floor(random() * frontLine.length)]!;
      const handle = 120 + Math.floor(-Math.log(1 - random()) * 330);
      facts.push({ kind: 'contact.answered', id: `${contactId}:a`, at: iso(offeredAt + wait * 1000), ...base, waitSeconds: wait, agentId: agent.id });
      facts.push({ kind: 'contact.handled', id: `${contactId}:h`, at: iso(offeredAt + (wait + handle) * 1000), ...base, agentId: agent.id, handleSeconds: handle });
      if (random() >= 0.4) continue;

      // A case for this contact: created at answer, linked, usually answered and resolved, sometimes escalated, reopened, surveyed.
      caseSerial += 1;
      const caseId = `AC-${caseSerial.toString(36).toUpperCase().padStart(4, '0').slice(-4)}-${String(caseSerial).padStart(6, '0').slice(-4)}${caseSerial}`;
      const createdAt = offeredAt + wait * 1000;
      const caseType = pick(CASE_TYPES);
      caseEvent(caseId, 'case.created', createdAt, agent.id, { customerId, caseType, severity: random() < 0.1 ? 'S2' : 'S3', channel, subject: 'Synthetic', ownerId: agent.id, queueId: queue });
      caseEvent(caseId, 'contact.linked', createdAt, agent.id, { contactId, channel, direction: 'inbound', summary: '' });
      const sameContact = random() < 0.7;
      let at = createdAt + handle * 500;
      if (!sameContact) {
        caseEvent(caseId, 'contact.wrapped', createdAt + handle * 1000, agent.id, { contactId });
        at = createdAt + Math.floor(random() * 3 * 86_400_000);
        caseEvent(caseId, 'message.sent', at, agent.id, { channel, kind: 'response', summary: 'Update' });
      }
      if (random() < 0.05) caseEvent(caseId, 'case.escalated', at + 60_000, agent.id, { level: 2, toOwnerId: agent.id, reason: 'Supervisor review', automatic: false });
      if (random() < 0.9) {
        caseEvent(caseId, 'case.resolved', at + 120_000, agent.id, { resolution: 'Resolved', code: CODES[Math.floor(random() * CODES.length)] });
        if (random() < 0.03) caseEvent(caseId, 'case.reopened', at + 86_400_000, agent.id, { reason: 'Came back' });
        else caseEvent(caseId, 'case.closed', at + 2 * 86_400_000, agent.id, {});
        if (random() < 0.25) {
          const csat = random() < 0.7;
          caseEvent(caseId, 'survey.answered', at + 3_600_000, 'system:notifications', { survey: csat ? 'csat' : 'nps', score: csat ? 1 + Math.min(4, Math.floor(random() * 5.6)) : Math.min(10, Math.floor(random() * 11.5)), source: 'notification' });
        }
      }
      if (random() < 0.05) qaScores.push({ evaluationId: `qa-${caseSerial}`, at: iso(at + 86_400_000), agentId: agent.id, score: 0.6 + random() * 0.4, channel, caseId, calibration: false });
    }
  }
  // Service order: case events sorted by time (a case's events stay in order).
  caseEvents.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { facts, caseEvents, qaScores, directory, events: facts.length + caseEvents.length };
}
