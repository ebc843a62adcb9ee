import { DateTime } from 'luxon';
import { formatHlc } from '../../shared/clock/hlc';
import { newCaseReference } from '../../shared/cases/streams';
import { EVENT_SCHEMA_VERSION, type CaseEvent, type CaseEventOf, type CaseEventType } from '../../shared/domain/caseEvent';
import type { Customer } from '../../shared/domain/customer';
import { CaseType, type Channel, type CustomerTier, type Severity } from '../../shared/domain/enums';
import { specificResolutionCodes } from '../../shared/cases/resolutionCodes';
import { WEEKDAYS } from '../../shared/sla/calendar';
import { arrivalWeight } from '../../shared/staffing/arrivalProfile';
import { erlangAPerformance } from '../../shared/staffing/erlangA';
import { requiredAgents } from '../../shared/staffing/erlangC';
import type { TelephonyFact } from '../../shared/telephony/facts';
import { DEMO_AGENTS, type DemoAgent } from './demoAgents';
import type { Random } from './prng';

/**
 * The demo bank's contact-centre history: `days` days of telephony facts (offers, answers,
 * abandons, handle times, agents' ready / not-ready time) and the cases, resolutions, surveys,
 * escalations and branch requests that came of them, so every report has history on first start.
 * Deterministic from the seed and the clock, like the rest of the demo bank.
 *
 * Patterns: the centre's day is 07:00–22:00 New York in the shape of a retail bank
 * (arrivalProfile.ts: mid-morning peak, lunch dip, afternoon peak, Mondays busiest, weekends
 * light), with day-to-day noise and one fee-change week that brings a surge of billing disputes.
 * Waits grow with the load on the agents on shift, callers abandon when a wait outlasts their
 * patience, and cases resolved on the first contact earn better survey scores.
 */
export type ContactCentreHistory = { facts: TelephonyFact[]; caseEvents: CaseEvent[] };

export type HistorySize = { days: number; contactsPerDay: number };

const ZONE = 'America/New_York';
const SEED_DEVICE = 'seed';
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const CHANNEL_MIX: readonly (readonly [Channel, number])[] = [
  ['phone', 60],
  ['chat', 25],
  ['email', 10],
  ['secure_message', 5],
];
/** Mean handle time by channel, seconds (phone inside the guides' 6–9 minutes). */
const MEAN_HANDLE: Record<string, number> = { phone: 400, chat: 540, email: 300, secure_message: 360 };

const CASE_TYPES: readonly (readonly [CaseType, number])[] = [
  ['general_inquiry', 30],
  ['billing_dispute', 16],
  ['account_lock', 14],
  ['card_dispute', 10],
  ['refund_request', 10],
  ['complaint', 8],
  ['payment_failure', 6],
  ['fraud', 6],
];

/** Each type's own resolution codes (resources/resolution-codes.json), in file order so the history stays the same for a seed. */
const CODES: Record<CaseType, readonly string[]> = Object.fromEntries(CaseType.options.map((caseType) => [caseType, specificResolutionCodes(caseType)])) as Record<CaseType, string[]>;

/** Shifts in New York time (minutes after midnight): early 07:00–15:30 and late 13:30–22:00, with a 30-minute break. */
const SHIFTS = [
  { start: 7 * 60, end: 15 * 60 + 30 },
  { start: 13 * 60 + 30, end: 22 * 60 },
];

type AgentDay = { agent: DemoAgent; startMs: number; endMs: number; breakMs: number; state: 'off' | 'ready' | 'case_work' | 'break'; phoneSlots: number };

export function generateContactCentreHistory(random: Random, nowMs: number, customers: readonly Customer[], size: HistorySize): ContactCentreHistory {
  const facts: TelephonyFact[] = [];
  const timeline: { atMs: number; event: CaseEvent }[] = [];
  if (customers.length === 0 || size.days <= 0 || size.contactsPerDay <= 0) return { facts, caseEvents: [] };
  const latestMs = nowMs - 60_000;
  const tier1 = DEMO_AGENTS.filter((agent) => agent.role === 'tier1_agent');
  const specialist = DEMO_AGENTS.find((agent) => agent.username === 'specialist');
  const supervisor = DEMO_AGENTS.find((agent) => agent.role === 'supervisor');
  const branch = DEMO_AGENTS.find((agent) => agent.role === 'branch_staff');
  const branchCustomers = customers.filter((customer) => customer.branchId === branch?.branchId);
  const bytes = (buffer: Uint8Array) => random.fill(buffer);
  const iso = (ms: number) => new Date(ms).toISOString();
  const addEvent = <T extends CaseEventType>(caseId: string, type: T, atMs: number, actorId: string, payload: CaseEventOf<T>['payload']): boolean => {
    if (atMs > latestMs) return false;
    timeline.push({
      atMs,
      event: { id: random.uuid(), caseId, schemaVersion: EVENT_SCHEMA_VERSION, type, at: iso(atMs), hlc: formatHlc({ wallMs: atMs, counter: 0 }, SEED_DEVICE), actorId, deviceId: SEED_DEVICE, payload } as CaseEvent,
    });
    return true;
  };

  const today = DateTime.fromMillis(nowMs, { zone: ZONE }).startOf('day');
  // One week of the period had a fee change that customers call about.
  const surgeDay = Math.floor(size.days * 0.4);
  let contactSerial = 0;
  for (let d = size.days; d >= 0; d--) {
    const day = today.minus({ days: d });
    const weekday = WEEKDAYS[day.weekday % 7] ?? 'mon';
    const surge = d <= surgeDay && d > surgeDay - 5 ? 1.35 : 1;
    const dailyNoise = 0.9 + random.float() * 0.2;

    // Who works today: each tier-1 agent five days a week, three in five on the early shift (the morning peak).
    const onShift: AgentDay[] = [];
    tier1.forEach((agent, index) => {
      if ((day.ordinal + index) % 7 >= 5) return; // two days off, staggered
      const shift = SHIFTS[(index + Math.floor(day.ordinal / 7)) % 5 < 3 ? 0 : 1] ?? SHIFTS[0]!;
      const startMs = day.set({ hour: Math.floor(shift.start / 60), minute: shift.start % 60 }).toMillis();
      const endMs = day.set({ hour: Math.floor(shift.end / 60), minute: shift.end % 60 }).toMillis();
      // Breaks staggered 3½, 4 or 4½ hours in, so a shift never leaves the phones all at once.
      onShift.push({ agent, startMs, endMs, breakMs: startMs + (3.5 + (index % 3) * 0.5) * HOUR_MS, state: 'off', phoneSlots: 0 });
    });
    const setState = (shift: AgentDay, state: AgentDay['state'], atMs: number) => {
      if (shift.state === state) return;
      shift.state = state;
      if (atMs > latestMs) return;
      const fact: TelephonyFact =
        state === 'ready'
          ? { kind: 'agent.state', id: `state-${shift.agent.id}-${atMs}`, at: iso(atMs), agentId: shift.agent.id, state: 'ready' }
          : state === 'off'
            ? { kind: 'agent.state', id: `state-${shift.agent.id}-${atMs}`, at: iso(atMs), agentId: shift.agent.id, state: 'logged_out' }
            : { kind: 'agent.state', id: `state-${shift.agent.id}-${atMs}`, at: iso(atMs), agentId: shift.agent.id, state: 'not_ready', reason: state };
      facts.push(fact);
    };

    const slots: { startMs: number; weight: number }[] = [];
    for (let minute = 7 * 60; minute < 22 * 60; minute += 30) slots.push({ startMs: day.set({ hour: Math.floor(minute / 60), minute: minute % 60 }).toMillis(), weight: arrivalWeight(weekday, minute) });
    const weightSum = slots.reduce((sum, slot) => sum + slot.weight, 0);
    const weekdayMean = 0.9; // arrivalProfile's weekday weights average about 0.9
    const dayVolume = size.contactsPerDay * (slots.length > 0 ? weightSum / slots.length / weekdayMean : 0) * dailyNoise * surge;

    for (const slot of slots) {
      const expected = (dayVolume * slot.weight) / weightSum;
      const count = Math.max(0, Math.round(expected + (random.float() - 0.5) * Math.sqrt(expected) * 2));
      // The team lead staffs the phones to the forecast (Erlang C, 80/20), give or take one agent;
      // the others on shift do case work, and everyone takes a break four hours in.
      const working = onShift.filter((shift) => shift.startMs <= slot.startMs && slot.startMs < shift.endMs);
      for (const shift of onShift) if (shift.state !== 'off' && !working.includes(shift)) setState(shift, 'off', shift.endMs);
      const onBreak = working.filter((shift) => shift.breakMs <= slot.startMs && slot.startMs < shift.breakMs + 30 * MINUTE_MS);
      const available = working.filter((shift) => !onBreak.includes(shift));
      const need = requiredAgents({ calls: expected, intervalMinutes: 30, ahtSeconds: 420, targetServiceLevel: 0.8, targetAnswerSeconds: 20 }).agents;
      const planned = Math.min(available.length, Math.max(1, need + (random.chance(0.12) ? -1 : random.chance(0.15) ? 1 : 0)));
      const chosen = [...available].sort((a, b) => Number(b.state === 'ready') - Number(a.state === 'ready') || a.phoneSlots - b.phoneSlots).slice(0, planned);
      for (const shift of onBreak) setState(shift, 'break', slot.startMs);
      for (const shift of available) setState(shift, chosen.includes(shift) ? 'ready' : 'case_work', slot.startMs);
      for (const shift of chosen) shift.phoneSlots += 1;
      const ready = chosen;
      // What the agents ready in this half-hour can achieve, by Erlang A: the contacts then wait,
      // are answered or hang up with those probabilities, so the history obeys the staffing maths.
      const queueing = erlangAPerformance({ calls: Math.max(expected, 0.1), intervalMinutes: 30, ahtSeconds: 420, patienceSeconds: 240, targetAnswerSeconds: 20, agents: Math.max(1, ready.length) });
      const answeredWaitProbability = Math.max(0, (queueing.probabilityOfWaiting - queueing.probabilityOfAbandon) / Math.max(1e-9, 1 - queueing.probabilityOfAbandon));
      const meanWaitOfWaiters = answeredWaitProbability > 0 ? queueing.asaSeconds / answeredWaitProbability : 0;
      for (let i = 0; i < count; i++) {
        const offeredMs = slot.startMs + Math.floor(random.float() * 30 * MINUTE_MS);
        if (offeredMs > latestMs) continue;
        contactSerial += 1;
        const channel = random.weighted(CHANNEL_MIX);
        const customer = random.pick(customers);
        const fraud = random.chance(0.05);
        const queue = fraud ? 'FRAUD' : customer.tier === 'premium' || customer.tier === 'vip' ? 'PRIORITY' : random.chance(0.55) ? 'T1-EAST' : 'T1-WEST';
        const contactId = `${channel === 'phone' ? 'CALL' : channel === 'chat' ? 'CHAT' : 'MSG'}-${String(contactSerial).padStart(6, '0')}`;
        const base = { contactId, channel, queue } as const;
        facts.push({ kind: 'contact.offered', id: `${contactId}:offered`, at: iso(offeredMs), ...base, segment: customer.tier });
        const queued = channel === 'email' || channel === 'secure_message';
        if (!queued && random.chance(queueing.probabilityOfAbandon)) {
          const left = Math.max(1, Math.round(-Math.log(1 - random.float()) * 45));
          if (offeredMs + left * 1000 <= latestMs) facts.push({ kind: 'contact.abandoned', id: `${contactId}:abandoned`, at: iso(offeredMs + left * 1000), ...base, waitSeconds: left });
          continue;
        }
        const waits = random.chance(answeredWaitProbability);
        const wait = waits ? Math.max(1, Math.round(-Math.log(1 - random.float()) * meanWaitOfWaiters)) : random.int(0, 3);
        const candidates = fraud && specialist ? [specialist] : ready.length > 0 ? ready.map((shift) => shift.agent) : tier1;
        const agent = random.pick(candidates);
        const answeredMs = offeredMs + wait * 1000;
        if (answeredMs > latestMs) continue;
        facts.push({ kind: 'contact.answered', id: `${contactId}:answered`, at: iso(answeredMs), ...base, waitSeconds: wait, agentId: agent.id });
        const handle = Math.round((MEAN_HANDLE[channel] ?? 400) * (0.45 + -Math.log(1 - random.float()) * 0.55));
        const wrap = Math.round(handle * 0.15);
        const handledMs = answeredMs + handle * 1000;

        // About one contact in eight opens a case (the rest are answered outright).
        let caseId: string | undefined;
        if (random.chance(0.125)) {
          caseId = newCaseReference(bytes);
          const caseType: CaseType = fraud ? 'fraud' : surge > 1 && random.chance(0.5) ? 'billing_dispute' : random.weighted(CASE_TYPES);
          openHistoricalCase({ caseId, caseType, channel, customer, agent, contactId, answeredMs, handledMs, queue });
        }
        if (handledMs <= latestMs) {
          facts.push({ kind: 'contact.handled', id: `${contactId}:handled`, at: iso(handledMs), ...base, agentId: agent.id, handleSeconds: handle, talkSeconds: handle - wrap, wrapSeconds: wrap, ...(caseId ? { caseId } : {}) });
        }
      }
    }

    for (const shift of onShift) setState(shift, 'off', Math.max(shift.endMs, slots[slots.length - 1]?.startMs ?? shift.endMs));

    // Branch requests: walk-ins at BR-001 on weekdays, answered the same business day nearly always.
    if (branch && branchCustomers.length > 0 && weekday !== 'sat' && weekday !== 'sun') {
      const visits = random.int(1, 3);
      for (let v = 0; v < visits; v++) {
        const createdMs = day.set({ hour: random.int(9, 18), minute: random.int(0, 59) }).toMillis();
        const caseId = newCaseReference(bytes);
        const customer = random.pick(branchCustomers);
        const caseType: CaseType = random.chance(0.5) ? 'complaint' : random.pick(['billing_dispute', 'refund_request', 'general_inquiry'] as const);
        if (!addEvent(caseId, 'case.created', createdMs, branch.id, { customerId: customer.id, caseType, severity: 'S3', channel: 'walk_in', subject: 'Walk-in request at the branch', ownerId: branch.id, queueId: branch.teamId })) continue;
        const walkInId = `WALKIN-${caseId.slice(3)}`;
        addEvent(caseId, 'contact.linked', createdMs, branch.id, { contactId: walkInId, channel: 'walk_in', direction: 'inbound', summary: 'Customer at the desk' });
        addEvent(caseId, 'contact.wrapped', createdMs + 15 * MINUTE_MS, branch.id, { contactId: walkInId });
        const sameDay = random.chance(0.92);
        const answerMs = sameDay ? createdMs + random.int(20, 150) * MINUTE_MS : createdMs + random.int(20, 40) * HOUR_MS;
        addEvent(caseId, 'message.sent', answerMs, branch.id, { channel: 'email', kind: 'response', summary: `We have looked into your request ${caseId}.` });
        const resolvedMs = answerMs + random.int(1, 48) * HOUR_MS;
        if (addEvent(caseId, 'case.resolved', resolvedMs, branch.id, { resolution: 'Resolved at the branch.', code: random.pick(CODES[caseType]) })) {
          addEvent(caseId, 'case.closed', resolvedMs + 3 * DAY_MS, branch.id, {});
        }
      }
    }
  }

  function openHistoricalCase(c: { caseId: string; caseType: CaseType; channel: Channel; customer: Customer; agent: DemoAgent; contactId: string; answeredMs: number; handledMs: number; queue: string }): void {
    const { caseId, agent } = c;
    const severity: Severity = c.caseType === 'fraud' ? 'S2' : c.caseType === 'payment_failure' && random.chance(0.3) ? 'S2' : random.chance(0.3) ? 'S4' : 'S3';
    addEvent(caseId, 'case.created', c.answeredMs, agent.id, { customerId: c.customer.id, caseType: c.caseType, severity, channel: c.channel, subject: subjectFor(c.caseType), ownerId: agent.id, queueId: c.queue });
    addEvent(caseId, 'contact.linked', c.answeredMs + 1000, agent.id, { contactId: c.contactId, channel: c.channel, direction: 'inbound', summary: subjectFor(c.caseType) });
    const firstContact = random.chance(c.caseType === 'general_inquiry' || c.caseType === 'account_lock' ? 0.93 : 0.8);
    const code = random.pick(CODES[c.caseType]);
    let resolvedMs: number;
    if (firstContact) {
      resolvedMs = c.handledMs - 30_000;
      addEvent(caseId, 'case.resolved', resolvedMs, agent.id, { resolution: 'Resolved while the customer was on the line.', code });
      addEvent(caseId, 'contact.wrapped', c.handledMs, agent.id, { contactId: c.contactId });
    } else {
      addEvent(caseId, 'contact.wrapped', c.handledMs, agent.id, { contactId: c.contactId });
      // Urgent work is acknowledged within minutes (fraud 30 min, S2 60 min); the rest within hours.
      let t = c.handledMs + (severity === 'S2' || c.caseType === 'fraud' ? random.int(2, 20) : random.int(10, 180)) * MINUTE_MS;
      addEvent(caseId, 'message.sent', t, agent.id, { channel: c.channel === 'phone' ? 'email' : c.channel, kind: 'acknowledgement', summary: `We have your request ${caseId} and are on it.` });
      let owner = agent.id;
      if (random.chance(0.06) && supervisor) {
        t += random.int(1, 8) * HOUR_MS;
        addEvent(caseId, 'case.escalated', t, agent.id, { level: 2, toOwnerId: supervisor.id, reason: 'Customer asked for a supervisor', automatic: false });
        owner = supervisor.id;
      }
      if (random.chance(0.25)) {
        t += random.int(1, 6) * HOUR_MS;
        addEvent(caseId, 'status.changed', t, owner, { to: 'waiting_on_customer', from: 'open', reason: 'Asked the customer for a statement copy' });
        t += random.int(4, 48) * HOUR_MS;
        addEvent(caseId, 'contact.linked', t, owner, { contactId: `${c.contactId}-R`, channel: 'secure_message', direction: 'inbound', summary: 'Customer sent the documents' });
        addEvent(caseId, 'contact.wrapped', t + 10 * MINUTE_MS, owner, { contactId: `${c.contactId}-R` });
      }
      // Account locks are due in 2 hours; the others in days.
      t += c.caseType === 'account_lock' ? random.int(10, 95) * MINUTE_MS : random.int(2, 60) * HOUR_MS;
      resolvedMs = t;
      addEvent(caseId, 'case.resolved', resolvedMs, owner, { resolution: 'Resolved after follow-up.', code });
    }
    if (random.chance(0.03)) {
      // Reopened when the problem came back, and resolved again (not first-contact any more).
      const reopenedMs = resolvedMs + random.int(1, 4) * DAY_MS;
      addEvent(caseId, 'case.reopened', reopenedMs, agent.id, { reason: 'The customer says the problem is back' });
      resolvedMs = reopenedMs + random.int(2, 30) * HOUR_MS;
      addEvent(caseId, 'case.resolved', resolvedMs, agent.id, { resolution: 'Resolved again after the customer came back.', code });
    }
    addEvent(caseId, 'case.closed', resolvedMs + random.int(2, 5) * DAY_MS, agent.id, { automatic: true });
    // About a third of customers answer the survey sent when their case is resolved.
    if (random.chance(0.35)) {
      const nps = random.chance(0.3);
      const score = nps ? npsScore(firstContact) : csatScore(firstContact);
      addEvent(caseId, 'survey.answered', resolvedMs + random.int(1, 20) * HOUR_MS, 'system:notifications', { survey: nps ? 'nps' : 'csat', score, source: 'notification' });
    }
  }

  function csatScore(firstContact: boolean): number {
    return random.weighted<number>(
      firstContact
        ? [
            [5, 60],
            [4, 31],
            [3, 5],
            [2, 2],
            [1, 2],
          ]
        : [
            [5, 42],
            [4, 36],
            [3, 10],
            [2, 6],
            [1, 6],
          ],
    );
  }

  function npsScore(firstContact: boolean): number {
    const promoter = random.chance(firstContact ? 0.6 : 0.42);
    if (promoter) return random.int(9, 10);
    return random.chance(firstContact ? 0.55 : 0.45) ? random.int(7, 8) : random.int(0, 6);
  }

  // Service order: by time; a case's events stay in their order at equal instants (stable sort).
  timeline.sort((a, b) => a.atMs - b.atMs);
  return { facts, caseEvents: timeline.map((entry) => entry.event) };
}

function subjectFor(caseType: CaseType): string {
  switch (caseType) {
    case 'billing_dispute':
      return 'Question about a new monthly fee';
    case 'account_lock':
      return 'Locked out of online banking';
    case 'card_dispute':
      return 'Does not recognise a card payment';
    case 'refund_request':
      return 'Asks for a refund of a charge';
    case 'complaint':
      return 'Unhappy with how a request was handled';
    case 'payment_failure':
      return 'A payment did not go through';
    case 'fraud':
      return 'Suspicious activity on the account';
    default:
      return 'General question about an account';
  }
}

export type { CustomerTier };
