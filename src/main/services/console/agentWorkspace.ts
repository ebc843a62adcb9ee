import { createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { streamKindOf } from '../../../shared/cases/streams';
import { HybridLogicalClock } from '../../../shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, parseCaseEvent, type CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import type { IpcEventName, IpcEventPayload } from '../../../shared/ipc/contract';
import type { SequencedEvent } from '../../../shared/sync/protocol';
import { describeOversizeEvent } from '../../../shared/validation/eventSize';
import { MAX_EVENT_BYTES } from '../../../shared/validation/limits';
import { CaseServiceError, type CaseServiceClient } from '../caseService/caseServiceClient';
import { createDraftHandlers } from '../drafts/draftHandlers';
import { openDraftStore } from '../drafts/draftStore';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlerRequest, IpcHandlers } from '../ipc/ipcHandlers';
import type { AgentStore } from '../keys/agentVault';
import type { StoredSession } from '../session/sessionStore';
import { createScreenPopService, type ScreenPopService } from '../screenpop/screenPopService';
import { createSlaConfigClient } from '../sla/slaConfigClient';
import { createSlaConfigSource, type SlaConfigSource } from '../sla/slaConfigSource';
import { JournalError, type Journal } from '../storage/journal';
import { createReferenceCache } from '../storage/referenceCache';
import { createLiveNudges } from '../sync/liveNudges';
import { createSyncEngine, type BackoffPolicy, type SyncEngine, type SyncScheduler } from '../sync/syncEngine';
import { createWorkflowHandlers, type PrintPdf } from '../workflow/workflowHandlers';

/** Events larger than this are refused (the service refuses them too): nothing an agent types comes close, and the journal keeps every byte until compacted. */
export { MAX_EVENT_BYTES };

export const SERVICE_UNREACHABLE_MESSAGE =
  'The case service cannot be reached. Check your network connection and try again; if it keeps happening, call the IT service desk.';

/** The channels only a signed-in agent's workspace can answer. */
export type WorkspaceChannel =
  | 'events.since'
  | 'events.append'
  | 'customers.get'
  | 'agents.list'
  | 'drafts.list'
  | 'drafts.put'
  | 'config.sla'
  | 'storage.notices'
  | 'storage.dismissNotice'
  | 'storage.readModelKey'
  | keyof ReturnType<typeof createWorkflowHandlers>
  | keyof ScreenPopService['handlers'];
export type WorkspaceHandlers = Pick<IpcHandlers, WorkspaceChannel>;

export interface WorkspaceDeps {
  store: AgentStore;
  serviceUrl: string;
  client: CaseServiceClient;
  scheduler: SyncScheduler;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  random?: () => number;
  backoff?: BackoffPolicy;
  pollIntervalMs?: number;
  resourcesDir: string;
  printPdf?: PrintPdf;
  screenPop?: { throttleMs?: number; workingSetRefreshMs?: number };
  /** The session this workspace serves (null once it ended: sync pauses, handlers refuse). */
  session(): StoredSession | null;
  requireSession(): StoredSession;
  serviceFailure(error: unknown, action: string): Promise<IpcError>;
  isOfflineFailure(error: unknown): boolean;
  onUnauthorized(): Promise<void>;
  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void;
  warn(message: string): void;
  logError(message: string, error: unknown): void;
}

/**
 * Everything that holds one agent's data on this desktop, opened when their password is verified
 * and closed when they sign out: their journal (unlocked with their key), reference caches, SLA
 * configuration, screen pops, workflows, drafts and the sync engine. Another agent on the same desk
 * has a workspace of their own; nothing here outlives the session in memory.
 */
export interface AgentWorkspace {
  readonly agentId: string;
  readonly store: AgentStore;
  readonly journal: Journal;
  readonly sync: SyncEngine;
  readonly screenPops: ScreenPopService;
  readonly slaConfig: SlaConfigSource;
  readonly handlers: WorkspaceHandlers;
  refreshSlaConfig(): void;
  close(): Promise<void>;
}

/** Pulled events that can put a customer's case into (or out of) this agent's team's open work. */
const WORK_CHANGING_EVENTS: ReadonlySet<string> = new Set(['case.created', 'owner.assigned', 'case.transferred', 'case.reopened']);

export async function openAgentWorkspace(agentId: string, deps: WorkspaceDeps): Promise<AgentWorkspace> {
  const { store, scheduler, warn, logError } = deps;
  const { journal, key, dir } = store;
  const cache = await createReferenceCache(dir, key, warn);
  const slaConfig = await createSlaConfigSource({
    dataDir: dir,
    key,
    fetchDocument: createSlaConfigClient({ baseUrl: deps.serviceUrl, ...(deps.requestTimeoutMs ? { timeoutMs: deps.requestTimeoutMs } : {}), ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
    now: scheduler.now,
    warn,
  });

  let teamWorkChanged = true;
  const clock = new HybridLogicalClock(journal.deviceId, scheduler.now);
  const observe = (hlc: string) => {
    try {
      clock.observe(hlc);
    } catch {
      // Another device's clock in a format we do not read: ordering falls back to the service sequence.
    }
  };
  // Our next event must sort after everything already recorded, even if the wall clock stepped back.
  for (const stored of journal.since(0).events) observe(stored.event.hlc);

  const sync = createSyncEngine({
    journal,
    client: deps.client,
    getCredentials: () => {
      const current = deps.session();
      return current ? { token: current.token, agentId: current.agent.id } : null;
    },
    scheduler,
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
    ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    onUnauthorized: () => deps.onUnauthorized(),
    onEventsPulled: (events: SequencedEvent[]) => {
      for (const { event } of events) observe(event.hlc);
      if (events.some(({ event }) => WORK_CHANGING_EVENTS.has(event.type))) teamWorkChanged = true;
    },
  });
  // Live push: the service nudges when something in this desktop's scope changed, and the engine pulls
  // at once; while the stream is down the engine polls at its normal interval.
  const live = createLiveNudges({
    baseUrl: deps.serviceUrl,
    getToken: () => deps.session()?.token ?? null,
    onChanged: (change) => {
      if (change.scope || change.seq > journal.cursor) sync.wake();
    },
    onConnectedChange: (connected) => sync.setLive(connected),
    scheduler,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  });
  const unsubscribers = [
    // A sync that went through while the stream is down: the service is back, so is the stream.
    sync.onStatusChange((status) => {
      if (status.state === 'online' && !live.connected) live.wake();
    }),
    journal.onChange((localSeq) => deps.emit('events.changed', { localSeq })),
    journal.onNoticesChange((notices) => deps.emit('storage.noticesChanged', { notices })),
    sync.onStatusChange((status) => deps.emit('sync.statusChanged', status)),
  ];

  /** Asks the service for its SLA configuration (a 304 when unchanged); a failure waits for the next cycle. */
  function refreshSlaConfig(): void {
    const current = deps.session();
    if (!current) return;
    slaConfig.refresh(current.token).catch((error: unknown) => {
      if (deps.isOfflineFailure(error) || (error instanceof CaseServiceError && error.isUnauthorized)) return;
      warn(`The SLA configuration could not be fetched; keeping the one in force: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  unsubscribers.push(slaConfig.onChange((snapshot) => deps.emit('config.changed', { version: snapshot.version, source: snapshot.source })));
  // Every completed sync cycle also checks the SLA configuration, so a changed calendar or policy reaches open cases within a poll.
  let slaCheckedForSyncAt: string | null = null;
  unsubscribers.push(
    sync.onStatusChange((status) => {
      if (status.state !== 'online' || status.lastSyncedAt === slaCheckedForSyncAt) return;
      slaCheckedForSyncAt = status.lastSyncedAt;
      refreshSlaConfig();
    }),
  );

  const screenPops = await createScreenPopService({
    dataDir: dir,
    dataKey: key,
    serviceUrl: deps.serviceUrl,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.requestTimeoutMs ? { requestTimeoutMs: deps.requestTimeoutMs } : {}),
    journal,
    now: scheduler.now,
    session: deps.session,
    requireSession: deps.requireSession,
    serviceFailure: deps.serviceFailure,
    isOfflineFailure: deps.isOfflineFailure,
    // Through the handlers, so a screen pop's events are checked and journaled exactly like the renderer's.
    appendEvent: (draft) => handlers['events.append'](draft as IpcHandlerRequest<'events.append'>),
    loadAgents: async () => (await handlers['agents.list']({})).agents,
    emit: deps.emit,
    ...(deps.screenPop?.throttleMs !== undefined ? { throttleMs: deps.screenPop.throttleMs } : {}),
    ...(deps.screenPop?.workingSetRefreshMs ? { workingSetRefreshMs: deps.screenPop.workingSetRefreshMs } : {}),
    warn,
    logError,
  });

  // The working set holds the customers of the team's open cases, read from the journal: it must follow
  // the first pull (a fresh desktop's journal is empty at sign-in) and any pull that brings new team work.
  unsubscribers.push(
    sync.onStatusChange((status) => {
      if (status.state !== 'online' || !teamWorkChanged) return;
      teamWorkChanged = false;
      screenPops.workingSet.refresh().catch((error: unknown) => warn(`The working set could not be refreshed: ${error instanceof Error ? error.message : String(error)}`));
    }),
  );

  const workflowHandlers = createWorkflowHandlers({
    resourcesDir: deps.resourcesDir,
    journal,
    requireSession: deps.requireSession,
    slaSnapshot: () => slaConfig.snapshot(),
    lookupCustomer: async (customerId) => {
      try {
        const found = (await handlers['customers.get']({ ids: [customerId] })).customers[0]?.customer;
        return found ? { fullName: found.fullName, tier: found.tier } : null;
      } catch {
        return null; // offline and never cached: the acknowledgement goes out without the name
      }
    },
    now: scheduler.now,
    ...(deps.printPdf ? { printPdf: deps.printPdf } : {}),
  });

  // What the agent was typing before a restart of this host; an unreadable file is set aside with a notice, never a failed sign-in.
  const drafts = await openDraftStore({ dir, key, scheduler, addNotice: (notice) => journal.addNotice(notice), warn, logError });

  // The renderer's read-model key: derived from this agent's data key, so it is the same every session and never stored.
  const readModelKey = createHmac('sha256', key).update('agent-console/read-model-key/v1').digest().toString('base64url');

  const handlers: WorkspaceHandlers = {
    ...screenPops.handlers,
    ...workflowHandlers,
    ...createDraftHandlers(deps.requireSession, drafts),

    'events.since': async ({ afterLocalSeq }) => {
      deps.requireSession();
      return journal.since(afterLocalSeq);
    },

    'events.append': async (draft) => {
      const { agent } = deps.requireSession();
      const candidate = {
        id: draft.id,
        caseId: draft.caseId,
        type: draft.type,
        payload: draft.payload,
        schemaVersion: EVENT_SCHEMA_VERSION,
        at: new Date(scheduler.now()).toISOString(),
        hlc: clock.tick(),
        // From the session, never from the renderer: the author is whoever is signed in here.
        actorId: agent.id,
        deviceId: journal.deviceId,
        // What this desktop had of the case from the service: a change another desktop made after that was not seen.
        ...(streamKindOf(draft.caseId) === 'case' && draft.type !== 'case.created' ? { seen: journal.syncedEventCount(draft.caseId) } : {}),
      };
      const oversize = describeOversizeEvent(candidate);
      if (oversize) throw new IpcError('event_too_large', `This ${draft.type} is larger than ${MAX_EVENT_BYTES / 1024} KB and cannot be recorded: ${oversize}.`);
      const parsed = parseCaseEvent(candidate);
      if (!parsed.ok) throw new IpcError('invalid_event', `This ${draft.type} cannot be recorded: ${parsed.reason}`);
      const event: CaseEventEnvelope = parsed.event;
      let result;
      try {
        result = await journal.appendLocal(event);
      } catch (error) {
        if (error instanceof JournalError) throw new IpcError('storage_failed', error.message);
        throw error;
      }
      const { stored, created } = result;
      if (!created && !isSameAction(stored.event, event)) {
        throw new IpcError('duplicate_event_id', `Event id ${draft.id} is already used by a different action; nothing was recorded. Try the action again.`);
      }
      if (created) sync.wake();
      return { event: stored.event, localSeq: stored.localSeq };
    },

    'customers.get': async ({ ids }) => {
      const { token } = deps.requireSession();
      try {
        const { customers } = await deps.client.customersBatch(token, ids);
        await cache.putCustomers(customers, new Date(scheduler.now()).toISOString()).catch((error: unknown) => logError('could not cache customers', error));
        return { customers };
      } catch (error) {
        if (deps.isOfflineFailure(error)) {
          const cached = await cache.getCustomers(ids);
          if (cached.length > 0) return { customers: cached };
          throw new IpcError('service_unreachable', `Customer details cannot be loaded: ${SERVICE_UNREACHABLE_MESSAGE}`);
        }
        throw await deps.serviceFailure(error, 'load customer details');
      }
    },

    'agents.list': async () => {
      const { token } = deps.requireSession();
      try {
        const { agents } = await deps.client.agents(token);
        await cache.putAgents(agents, new Date(scheduler.now()).toISOString()).catch((error: unknown) => logError('could not cache agents', error));
        return { agents };
      } catch (error) {
        if (deps.isOfflineFailure(error)) {
          const cached = await cache.getAgents();
          if (cached) return { agents: cached };
        }
        throw await deps.serviceFailure(error, 'load the agent directory');
      }
    },

    'config.sla': async () => {
      deps.requireSession();
      return slaConfig.snapshot();
    },

    'storage.notices': async () => ({ notices: journal.notices }),

    'storage.dismissNotice': async ({ id }) => {
      await journal.dismissNotice(id);
      return { ok: true };
    },

    'storage.readModelKey': async () => ({ agentId, key: readModelKey }),
  };

  sync.start();
  live.start();
  let closing: Promise<void> | undefined;
  return {
    agentId,
    store,
    journal,
    sync,
    screenPops,
    slaConfig,
    handlers,
    refreshSlaConfig,
    close() {
      closing ??= (async () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
        await screenPops.close();
        // Kept (sealed) for this agent's next sign-in, whoever signs in next.
        await drafts.close().catch((error: unknown) => logError('the drafts could not be saved at close', error));
        await live.stop();
        await sync.stop();
        await journal.close();
      })();
      return closing;
    },
  };
}

/** A retried append is the same action if everything the renderer chose matches. */
function isSameAction(stored: CaseEventEnvelope, candidate: CaseEventEnvelope): boolean {
  return stored.caseId === candidate.caseId && stored.type === candidate.type && stored.actorId === candidate.actorId && isDeepStrictEqual(stored.payload, candidate.payload);
}
