import type { CaseType, Channel, CustomerTier } from '../domain/enums';
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
  channel: Channel;
  customerId: string | null;
  segment: CustomerTier | null;
  /** Queue at creation: the event's queueId, else the first owner's team (its default queue). */
  queueId: string | null;
  firstOwnerId: string | null;
  /** Owner after the last event. */
  ownerId: string | null;
  /** Every event, in order (SLA compliance replays them). */
  events: KpiCaseEvent[];
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
};

const CONTACT_STREAM = /^CT-/;

export type CaseIndex = {
  cases: CaseRecord[];
  byId: Map<string, CaseRecord>;
  /** Telephony contact id → case ids, joined through contact streams (contact.started externalId + contact.ended caseIds). */
  casesOfExternalContact: Map<string, string[]>;
  /** Contact stream id → telephony contact id. */
  externalIdOfStream: Map<string, string>;
};

/** Groups events by stream and folds each case (events must be in service order). */
export function indexCases(events: readonly KpiCaseEvent[], directory: KpiDirectory): CaseIndex {
  const byId = new Map<string, CaseRecord>();
  const externalIdOfStream = new Map<string, string>();
  const casesOfStream = new Map<string, string[]>();
  const state = new Map<string, FoldState>();
  for (const event of events) {
    if (CONTACT_STREAM.test(event.caseId)) {
      if (event.type === 'contact.started') {
        const externalId = stringField(event.payload, 'externalId');
        if (externalId) externalIdOfStream.set(event.caseId, externalId);
      } else if (event.type === 'contact.ended') {
        const caseIds = field(event.payload, 'caseIds');
        if (Array.isArray(caseIds)) casesOfStream.set(event.caseId, caseIds.filter((id): id is string => typeof id === 'string'));
      }
      continue;
    }
    if (event.type === 'case.created') {
      if (byId.has(event.caseId)) continue;
      const record = createRecord(event, directory);
      byId.set(event.caseId, record);
      state.set(event.caseId, { contacts: 0, active: new Set(), reopens: 0 });
      continue;
    }
    const record = byId.get(event.caseId);
    const fold = state.get(event.caseId);
    if (!record || !fold) continue;
    applyEvent(record, fold, event);
  }
  const casesOfExternalContact = new Map<string, string[]>();
  for (const [stream, caseIds] of casesOfStream) {
    const externalId = externalIdOfStream.get(stream);
    if (externalId) casesOfExternalContact.set(externalId, caseIds);
  }
  return { cases: [...byId.values()], byId, casesOfExternalContact, externalIdOfStream };
}

type FoldState = { contacts: number; active: Set<string>; reopens: number };

function createRecord(event: KpiCaseEvent, directory: KpiDirectory): CaseRecord {
  const p = event.payload;
  const ownerId = stringField(p, 'ownerId');
  const customerId = stringField(p, 'customerId');
  const queueId = stringField(p, 'queueId') ?? (ownerId ? (directory.agents.get(ownerId)?.teamId ?? null) : null);
  return {
    caseId: event.caseId,
    createdAt: parseInstant(event.at),
    createdBy: event.actorId,
    caseType: stringField(p, 'caseType') as CaseType,
    channel: stringField(p, 'channel') as Channel,
    customerId,
    segment: customerId ? (directory.customerTiers.get(customerId) ?? null) : null,
    queueId,
    firstOwnerId: ownerId,
    ownerId,
    events: [event],
    firstResponseAt: null,
    firstResolution: null,
    lastResolution: null,
    finishedAt: null,
    firstContactResolution: null,
    escalations: [],
    transfers: 0,
    surveys: [],
    contactIds: [],
    tags: tagsOf(p),
  };
}

function tagsOf(payload: unknown): string[] {
  const tags = field(payload, 'tags');
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

function applyEvent(record: CaseRecord, fold: FoldState, event: KpiCaseEvent): void {
  record.events.push(event);
  const p = event.payload;
  const at = parseInstant(event.at);
  switch (event.type) {
    case 'contact.linked': {
      const contactId = stringField(p, 'contactId');
      if (contactId) {
        record.contactIds.push(contactId);
        fold.active.add(contactId);
      }
      fold.contacts += 1;
      return;
    }
    case 'contact.wrapped': {
      const contactId = stringField(p, 'contactId');
      if (contactId) fold.active.delete(contactId);
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
      record.escalations.push({ at, level: numberField(p, 'level') ?? 0, automatic: field(p, 'automatic') === true, ownerId: record.ownerId });
      record.ownerId = stringField(p, 'toOwnerId') ?? record.ownerId;
      return;
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
        record.firstContactResolution = fold.contacts === 0 ? null : fold.contacts === 1 && fold.active.size > 0 && fold.reopens === 0;
      }
      record.lastResolution = resolution;
      record.firstResponseAt ??= at;
      record.finishedAt = at;
      for (const tag of tagsOf(p)) if (!record.tags.includes(tag)) record.tags.push(tag);
      return;
    }
    case 'case.closed':
      record.finishedAt ??= at;
      record.firstResponseAt ??= at;
      return;
    case 'case.reopened':
      fold.reopens += 1;
      record.finishedAt = null;
      if (record.firstContactResolution !== null) record.firstContactResolution = false;
      return;
    case 'survey.answered': {
      const survey = stringField(p, 'survey');
      const score = numberField(p, 'score');
      if ((survey === 'csat' || survey === 'nps') && score !== null) {
        record.surveys.push({ at, survey, score, agentId: record.lastResolution?.agentId ?? record.ownerId });
      }
      return;
    }
    case 'case.tagged':
      for (const tag of tagsOf(p)) if (!record.tags.includes(tag)) record.tags.push(tag);
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
