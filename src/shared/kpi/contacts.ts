import type { Channel, CustomerTier } from '../domain/enums';
import { parseInstant } from '../sla/businessTime';
import type { AgentStateName, TelephonyFact } from '../telephony/facts';
import { inPeriod, teamMatches, type CompiledFilter, type KpiDirectory, type Period } from './kpiInput';

/**
 * Queue measures straight from the telephony facts. Each fact carries what its measure needs —
 * an answer or abandon its wait (so its offer instant is `at − wait`), a handled contact its
 * handle time, channel, queue and agent — so no per-contact join is built: a million facts are
 * read once, in order, with their instants parsed once into a typed array. Only a segment
 * filter needs the offer's segment for an answer or a handle; that look-up is built on first use.
 *
 * Attribution:
 * - offered volume: contact.offered facts, at their instant, in their queue (a team sees the
 *   offers to the queues it works);
 * - answered / abandoned, service level, ASA, abandonment: at the offer instant (the interval
 *   the contact arrived in); an answer belongs to the answering agent's team, an abandon to the
 *   teams working the queue;
 * - handle time: at the instant the contact was handled, to the handling agent's team.
 */
export type ContactIndex = {
  facts: readonly TelephonyFact[];
  /** Parsed `at` of each fact (epoch ms), aligned with `facts`. */
  times: Float64Array;
  /** Agents' state changes, per agent in time order. */
  agentStates: Map<string, { at: number; state: AgentStateName }[]>;
  /** Contact id → segment from its offer, built on first use. */
  segments: () => ReadonlyMap<string, CustomerTier>;
};

export function indexContacts(facts: readonly TelephonyFact[]): ContactIndex {
  const times = new Float64Array(facts.length);
  const agentStates = new Map<string, { at: number; state: AgentStateName }[]>();
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as TelephonyFact;
    const at = parseInstant(fact.at);
    times[i] = at;
    if (fact.kind === 'agent.state') {
      let states = agentStates.get(fact.agentId);
      if (!states) agentStates.set(fact.agentId, (states = []));
      states.push({ at, state: fact.state });
    }
  }
  for (const states of agentStates.values()) states.sort((a, b) => a.at - b.at);
  let segments: Map<string, CustomerTier> | null = null;
  return {
    facts,
    times,
    agentStates,
    segments: () => {
      if (!segments) {
        segments = new Map();
        for (const fact of facts) if (fact.kind === 'contact.offered' && fact.segment) segments.set(fact.contactId, fact.segment);
      }
      return segments;
    },
  };
}

/** Queue measures over a set of facts: the raw sums every queue KPI is a ratio of. */
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

export type QueueRules = { answerSeconds: number; shortAbandonSeconds: number };

/**
 * Visits every contact fact that passes the filter with the instant it is attributed to (offer
 * instant for answers and abandons, its own instant otherwise).
 */
export function forEachContactFact(
  index: ContactIndex,
  filter: CompiledFilter,
  directory: KpiDirectory,
  visit: (fact: Exclude<TelephonyFact, { kind: 'agent.state' }>, attributedAt: number) => void,
): void {
  const { facts, times } = index;
  const segments = filter.segments ? index.segments() : null;
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as TelephonyFact;
    if (fact.kind === 'agent.state') continue;
    if (filter.channels && !filter.channels.has(fact.channel)) continue;
    if (filter.queues && !filter.queues.has(fact.queue)) continue;
    if (segments && filter.segments) {
      const segment = fact.kind === 'contact.offered' ? fact.segment : segments.get(fact.contactId);
      if (!segment || !filter.segments.has(segment)) continue;
    }
    const at = times[i] as number;
    switch (fact.kind) {
      case 'contact.offered':
        if (teamMatches(filter, directory, null, fact.queue)) visit(fact, at);
        break;
      case 'contact.answered':
        if (teamMatches(filter, directory, fact.agentId, fact.queue)) visit(fact, at - fact.waitSeconds * 1000);
        break;
      case 'contact.abandoned':
        if (teamMatches(filter, directory, null, fact.queue)) visit(fact, at - fact.waitSeconds * 1000);
        break;
      case 'contact.handled':
        if (teamMatches(filter, directory, fact.agentId, fact.queue)) visit(fact, at);
        break;
    }
  }
}

/** Adds one contact fact to the totals. */
export function addContactFact(totals: QueueTotals, fact: Exclude<TelephonyFact, { kind: 'agent.state' }>, rules: QueueRules): void {
  switch (fact.kind) {
    case 'contact.offered':
      totals.offered += 1;
      return;
    case 'contact.answered':
      totals.answered += 1;
      totals.answerWaitSum += fact.waitSeconds;
      if (fact.waitSeconds <= rules.answerSeconds) totals.answeredWithinTarget += 1;
      return;
    case 'contact.abandoned':
      totals.abandoned += 1;
      if (fact.waitSeconds < rules.shortAbandonSeconds) totals.shortAbandoned += 1;
      return;
    case 'contact.handled':
      totals.handled += 1;
      totals.handleSum += fact.handleSeconds;
      return;
  }
}

/** Service level: answered within target ÷ (answered + abandoned − short abandons). */
export function serviceLevelOf(totals: QueueTotals): number | null {
  const denominator = totals.answered + totals.abandoned - totals.shortAbandoned;
  return denominator > 0 ? totals.answeredWithinTarget / denominator : null;
}

export function asaOf(totals: QueueTotals): number | null {
  return totals.answered > 0 ? totals.answerWaitSum / totals.answered : null;
}

/** Abandonment: abandoned ÷ contacts that reached an outcome (answered + abandoned). */
export function abandonmentOf(totals: QueueTotals): number | null {
  const outcomes = totals.answered + totals.abandoned;
  return outcomes > 0 ? totals.abandoned / outcomes : null;
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
  const { facts, times } = index;
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as TelephonyFact;
    if (fact.kind === 'contact.handled' && inPeriod(times[i] as number, period) && agentIn(fact.agentId)) handleSeconds += fact.handleSeconds;
  }
  return { handleSeconds, readySeconds };
}

/**
 * Handle seconds per contact id of contacts handled in the period, and the contacts a switch
 * tagged with a case id (contact.handled caseId), per case.
 */
export function handleTimeByContact(index: ContactIndex, period: Period): { byContact: Map<string, number>; byCase: Map<string, string[]> } {
  const byContact = new Map<string, number>();
  const byCase = new Map<string, string[]>();
  const { facts, times } = index;
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as TelephonyFact;
    if (fact.kind !== 'contact.handled' || !inPeriod(times[i] as number, period)) continue;
    byContact.set(fact.contactId, (byContact.get(fact.contactId) ?? 0) + fact.handleSeconds);
    if (fact.caseId) {
      const contacts = byCase.get(fact.caseId);
      if (!contacts) byCase.set(fact.caseId, [fact.contactId]);
      else if (!contacts.includes(fact.contactId)) contacts.push(fact.contactId);
    }
  }
  return { byContact, byCase };
}

export type { Channel };
