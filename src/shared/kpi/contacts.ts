import type { Channel, CustomerTier } from '../domain/enums';
import { parseInstant } from '../sla/businessTime';
import type { AgentStateName, TelephonyFact } from '../telephony/facts';
import { inPeriod, teamMatches, type CompiledFilter, type KpiDirectory, type Period } from './kpiInput';

/**
 * One contact's passage through one queue, joined from its telephony facts: offered → answered
 * (after a wait) or abandoned (after a wait) → handled. Queue KPIs are attributed to the moment
 * the contact was offered (the interval it arrived in), handle time to the moment it was handled.
 */
export type ContactRecord = {
  contactId: string;
  channel: Channel;
  queue: string;
  segment: CustomerTier | null;
  /** Offer instant (ms): from contact.offered, else answer/abandon instant minus the wait. */
  offeredAt: number;
  offeredSeen: boolean;
  answerWait: number | null;
  abandonWait: number | null;
  agentId: string | null;
  handleSeconds: number;
  handledAt: number | null;
  caseId: string | null;
};

export type ContactIndex = {
  contacts: ContactRecord[];
  /** Agents' state changes, per agent in time order. */
  agentStates: Map<string, { at: number; state: AgentStateName }[]>;
};

/** Joins telephony facts into per-contact, per-queue records (one pass, then one sort of each agent's states). */
export function indexContacts(facts: readonly TelephonyFact[]): ContactIndex {
  const byKey = new Map<string, ContactRecord>();
  const agentStates = new Map<string, { at: number; state: AgentStateName }[]>();
  for (const fact of facts) {
    const at = parseInstant(fact.at);
    if (fact.kind === 'agent.state') {
      let states = agentStates.get(fact.agentId);
      if (!states) agentStates.set(fact.agentId, (states = []));
      states.push({ at, state: fact.state });
      continue;
    }
    const key = `${fact.contactId}\u0000${fact.queue}`;
    let record = byKey.get(key);
    if (!record) {
      record = { contactId: fact.contactId, channel: fact.channel, queue: fact.queue, segment: null, offeredAt: at, offeredSeen: false, answerWait: null, abandonWait: null, agentId: null, handleSeconds: 0, handledAt: null, caseId: null };
      byKey.set(key, record);
    }
    switch (fact.kind) {
      case 'contact.offered':
        record.offeredAt = at;
        record.offeredSeen = true;
        if (fact.segment) record.segment = fact.segment;
        break;
      case 'contact.answered':
        record.answerWait = fact.waitSeconds;
        record.agentId = fact.agentId;
        if (!record.offeredSeen) record.offeredAt = at - fact.waitSeconds * 1000;
        break;
      case 'contact.abandoned':
        record.abandonWait = fact.waitSeconds;
        if (!record.offeredSeen) record.offeredAt = at - fact.waitSeconds * 1000;
        break;
      case 'contact.handled':
        record.handleSeconds += fact.handleSeconds;
        record.handledAt = at;
        record.agentId ??= fact.agentId;
        if (fact.caseId) record.caseId = fact.caseId;
        if (!record.offeredSeen && record.answerWait === null) record.offeredAt = Math.min(record.offeredAt, at - fact.handleSeconds * 1000);
        break;
    }
  }
  for (const states of agentStates.values()) states.sort((a, b) => a.at - b.at);
  return { contacts: [...byKey.values()], agentStates };
}

export function contactMatches(record: ContactRecord, filter: CompiledFilter, directory: KpiDirectory): boolean {
  if (filter.channels && !filter.channels.has(record.channel)) return false;
  if (filter.queues && !filter.queues.has(record.queue)) return false;
  if (filter.segments && (record.segment === null || !filter.segments.has(record.segment))) return false;
  return teamMatches(filter, directory, record.agentId, record.queue);
}

/** Queue measures over a set of contacts: the raw sums every queue KPI is a ratio of. */
export type QueueTotals = {
  offered: number;
  answered: number;
  answeredWithinTarget: number;
  abandoned: number;
  shortAbandoned: number;
  answerWaitSum: number;
  handled: number;
  handleSum: number;
};

export function emptyQueueTotals(): QueueTotals {
  return { offered: 0, answered: 0, answeredWithinTarget: 0, abandoned: 0, shortAbandoned: 0, answerWaitSum: 0, handled: 0, handleSum: 0 };
}

/** Adds one contact's offer-side measures (offered, answered within target, abandoned, wait). */
export function addOffer(totals: QueueTotals, record: ContactRecord, answerSeconds: number, shortAbandonSeconds: number): void {
  totals.offered += 1;
  if (record.answerWait !== null) {
    totals.answered += 1;
    totals.answerWaitSum += record.answerWait;
    if (record.answerWait <= answerSeconds) totals.answeredWithinTarget += 1;
  } else if (record.abandonWait !== null) {
    totals.abandoned += 1;
    if (record.abandonWait < shortAbandonSeconds) totals.shortAbandoned += 1;
  }
}

export function addHandled(totals: QueueTotals, record: ContactRecord): void {
  if (record.handledAt === null) return;
  totals.handled += 1;
  totals.handleSum += record.handleSeconds;
}

/** Service level: answered within target ÷ (answered + abandoned − short abandons). */
export function serviceLevelOf(totals: QueueTotals): number | null {
  const denominator = totals.answered + totals.abandoned - totals.shortAbandoned;
  return denominator > 0 ? totals.answeredWithinTarget / denominator : null;
}

export function asaOf(totals: QueueTotals): number | null {
  return totals.answered > 0 ? totals.answerWaitSum / totals.answered : null;
}

export function abandonmentOf(totals: QueueTotals): number | null {
  return totals.offered > 0 ? totals.abandoned / totals.offered : null;
}

export function ahtOf(totals: QueueTotals): number | null {
  return totals.handled > 0 ? totals.handleSum / totals.handled : null;
}

/**
 * Ready (staffed) seconds of each agent inside the period: the time between a `ready` state
 * and the agent's next state change, clipped to the period. Handling time happens inside
 * ready time, so occupancy = handle time ÷ ready time.
 */
export function readySecondsByAgent(index: ContactIndex, period: Period): Map<string, number> {
  const ready = new Map<string, number>();
  for (const [agentId, states] of index.agentStates) {
    let total = 0;
    for (let i = 0; i < states.length; i++) {
      const state = states[i];
      if (!state || state.state !== 'ready') continue;
      const end = states[i + 1]?.at ?? period.to;
      const from = Math.max(state.at, period.from);
      const to = Math.min(end, period.to);
      if (to > from) total += (to - from) / 1000;
    }
    if (total > 0) ready.set(agentId, total);
  }
  return ready;
}

/** Occupancy over agents of the filtered teams: Σ handle seconds ÷ Σ ready seconds (all channels and queues). */
export function occupancyOf(index: ContactIndex, period: Period, filter: CompiledFilter, directory: KpiDirectory): { handleSeconds: number; readySeconds: number } {
  const agentIn = (agentId: string) => !filter.teams || filter.teams.has(directory.agents.get(agentId)?.teamId ?? '');
  let readySeconds = 0;
  for (const [agentId, seconds] of readySecondsByAgent(index, period)) if (agentIn(agentId)) readySeconds += seconds;
  let handleSeconds = 0;
  for (const record of index.contacts) {
    if (record.handledAt !== null && record.agentId && inPeriod(record.handledAt, period) && agentIn(record.agentId)) handleSeconds += record.handleSeconds;
  }
  return { handleSeconds, readySeconds };
}
