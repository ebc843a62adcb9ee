import { foldCase } from '../../../src/shared/cases/reducer';
import { judgeSessionOversight, sessionOversightReach } from '../../../src/shared/policy/sessionOversight';
import type { ActiveSession } from '../../../src/shared/sync/protocol';
import { parseCaseEvent, type CaseEvent, type CaseEventEnvelope } from '../../../src/shared/domain/caseEvent';
import type { Agent } from '../../../src/shared/domain/agent';
import type { CustomerNotification } from '../../../src/shared/notifications/deliveryLog';
import type { CaseState } from '../../../src/shared/domain/caseState';
import type { CustomerDetail } from '../../../src/shared/domain/customer';
import {
  parseIpcRequest,
  type ConsoleBridge,
  type IpcChannel,
  type IpcEventName,
  type IpcEventPayload,
  type IpcFailure,
  type IpcRequest,
  type IpcResponse,
  type IpcResult,
  type SlaConfigSnapshot,
  type StorageNotice,
  type StoredEvent,
  type SyncStatus,
} from '../../../src/shared/ipc/contract';
import { bundledSlaConfigDocument } from '../../../src/main/services/sla/bundledSlaConfig';

import { WorkflowFake } from './workflowFake';
import { ScreenPopFake } from './screenPopFake';
import { ReportsFake } from './reportsFake';

type Held = Omit<StoredEvent, 'rejectedReason'> & { rejectedReason?: string | null; localSeq: number };

/**
 * An in-memory main process that honours the IPC contract: it validates requests with the
 * contract, keeps a journal with a local change counter, stamps appended drafts the way main
 * does, and folds with the shared reducer.
 */
/** The read-model key main would derive for the agent (fixed here, 32 bytes base64url). */
export const READ_MODEL_KEY = 'q2xl3VtRr0jzGSUYd3cI1i3pB5mQO8QnQ0vF8d2lVZk';

export class FakeConsoleBridge implements ConsoleBridge {
  readonly journal: Held[] = [];
  localSeq = 0;
  agent: Agent | null = null;
  syncStatus: SyncStatus = { state: 'online', pending: 0, lastSyncedAt: null, lastError: null, rejected: [] };
  readonly calls: { channel: IpcChannel; request: unknown }[] = [];
  /** main's workflow channels (configuration, acknowledgement PDFs, printing). */
  readonly workflows = new WorkflowFake();
  /** main's screen-pop side: push contacts with screenPops.arrive(intake). */
  readonly screenPops: ScreenPopFake = new ScreenPopFake(this);
  /** main's report and QA channels: set the service's answers with reports.answer(channel, …). */
  readonly reports = new ReportsFake();
  /** What the case service's customer-notification log answers (cases.notifications). */
  customerNotifications: CustomerNotification[] = [];
  /** What config.sla answers: the bundled defaults unless a test sets another. */
  slaConfig: SlaConfigSnapshot = { ...bundledSlaConfigDocument, source: 'bundled', fetchedAt: null, problems: [] };
  /** OS notifications asked for; shown only when `osNotificationsSupported` (Electron). */
  readonly osNotifications: { title: string; body: string }[] = [];
  storageNotices: StorageNotice[] = [];
  /** Live sign-ins per agent id, as the service would list them on GET /v1/sessions. */
  liveSessions: Record<string, ActiveSession[]> = {};
  /** main's drafts (what is typed and not submitted), by key. */
  readonly drafts = new Map<string, Record<string, string>>();
  osNotificationsSupported = false;
  private readonly failures = new Map<IpcChannel, IpcFailure[]>();
  private readonly listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  private clock = Date.parse('2025-03-03T14:00:00.000Z');

  constructor(
    readonly agents: Agent[],
    readonly passwords: Record<string, string>,
    readonly customers: CustomerDetail[],
  ) {}

  /** The next call on `channel` fails with this error (queue several for several calls). */
  failNext(channel: IpcChannel, error: IpcFailure): void {
    this.failures.set(channel, [...(this.failures.get(channel) ?? []), error]);
  }

  /** Records an event as if pulled from the service (synced, with a service sequence). */
  readonly removals: { caseId: string; localSeq: number }[] = [];

  /** Main was told this case left the desktop's scope: its synced events go, unsynced work stays. */
  removeCase(caseId: string): void {
    this.journal.splice(0, this.journal.length, ...this.journal.filter((entry) => entry.event.caseId !== caseId || !entry.synced));
    this.removals.push({ caseId, localSeq: ++this.localSeq });
    this.emit('events.changed', { localSeq: this.localSeq });
  }

  receive(event: CaseEventEnvelope, seq: number | null = null): void {
    this.journal.push({ event, seq, synced: seq !== null, localSeq: ++this.localSeq });
  }

  /** The service refused this desktop's event for good, with a reason. */
  refuse(eventId: string, reason: string): void {
    const held = this.journal.find((entry) => entry.event.id === eventId);
    if (!held) throw new Error(`no event ${eventId}`);
    Object.assign(held, { rejectedReason: reason, localSeq: ++this.localSeq });
    this.emit('events.changed', { localSeq: this.localSeq });
  }

  /** The service confirmed an event: it gets its seq and a new change number, like a real journal. */
  confirm(eventId: string, seq: number): void {
    const held = this.journal.find((entry) => entry.event.id === eventId);
    if (!held) throw new Error(`no event ${eventId}`);
    Object.assign(held, { seq, synced: true, localSeq: ++this.localSeq });
    this.emit('events.changed', { localSeq: this.localSeq });
  }

  setSyncStatus(status: Partial<SyncStatus>): void {
    this.syncStatus = { ...this.syncStatus, ...status };
    this.emit('sync.statusChanged', this.syncStatus);
  }

  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  caseState(caseId: string): CaseState | null {
    const ordered = this.journal
      .filter((entry) => entry.event.caseId === caseId)
      .sort((a, b) => (a.seq !== null && b.seq !== null ? a.seq - b.seq : a.seq !== null ? -1 : b.seq !== null ? 1 : a.localSeq - b.localSeq));
    const events: CaseEvent[] = [];
    for (const entry of ordered) {
      const parsed = parseCaseEvent(entry.event);
      if (parsed.ok) events.push(parsed.event);
    }
    return foldCase(events);
  }

  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: unknown) => void);
    return () => set.delete(listener as (payload: unknown) => void);
  }

  async invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
    this.calls.push({ channel, request });
    await Promise.resolve();
    const queued = this.failures.get(channel);
    const failure = queued?.shift();
    if (failure) return { ok: false, error: failure };
    const parsed = parseIpcRequest(channel, request);
    if (!parsed.ok) return parsed;
    return this.handle(channel, parsed.value) as IpcResult<IpcResponse<C>>;
  }

  private handle(channel: IpcChannel, request: unknown): IpcResult<unknown> | Promise<IpcResult<unknown>> {
    const ok = (value: unknown): IpcResult<unknown> => ({ ok: true, value });
    const notSignedIn: IpcResult<unknown> = { ok: false, error: { code: 'not_signed_in', message: 'Sign in first.' } };
    switch (channel) {
      case 'session.login': {
        const { username, password } = request as IpcRequest<'session.login'>;
        const agent = this.agents.find((candidate) => candidate.username === username);
        if (!agent || this.passwords[username] !== password) return { ok: false, error: { code: 'invalid_credentials', message: 'That user name and password do not match.' } };
        this.agent = agent;
        return ok({ agent });
      }
      case 'session.mfaEnrolment':
        return ok({ enrolment: null });
      case 'session.activity':
        return ok({ ok: true });
      case 'session.lock':
      case 'session.unlock':
        return ok({ locked: false, secondFactor: false, idleMs: 300_000 });
      case 'session.logout':
        this.agent = null;
        return ok({ ok: true });
      case 'session.current':
        return ok({ agent: this.agent });
      case 'events.since': {
        if (!this.agent) return notSignedIn;
        const { afterLocalSeq } = request as IpcRequest<'events.since'>;
        const events = this.journal.filter((entry) => entry.localSeq > afterLocalSeq).sort((a, b) => a.localSeq - b.localSeq);
        const removedCaseIds = this.removals.filter((removal) => removal.localSeq > afterLocalSeq).map((removal) => removal.caseId);
        return ok({ events: events.map((entry) => ({ ...entry })), localSeq: this.localSeq, removedCaseIds });
      }
      case 'events.append': {
        if (!this.agent) return notSignedIn;
        const draft = request as IpcRequest<'events.append'>;
        const existing = this.journal.find((entry) => entry.event.id === draft.id);
        if (existing) return ok({ event: existing.event, localSeq: existing.localSeq });
        this.clock += 60_000;
        const envelope = { ...draft, schemaVersion: 1, at: new Date(this.clock).toISOString(), hlc: `${this.clock}:0:dev-1`, actorId: this.agent.id, deviceId: 'dev-1' };
        const parsed = parseCaseEvent(envelope);
        if (!parsed.ok) return { ok: false, error: { code: 'invalid_event', message: parsed.reason } };
        this.journal.push({ event: parsed.event, seq: null, synced: false, localSeq: ++this.localSeq });
        this.emit('events.changed', { localSeq: this.localSeq });
        return ok({ event: parsed.event, localSeq: this.localSeq });
      }
      case 'customers.get': {
        if (!this.agent) return notSignedIn;
        const { ids } = request as IpcRequest<'customers.get'>;
        return ok({ customers: this.customers.filter((detail) => ids.includes(detail.customer.id)) });
      }
      case 'agents.list':
        return this.agent ? ok({ agents: this.agents }) : notSignedIn;
      case 'sessions.list':
      case 'sessions.end': {
        if (!this.agent) return notSignedIn;
        const actor = this.agent;
        const ruling = judgeSessionOversight(actor, null);
        if (!ruling.ok) return { ok: false, error: { code: 'forbidden', message: ruling.reason } };
        const reach = sessionOversightReach(actor);
        const people = this.agents.filter((agent) => agent.id !== actor.id && (reach === 'everyone' || agent.teamId === actor.teamId));
        if (channel === 'sessions.list') {
          return ok({ people: people.map((agent) => ({ agentId: agent.id, displayName: agent.displayName, role: agent.role, teamId: agent.teamId, sessions: this.liveSessions[agent.id] ?? [] })) });
        }
        const { agentId } = request as IpcRequest<'sessions.end'>;
        if (!people.some((agent) => agent.id === agentId)) return { ok: false, error: { code: 'forbidden', message: `${agentId} is not in your team (${actor.teamId}).` } };
        const ended = (this.liveSessions[agentId] ?? []).length;
        this.liveSessions[agentId] = [];
        return ok({ agentId, ended });
      }
      case 'drafts.list':
        return this.agent ? ok({ drafts: [...this.drafts].map(([key, fields]) => ({ key, fields })) }) : notSignedIn;
      case 'drafts.put': {
        if (!this.agent) return notSignedIn;
        const { key, fields } = request as IpcRequest<'drafts.put'>;
        if (Object.keys(fields).length > 0) this.drafts.set(key, fields);
        else this.drafts.delete(key);
        return ok({ ok: true as const });
      }
      case 'sync.status':
      case 'sync.now':
        return ok(this.syncStatus);
      case 'config.sla':
        return this.agent ? ok(this.slaConfig) : notSignedIn;
      case 'notify.os':
        if (!this.agent) return notSignedIn;
        this.osNotifications.push(request as IpcRequest<'notify.os'>);
        return ok({ shown: this.osNotificationsSupported });
      case 'workflows.config':
      case 'acknowledgement.pdf':
      case 'print.pdf':
        if (!this.agent) return notSignedIn;
        return this.workflows.handle(channel, request, this.journal, this.agent.branchId);
      case 'screenpop.history':
      case 'screenpop.manual':
      case 'screenpop.reopen':
      case 'screenpop.rendered':
      case 'screenpop.linked':
      case 'screenpop.lookup':
      case 'lookup.digests':
      case 'workingSet.get':
      case 'sensitive.reveal':
        return this.screenPops.handle(channel, request);
      case 'storage.unlock':
      case 'storage.startAfresh':
        return this.agent ? ok({ storage: { state: 'open' } }) : notSignedIn;
      case 'storage.notices':
        return this.agent ? ok({ notices: this.storageNotices }) : notSignedIn;
      case 'storage.dismissNotice': {
        if (!this.agent) return notSignedIn;
        const { id } = request as IpcRequest<'storage.dismissNotice'>;
        this.storageNotices = this.storageNotices.filter((notice) => notice.id !== id);
        this.emit('storage.noticesChanged', { notices: this.storageNotices });
        return ok({ ok: true });
      }
      case 'storage.readModelKey':
        return this.agent ? ok({ agentId: this.agent.id, key: READ_MODEL_KEY }) : notSignedIn;
      case 'reports.kpis':
      case 'reports.intraday':
      case 'reports.trend':
      case 'reports.drivers':
      case 'reports.staffing':
      case 'reports.compliance':
      case 'qa.review':
      case 'qa.overview':
      case 'qa.drawSample':
      case 'qa.submitEvaluation':
      case 'qa.closeAction':
      case 'qa.openCalibration':
        return this.reports.handle(channel, request, this.agent);
      case 'cases.notifications':
        return this.agent ? ok({ notifications: this.customerNotifications.filter((entry) => entry.caseId === (request as IpcRequest<'cases.notifications'>).caseId) }) : notSignedIn;
    }
  }
}
