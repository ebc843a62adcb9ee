import type { CaseEvent } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';
import type { CaseStatus, CustomerTier } from '../domain/enums';
import { applyCaseEvent } from '../cases/reducer';
import { openDayMinutes, type Calendar } from './calendar';
import { addBusinessMs, businessMsBetween, formatInstant, MINUTE_MS, parseInstant } from './businessTime';
import { resolveClocks, targetMs, type ClockType, type EnabledClockSpec, type RuleMatch, type ScriptAnswerMatch, type SlaPolicies } from './policy';
import { disputeFactsFromAnswers } from './disputeFactsFromAnswers';
import { latestScriptAnswers } from './scriptAnswers';
import { statutoryClocksFor, type DisputeFacts, type StatutoryMetBy } from './statutory';

/**
 * Every SLA clock of a case, recomputed from its events and the policy and calendars in force.
 * Nothing here is a stored counter: a changed calendar, holiday list or policy reaches every
 * open case on its next computation, and all arithmetic is on instants, so the host's time
 * zone never matters.
 *
 * What starts, pauses and stops each clock:
 * - first_response: starts when the case is created; met by the first `message.sent` (any
 *   kind) or by the case being resolved or closed, whichever comes first.
 * - response (e.g. "Remediation plan", "Email response"): as first_response, but met only by a
 *   `message.sent` of kind "response" (or resolution).
 * - resolution: starts at creation; met by `case.resolved` (or `case.closed`). A reopen starts
 *   a fresh resolution clock from the reopen instant with the full target: the earlier cycle's
 *   breach stays in the event history (and its escalations), not on the live clock.
 * - status_update: recurring; runs from the latest customer message (any kind — a reply is an
 *   update) or from creation/reopen, and stops when the case is resolved or closed.
 * - evidence (the customer's evidence, e.g. a card dispute's "in 7–14 days"): absent until evidence
 *   is asked for in the current resolution cycle — the case starts waiting on the customer, or the
 *   script answer the clock names (`requestedBy`) is given — then runs from that request until the
 *   customer answers: the wait ends (Resume, or their contact ends it), an inbound contact is
 *   linked, or the case is resolved or closed. A later request starts the next one. It counts while
 *   the case waits (the wait is what it measures) unless the policy says otherwise.
 * - A clock given by a rule that matches on `escalationLevel` counts from the instant the case
 *   first reached the lowest level listed, not from creation: level 4's weekly status update runs
 *   7 days from the escalation, then 7 days from each message to the customer, until resolved or
 *   closed.
 * - Pausing: while the case status is "waiting_on_customer" (per the case reducer, so an
 *   inbound contact also ends the wait), clocks whose policy says so (by default resolution and
 *   status_update) stop counting; elapsed time is kept, and a case resolved straight from
 *   waiting counts nothing for the wait. Only open calendar time ever counts, so a pause over a
 *   holiday and the holiday itself both add nothing.
 * - Statutory clocks (statutory.ts) start at creation, never pause, are not restarted by a
 *   reopen, and are met by the first resolution/closure (or acknowledgement / provisional credit).
 * - Severity, case type and channel are read from the events as they stand now and every clock
 *   is measured from its own start: raising a case to S1 applies S1's targets from creation.
 * - Event times are clamped to [creation, now], so a device clock running ahead cannot meet or
 *   breach a clock in the future.
 * A clock met or stopped after its due instant is "breached" (it stays so); "met" means on time.
 */

export type SlaClockState = 'running' | 'paused' | 'warning' | 'breached' | 'met';

export type SlaClock = {
  /** "first_response", "resolution", "status_update", …, or "statutory:reg_e_investigation", … */
  id: string;
  label: string;
  kind: 'service' | 'statutory';
  clockType: ClockType | 'statutory';
  state: SlaClockState;
  /** True while the clock is not counting because the case waits on the customer. */
  paused: boolean;
  startedAt: string;
  /** Due instant; for a paused clock, when it would be due if it resumed now. */
  dueAt: string;
  /** When it was met or stopped (case resolved/closed); null while it runs. */
  stoppedAt: string | null;
  calendarId: string;
  totalBusinessMinutes: number;
  elapsedBusinessMinutes: number;
  /** The same two in milliseconds (exact integers), for arithmetic. */
  totalBusinessMs: number;
  elapsedBusinessMs: number;
  /** Business (open) time left before the due instant; 0 once due. */
  remainingBusinessMs: number;
  /** Business time past the due instant; 0 before it. */
  overdueBusinessMs: number;
  /** Wall-clock ms from now (or from the stop, for a stopped clock) to the due instant; negative when past. */
  msUntilDue: number;
  /** Elapsed business time / total, ≥ 0 (above 1 when overdue). */
  fractionElapsed: number;
  /** How many warning thresholds the clock has reached. */
  warningLevel: number;
  /** When the state changes next if nothing happens (a threshold or the due instant); null when paused or stopped. */
  nextChangeAt: string | null;
  editableByAgent: boolean;
  /** The policy rule the clock came from, or the statute. */
  source: string;
  policyVersion: number;
  /** The instant these figures are for (the `now` of the computation). */
  asOf: string;
};

export type ComputeClocksInput = {
  events: readonly CaseEvent[];
  /** The customer's tier; null for a case without a customer (treated as standard). */
  customerTier: CustomerTier | null;
  policies: SlaPolicies;
  calendars: ReadonlyMap<string, Calendar>;
  /** ISO 8601 with offset, or epoch ms. */
  now: string | number;
  /**
   * Dispute facts for statutory Reg E / Reg Z clocks (see statutory.ts). Left out, they come from
   * the card-dispute script's answers in `events` (disputeFactsFromAnswers).
   */
  disputeFacts?: DisputeFacts | null;
};

type Interval = readonly [number, number];

/** What the clocks need from a case's history, in instants. */
type Timeline = {
  createdAt: number;
  state: CaseState;
  /** Intervals in "waiting_on_customer", ascending and disjoint; the last may end at +Infinity. */
  waiting: Interval[];
  messages: { at: number; kind: 'acknowledgement' | 'response' | 'status_update' }[];
  /** Inbound contacts linked to the case (a customer answering). */
  inbound: number[];
  /** Script answers, in time order. */
  answers: { at: number; workflowId: string; fieldId: string; value: unknown }[];
  /** When the case first stood at each escalation level or higher (index = level). */
  levelReachedAt: (number | undefined)[];
  /** Resolution cycles: creation or reopen to resolution/closure (null while open). */
  cycles: { start: number; end: number | null }[];
  firstFinishedAt: number | null;
  provisionalCreditAt: number | null;
};

const FINISHED: readonly CaseStatus[] = ['resolved', 'closed'];
const TYPE_ORDER: readonly ClockType[] = ['first_response', 'response', 'resolution', 'status_update', 'evidence'];

/**
 * Every clock of one case at `now`: the service clocks its policy gives it, then the statutory
 * clocks. Empty until the case has a `case.created` event.
 * @throws Error if the policies name a calendar missing from `calendars` (loadSlaConfig rules that out).
 */
export function computeClocks(input: ComputeClocksInput): SlaClock[] {
  const now = typeof input.now === 'number' ? input.now : parseInstant(input.now);
  const timeline = buildTimeline(input.events, now);
  if (!timeline) return [];
  const { policies } = input;
  const calendarOf = (id: string): Calendar => {
    const calendar = input.calendars.get(id);
    if (!calendar) throw new Error(`SLA policy version ${policies.version} names calendar "${id}", which is not loaded`);
    return calendar;
  };
  const facts = {
    caseType: timeline.state.caseType,
    severity: timeline.state.severity,
    channel: timeline.state.channel,
    tier: input.customerTier ?? 'standard',
    answers: latestScriptAnswers(input.events),
    escalationLevel: timeline.state.escalationLevel,
  };
  const applicable = resolveClocks(policies, facts, (spec) => {
    const calendar = calendarOf(spec.calendar);
    return addBusinessMs(timeline.createdAt, targetMs(spec.target, calendar), calendar);
  }).sort((a, b) => TYPE_ORDER.indexOf(a.spec.type) - TYPE_ORDER.indexOf(b.spec.type) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const clocks: SlaClock[] = [];
  for (const { key, spec, ruleId, match } of applicable) {
    const calendar = calendarOf(spec.calendar);
    const run = serviceRun(spec, timeline, now, countsFrom(match, timeline));
    if (!run) continue;
    const measured = measure({ ...run, targetMs: targetMs(spec.target, calendar), calendar, pauses: spec.pauseWhileWaitingOnCustomer ? timeline.waiting : [], now });
    const identity = { id: key, label: spec.label, kind: 'service', clockType: spec.type, calendarId: calendar.id, editableByAgent: true, source: ruleId, policyVersion: policies.version } as const;
    clocks.push(present(measured, identity, spec.warningThresholds ?? policies.warningThresholds));
  }

  for (const definition of statutoryClocksFor(timeline.state.caseType, timeline.createdAt, input.disputeFacts !== undefined ? input.disputeFacts : disputeFactsFromAnswers(input.events))) {
    const calendar = calendarOf(policies.statutoryCalendars[definition.calendar]);
    let total = Math.round(definition.days * openDayMinutes(calendar) * MINUTE_MS);
    if (definition.notLaterThanMs !== undefined) total = Math.max(0, Math.min(total, businessMsBetween(timeline.createdAt, definition.notLaterThanMs, calendar)));
    const stopAt = statutoryStop(definition.metBy, timeline);
    const measured = measure({ start: timeline.createdAt, stopAt, targetMs: total, calendar, pauses: [], now });
    clocks.push(
      present(measured, { id: definition.id, label: definition.label, kind: 'statutory', clockType: 'statutory', calendarId: calendar.id, editableByAgent: false, source: definition.citation, policyVersion: policies.version }, policies.warningThresholds),
    );
  }
  return clocks;
}

/**
 * Brings a computed clock forward from its `asOf` to a later `now` without re-reading events:
 * exact as long as no event happened in between (property-tested against computeClocks). Meant for
 * countdown ticks: recompute with computeClocks when events, policies or calendars change, or
 * when `nextChangeAt` passes if you want fresh warning levels without ticking every clock.
 */
export function refreshClock(clock: SlaClock, now: string | number, config: { calendars: ReadonlyMap<string, Calendar>; policies: SlaPolicies }): SlaClock {
  const nowMs = typeof now === 'number' ? now : parseInstant(now);
  if (clock.stoppedAt !== null) return { ...clock, asOf: formatInstant(nowMs) };
  const calendar = config.calendars.get(clock.calendarId);
  if (!calendar) throw new Error(`SLA clock "${clock.id}" counts on calendar "${clock.calendarId}", which is not loaded`);
  const total = clock.totalBusinessMs;
  let elapsed = clock.elapsedBusinessMs;
  let due = parseInstant(clock.dueAt);
  if (!clock.paused) elapsed += businessMsBetween(parseInstant(clock.asOf), nowMs, calendar);
  else if (elapsed < total) due = addBusinessMs(nowMs, total - elapsed, calendar); // a paused clock's due moves with now
  const measured: Measured = { start: parseInstant(clock.startedAt), stopAt: null, total, elapsed, due, paused: clock.paused, now: nowMs, calendar };
  return present(measured, clock, warningThresholdsOf(clock, config.policies));
}

/** The thresholds a clock warns at: its policy entry's own, else the file's. */
function warningThresholdsOf(clock: Pick<SlaClock, 'id' | 'kind' | 'source'>, policies: SlaPolicies): readonly number[] {
  if (clock.kind !== 'service') return policies.warningThresholds;
  const spec = policies.rules.find((rule) => rule.id === clock.source)?.clocks[clock.id];
  return (spec && !spec.disabled && spec.warningThresholds) || policies.warningThresholds;
}

/** When a rule's clocks start counting at the earliest: the instant the case reached the rule's escalation level (else creation). */
function countsFrom(match: RuleMatch, timeline: Timeline): number {
  if (!match.escalationLevel) return timeline.createdAt;
  return timeline.levelReachedAt[Math.min(...match.escalationLevel)] ?? timeline.createdAt;
}

function buildTimeline(events: readonly CaseEvent[], now: number): Timeline | null {
  const creation = events.find((event) => event.type === 'case.created');
  if (!creation) return null;
  const createdAt = Math.min(parseInstant(creation.at), now);
  const ordered = events
    .map((event, index) => ({ event, index, at: Math.min(Math.max(parseInstant(event.at), createdAt), now) }))
    .sort((a, b) => a.at - b.at || Number(b.event === creation) - Number(a.event === creation) || a.index - b.index);

  let state: CaseState | null = null;
  let status: CaseStatus | null = null;
  let waitingSince: number | null = null;
  const timeline: Omit<Timeline, 'state'> = { createdAt, waiting: [], messages: [], inbound: [], answers: [], levelReachedAt: [], cycles: [], firstFinishedAt: null, provisionalCreditAt: null };
  const pendingCredits = new Set<string>();

  for (const { event, at } of ordered) {
    state = applyCaseEvent(state, event);
    if (!state) continue;
    if (status === null) timeline.cycles.push({ start: at, end: null });
    const next = state.status;
    if (next !== status) {
      if (next === 'waiting_on_customer') waitingSince = at;
      else if (waitingSince !== null) {
        timeline.waiting.push([waitingSince, at]);
        waitingSince = null;
      }
      const wasFinished = status !== null && FINISHED.includes(status);
      if (FINISHED.includes(next) && !wasFinished) {
        const cycle = timeline.cycles[timeline.cycles.length - 1];
        if (cycle) cycle.end = at;
        timeline.firstFinishedAt ??= at;
      } else if (wasFinished && !FINISHED.includes(next)) {
        timeline.cycles.push({ start: at, end: null });
      }
      status = next;
    }
    if (event.type === 'message.sent') timeline.messages.push({ at, kind: event.payload.kind });
    if (event.type === 'contact.linked' && event.payload.direction === 'inbound') timeline.inbound.push(at);
    if (event.type === 'workflow.answered') timeline.answers.push({ at, workflowId: event.payload.workflowId, fieldId: event.payload.fieldId, value: event.payload.value });
    for (let level = 1; level <= state.escalationLevel; level++) timeline.levelReachedAt[level] ??= at;
    if (event.type === 'remediation.requested' && event.payload.kind === 'provisional_credit') {
      if (event.payload.approval === 'none') timeline.provisionalCreditAt ??= at;
      else pendingCredits.add(event.payload.requestId);
    }
    if (event.type === 'remediation.approved' && pendingCredits.has(event.payload.requestId)) timeline.provisionalCreditAt ??= at;
  }
  if (!state) return null;
  if (waitingSince !== null) timeline.waiting.push([waitingSince, Number.POSITIVE_INFINITY]);
  return { ...timeline, state };
}

/**
 * When a service clock started and when (if) it stopped; null while it has not started (an
 * evidence clock before evidence is asked for). Nothing before `from` starts or meets it.
 */
function serviceRun(spec: EnabledClockSpec, timeline: Timeline, now: number, from: number): { start: number; stopAt: number | null } | null {
  const finished = timeline.firstFinishedAt;
  const cycle = timeline.cycles[timeline.cycles.length - 1]!;
  const messages = timeline.messages.filter((message) => message.at >= from);
  switch (spec.type) {
    case 'first_response':
      return { start: from, stopAt: atLeast(from, earliest(messages[0]?.at ?? null, finished)) };
    case 'response':
      return { start: from, stopAt: atLeast(from, earliest(messages.find((m) => m.kind === 'response')?.at ?? null, finished)) };
    case 'resolution':
      return { start: Math.max(cycle.start, from), stopAt: atLeast(from, cycle.end) };
    case 'status_update': {
      const until = cycle.end ?? now;
      let start = Math.max(cycle.start, from);
      for (const message of messages) if (message.at >= start && message.at <= until) start = message.at;
      return { start, stopAt: atLeast(start, cycle.end) };
    }
    case 'evidence':
      return evidenceRun(spec.requestedBy, timeline, Math.max(cycle.start, from), cycle.end);
  }
}

/** The latest evidence request since `since` and the customer's answer to it (see the header). */
function evidenceRun(requestedBy: ScriptAnswerMatch | undefined, timeline: Timeline, since: number, cycleEnd: number | null): { start: number; stopAt: number | null } | null {
  const until = cycleEnd ?? Number.POSITIVE_INFINITY;
  const requests = [
    ...timeline.waiting.map(([start]) => start),
    ...(requestedBy
      ? timeline.answers.filter((answer) => answer.workflowId === requestedBy.workflowId && answer.fieldId === requestedBy.fieldId && answer.value === requestedBy.equals).map((answer) => answer.at)
      : []),
  ]
    .filter((at) => at >= since && at <= until)
    .sort((a, b) => a - b);
  const answers = [...timeline.waiting.map(([, end]) => end), ...timeline.inbound].filter((at) => Number.isFinite(at)).sort((a, b) => a - b);
  let run: { start: number; stopAt: number | null } | null = null;
  for (const request of requests) {
    if (run && (run.stopAt === null || request <= run.stopAt)) continue; // asked again before answering: the first request counts
    const answered = answers.find((at) => at > request) ?? null;
    run = { start: request, stopAt: earliest(answered, cycleEnd) };
  }
  return run;
}

/** A stop before the clock's start does not stop it. */
function atLeast(start: number, stopAt: number | null): number | null {
  return stopAt !== null && stopAt < start ? null : stopAt;
}

function statutoryStop(metBy: StatutoryMetBy, timeline: Timeline): number | null {
  const finished = timeline.firstFinishedAt;
  if (metBy === 'resolution') return finished;
  if (metBy === 'customer_message') return earliest(timeline.messages[0]?.at ?? null, finished);
  return earliest(timeline.provisionalCreditAt, finished);
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

type Measured = { start: number; stopAt: number | null; total: number; elapsed: number; due: number; paused: boolean; now: number; calendar: Calendar };

/** Counts open time from start to the stop (or now), leaving out pauses, and finds the due instant. */
function measure(input: { start: number; stopAt: number | null; targetMs: number; calendar: Calendar; pauses: readonly Interval[]; now: number }): Measured {
  const { start, stopAt, targetMs: total, calendar, pauses, now } = input;
  const end = Math.max(start, stopAt ?? now);
  let elapsed = 0;
  let due: number | null = null;
  let cursor = start;
  const count = (from: number, to: number) => {
    if (to <= from) return;
    const open = businessMsBetween(from, to, calendar);
    if (due === null && elapsed + open >= total) due = addBusinessMs(from, total - elapsed, calendar);
    elapsed += open;
  };
  for (const [pauseStart, pauseEnd] of pauses) {
    if (pauseEnd <= cursor) continue;
    if (pauseStart >= end) break;
    count(cursor, Math.max(cursor, pauseStart));
    cursor = Math.min(Math.max(cursor, pauseEnd), end);
  }
  count(cursor, end);
  const paused = stopAt === null && pauses.some(([pauseStart, pauseEnd]) => pauseStart <= now && now < pauseEnd);
  // Not yet due: due once the rest elapses from the stop (or from now; the same instant while running).
  due ??= addBusinessMs(end, total - elapsed, calendar);
  return { start, stopAt, total, elapsed, due, paused, now, calendar };
}

type ClockIdentity = Pick<SlaClock, 'id' | 'label' | 'kind' | 'clockType' | 'calendarId' | 'editableByAgent' | 'source' | 'policyVersion'>;

function present(measured: Measured, identity: ClockIdentity, thresholds: readonly number[]): SlaClock {
  const { start, stopAt, total, elapsed, due, paused, now, calendar } = measured;
  const fraction = total > 0 ? elapsed / total : 1;
  const warningLevel = thresholds.filter((threshold) => fraction >= threshold).length;
  const overdue = elapsed >= total && (stopAt === null || elapsed > total);
  let state: SlaClockState;
  if (stopAt !== null) state = elapsed <= total ? 'met' : 'breached';
  else if (overdue) state = 'breached';
  else if (paused) state = 'paused';
  else if (warningLevel > 0) state = 'warning';
  else state = 'running';

  let nextChange: number | null = null;
  if (stopAt === null && !paused && !overdue) {
    const nextThreshold = thresholds.find((threshold) => fraction < threshold);
    nextChange = nextThreshold === undefined ? due : addBusinessMs(now, Math.max(0, Math.ceil(nextThreshold * total) - elapsed), calendar);
  }
  return {
    id: identity.id,
    label: identity.label,
    kind: identity.kind,
    clockType: identity.clockType,
    state,
    paused: paused && stopAt === null,
    startedAt: formatInstant(start),
    dueAt: formatInstant(due),
    stoppedAt: stopAt === null ? null : formatInstant(stopAt),
    calendarId: identity.calendarId,
    totalBusinessMinutes: total / MINUTE_MS,
    elapsedBusinessMinutes: elapsed / MINUTE_MS,
    totalBusinessMs: total,
    elapsedBusinessMs: elapsed,
    remainingBusinessMs: Math.max(0, total - elapsed),
    overdueBusinessMs: Math.max(0, elapsed - total),
    msUntilDue: due - (stopAt ?? now),
    fractionElapsed: fraction,
    warningLevel,
    nextChangeAt: nextChange === null ? null : formatInstant(nextChange),
    editableByAgent: identity.editableByAgent,
    source: identity.source,
    policyVersion: identity.policyVersion,
    asOf: formatInstant(now),
  };
}
