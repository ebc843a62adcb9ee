import type { CaseType, Channel, CustomerTier, Severity } from '../domain/enums';
import { parseInstant } from '../sla/businessTime';
import { field, numberField, stringField, teamMatches, type CompiledFilter, type KpiCaseEvent, type KpiDirectory } from './kpiInput';

/**
 * What the KPIs need from one case, folded from its events in one pass (no full reducer: the
 * monthly set reads a million events). Semantics follow the case reducer: the owner changes
 * with assignment, transfer and escalation; first-contact resolution is decided at the first
 * resolution — a contact was linked, exactly one, it was still in progress, and the case had
 * never been reopened — and a later reopen makes it false; a case resolved without any contact
 * is left out of FCR.
 */
export type CaseRecord = {
  caseId: string;
  createdAt: number;
  createdBy: string;
  caseType: CaseType;
  severity: Severity;
  channel: Channel;
  customerId: string | null;
  segment: CustomerTier | null;
  /** Queue at creation: the event's queueId, else the first owner's team (its default queue). */
  queueId: string | null;
  firstOwnerId: string | null;
  /** Owner after the last event. */
  ownerId: string | null;
  /** Position in CaseIndex.cases (its events: CaseIndex.eventsOf). */
  index: number;
  /** Instant of its latest event (ms), and how many events it has. */
  lastAt: number;
  eventCount: number;
  /** Whether any of its events has a type the case reducer does not know (a newer catalogue). */
  hasUnknownTypes: boolean;
  firstResponseAt: number | null;
  firstResolution: { at: number; agentId: string; code: string | null } | null;
  /** Latest resolution (after any reopen), and who made it. */
  lastResolution: { at: number; agentId: string; code: string | null } | null;
  /** Resolved/closed and not reopened after. */
  finishedAt: number | null;
  firstContactResolution: boolean | null;
  escalations: { at: number; level: number; automatic: boolean; ownerId: string | null }[];
  transfers: number;
  surveys: { at: number; survey: 'csat' | 'nps'; score: number; agentId: string | null }[];
  /** contact.linked ids (telephony contact ids or CT- contact streams). */
  contactIds: string[];
  /** Tags, when the catalogue has them (case.tagged / tags on events). */
  tags: string[];
  /** Fold state for first-contact resolution: contacts linked, those still in progress, reopens. */
  fold: { contacts: number; active: string[]; reopens: number };
};

/** Contact streams (CT-…) hold a contact's own events; charCode checks, since this runs per event. */
function isContactStream(id: string): boolean {
  return id.charCodeAt(0) === 67 && id.charCodeAt(1) === 84 && id.charCodeAt(2) === 45;
}

export type CaseIndex = {
  cases: CaseRecord[];
  byId: Map<string, CaseRecord>;
  /** A case's events in service order (SLA compliance replays them). */
  eventsOf: (record: CaseRecord) => KpiCaseEvent[];
  /** The instants (ms) of a case's events, in the same order as eventsOf. */
  timesOf: (record: CaseRecord) => number[];
  /** Telephony contact id → case ids, joined through contact streams (contact.started externalId + contact.ended caseIds). */
  casesOfExternalContact: Map<string, string[]>;
  /** Contact stream id → telephony contact id. */
  externalIdOfStream: Map<string, string>;
};

/**
 * Folds each case from the event log (in service order) in one pass. Built for a million
 * events: every instant is parsed once, and a case's events are kept as positions in one
 * compressed index (counts → offsets → positions) instead of an array per case.
 */
export function indexCases(events: readonly KpiCaseEvent[], directory: KpiDirectory, knownTypes?: ReadonlySet<string>): CaseIndex {
  const byId = new Map<string, CaseRecord>();
  const cases: CaseRecord[] = [];
  const externalIdOfStream = new Map<string, string>();
  const casesOfStream = new Map<string, string[]>();
  const times = new Float64Array(events.length);
  const caseOf = new Int32Array(events.length).fill(-1);
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as KpiCaseEvent;
    if (isContactStream(event.caseId)) {
      if (event.type === 'contact.started') {
        const externalId = stringField(event.payload, 'externalId');
        if (externalId) externalIdOfStream.set(event.caseId, externalId);
      } else if (event.type === 'contact.ended') {
        const caseIds = field(event.payload, 'caseIds');
        if (Array.isArray(caseIds)) casesOfStream.set(event.caseId, caseIds.filter((id): id is string => typeof id === 'string'));
      }
      continue;
    }
    const at = parseInstant(event.at);
    times[i] = at;
    let record = byId.get(event.caseId);
    if (event.type === 'case.created') {
      if (record) continue; // a duplicate creation never resets a case
      record = createRecord(event, at, cases.length, directory);
      byId.set(event.caseId, record);
      cases.push(record);
    } else if (!record) continue;
    else {
      applyEvent(record, event, at);
      record.eventCount += 1;
    }
    caseOf[i] = record.index;
    if (at > record.lastAt) record.lastAt = at;
    if (knownTypes && !knownTypes.has(event.type)) record.hasUnknownTypes = true;
  }
  // Compressed positions: offsets[c]..offsets[c + 1] in `order` are case c's events, in service order.
  const offsets = new Int32Array(cases.length + 1);
  for (let i = 0; i < caseOf.length; i++) {
    const c = caseOf[i] as number;
    if (c >= 0) offsets[c + 1] = (offsets[c + 1] as number) + 1;
  }
  for (let c = 0; c < cases.length; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const fill = offsets.slice(0, cases.length);
  const order = new Int32Array(offsets[cases.length] as number);
  for (let i = 0; i < caseOf.length; i++) {
    const c = caseOf[i] as number;
    if (c < 0) continue;
    order[fill[c] as number] = i;
    fill[c] = (fill[c] as number) + 1;
  }
  const positions = (record: CaseRecord): Int32Array => order.subarray(offsets[record.index] as number, offsets[record.index + 1] as number);
  const casesOfExternalContact = new Map<string, string[]>();
  for (const [stream, caseIds] of casesOfStream) {
    const externalId = externalIdOfStream.get(stream);
    if (externalId) casesOfExternalContact.set(externalId, caseIds);
  }
  return {
    cases,
    byId,
    eventsOf: (record) => Array.from(positions(record), (i) => events[i] as KpiCaseEvent),
    timesOf: (record) => Array.from(positions(record), (i) => times[i] as number),
    casesOfExternalContact,
    externalIdOfStream,
  };
}

function createRecord(event: KpiCaseEvent, createdAt: number, index: number, directory: KpiDirectory): CaseRecord {
  const p = event.payload;
  const ownerId = stringField(p, 'ownerId');
  const customerId = stringField(p, 'customerId');
  const queueId = stringField(p, 'queueId') ?? (ownerId ? (directory.agents.get(ownerId)?.teamId ?? null) : null);
  return {
    caseId: event.caseId,
    createdAt,
    createdBy: event.actorId,
    caseType: stringField(p, 'caseType') as CaseType,
    severity: (stringField(p, 'severity') ?? 'S3') as Severity,
    channel: stringField(p, 'channel') as Channel,
    customerId,
    segment: customerId ? (directory.customerTiers.get(customerId) ?? null) : null,
    queueId,
    firstOwnerId: ownerId,
    ownerId,
    index,
    lastAt: createdAt,
    eventCount: 1,
    hasUnknownTypes: false,
    firstResponseAt: null,
    firstResolution: null,
    lastResolution: null,
    finishedAt: null,
    firstContactResolution: null,
    escalations: NONE,
    transfers: 0,
    surveys: NONE,
    contactIds: NONE,
    tags: tagsOf(p),
    fold: { contacts: 0, active: NONE, reopens: 0 },
  };
}

/**
 * Most cases never escalate, get a survey or carry tags: they share this frozen empty list (a
 * push to it would throw) and get their own on the first item, which spares a million-event fold
 * a few hundred thousand small arrays.
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const NO_TAGS: string[] = NONE;

function tagsOf(payload: unknown): string[] {
  const tags = field(payload, 'tags');
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : NO_TAGS;
}

function addTags(record: CaseRecord, payload: unknown): void {
  const tags = tagsOf(payload);
  if (tags.length === 0) return;
  if (record.tags === NONE) record.tags = [];
  for (const tag of tags) if (!record.tags.includes(tag)) record.tags.push(tag);
}

function applyEvent(record: CaseRecord, event: KpiCaseEvent, at: number): void {
  const fold = record.fold;
  const p = event.payload;
  switch (event.type) {
    case 'contact.linked': {
      const contactId = stringField(p, 'contactId');
      if (contactId) {
        if (record.contactIds === NONE) record.contactIds = [];
        record.contactIds.push(contactId);
        fold.active = fold.active === NONE ? [contactId] : [...fold.active, contactId];
      }
      fold.contacts += 1;
      return;
    }
    case 'contact.wrapped': {
      const contactId = stringField(p, 'contactId');
      if (contactId) fold.active = fold.active.filter((id) => id !== contactId);
      return;
    }
    case 'message.sent':
      record.firstResponseAt ??= at;
      return;
    case 'owner.assigned':
      record.ownerId = stringField(p, 'ownerId');
      return;
    case 'case.transferred':
      record.transfers += 1;
      record.ownerId = stringField(p, 'toOwnerId');
      return;
    case 'case.escalated':
      if (record.escalations === NONE) record.escalations = [];
      record.escalations.push({ at: at, level: numberField(p, 'level') ?? 0, automatic: field(p, 'automatic') === true, ownerId: record.ownerId });
      record.ownerId = stringField(p, 'toOwnerId') ?? record.ownerId;
      return;
    case 'severity.set': {
      const severity = stringField(p, 'severity');
      if (severity) record.severity = severity as Severity;
      return;
    }
    case 'case.type_changed': {
      const caseType = stringField(p, 'caseType');
      if (caseType) record.caseType = caseType as CaseType;
      return;
    }
    case 'case.resolved': {
      if (record.finishedAt !== null && record.lastResolution !== null) return; // a concurrent second resolution is a conflict, not a new one
      const resolution = { at, agentId: event.actorId, code: stringField(p, 'code') };
      if (!record.firstResolution) {
        record.firstResolution = resolution;
        record.firstContactResolution = fold.contacts === 0 ? null : fold.contacts === 1 && fold.active.length > 0 && fold.reopens === 0;
      }
      record.lastResolution = resolution;
      record.firstResponseAt ??= at;
      record.finishedAt = at;
      addTags(record, p);
      return;
    }
    case 'case.closed': {
      record.finishedAt ??= at;
      record.firstResponseAt ??= at;
      return;
    }
    case 'case.reopened':
      fold.reopens += 1;
      record.finishedAt = null;
      if (record.firstContactResolution !== null) record.firstContactResolution = false;
      return;
    case 'survey.answered': {
      const survey = stringField(p, 'survey');
      const score = numberField(p, 'score');
      if ((survey === 'csat' || survey === 'nps') && score !== null) {
        if (record.surveys === NONE) record.surveys = [];
        record.surveys.push({ at: at, survey, score, agentId: record.lastResolution?.agentId ?? record.ownerId });
      }
      return;
    }
    case 'case.tagged':
      addTags(record, p);
      return;
    default:
      return;
  }
}

/** Does a case pass the filter, its team decided by `agentId` (the agent the measure is about) or else its queue? */
export function caseMatches(record: CaseRecord, filter: CompiledFilter, directory: KpiDirectory, agentId: string | null): boolean {
  if (filter.channels && !filter.channels.has(record.channel)) return false;
  if (filter.segments && !filter.segments.has(record.segment ?? 'standard')) return false;
  if (filter.queues && (record.queueId === null || !filter.queues.has(record.queueId))) return false;
  return teamMatches(filter, directory, agentId, record.queueId);
}

export const COMPLAINT_TYPES: ReadonlySet<string> = new Set(['complaint', 'regulatory_complaint']);
