import { isDeepStrictEqual } from 'node:util';
import { HybridLogicalClock } from '../../../shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, parseCaseEvent, type CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import {
  parseIpcRequest,
  type IpcEventName,
  type IpcEventPayload,
  type IpcFailure,
  type IpcResult,
} from '../../../shared/ipc/contract';
import type { SequencedEvent } from '../../../shared/sync/protocol';
import {
  CaseServiceError,
  CaseServiceProtocolError,
  CaseServiceUnreachableError,
  createCaseServiceClient,
} from '../caseService/caseServiceClient';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlerRequest, IpcHandlers } from '../ipc/ipcHandlers';
import { JournalError, openJournal, type Journal } from '../storage/journal';
import type { KeyStore } from '../keys/keyStore';
import { createReferenceCache } from '../storage/referenceCache';
import { createSessionStore, type StoredSession } from '../session/sessionStore';
import { createSlaConfigClient } from '../sla/slaConfigClient';
import { createSlaConfigSource } from '../sla/slaConfigSource';
import { createScreenPopService, type ScreenPopService } from '../screenpop/screenPopService';
import { createSyncEngine, systemScheduler, type BackoffPolicy, type SyncEngine, type SyncScheduler } from '../sync/syncEngine';
import { createWorkflowHandlers, type PrintPdf } from '../workflow/workflowHandlers';
import { SOURCE_RESOURCES_DIR } from '../workflow/workflowResources';

export interface ConsoleServiceOptions {
  dataDir: string;
  /** Base URL of the case service, e.g. http://127.0.0.1:4010 */
  serviceUrl: string;
  keyStore: KeyStore;
  scheduler?: SyncScheduler;
  random?: () => number;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  warn?: (message: string) => void;
  /** Unexpected failures, with their stack, for the host's log; they never reach the renderer. */
  logError?: (message: string, error: unknown) => void;
  /** Shows an OS notification (Electron); returns whether it was shown. Absent: `notify.os` answers shown: false. */
  notifyOs?: (notification: { title: string; body: string }) => boolean;
  /** Folder with workflows/*.json, remediation limits/approvers, time windows, acknowledgement.json; default the repository's resources/. */
  resourcesDir?: string;
  /** Opens a PDF for printing (Electron). Absent: `print.pdf` answers print_unavailable. */
  printPdf?: PrintPdf;
  /** Screen pops: flood throttle window and working-set refresh interval (tests shorten them). */
  screenPop?: { throttleMs?: number; workingSetRefreshMs?: number };
}

export interface ConsoleService {
  readonly handlers: IpcHandlers;
  /** The transport's single entry point: validates, runs, and always resolves to an IpcResult. */
  dispatchIpc(channel: string, request: unknown): Promise<IpcResult<unknown>>;
  /** Main → renderer notifications for the transport to forward. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  readonly journal: Journal;
  readonly sync: SyncEngine;
  readonly keyBackend: string;
  /** Contacts in (CTI endpoint, agentconsole:// links), pop history and the offline working set. */
  readonly screenPops: ScreenPopService;
  close(): Promise<void>;
}

/** Events larger than this are refused: nothing an agent types comes close, and the journal keeps every byte forever. */
export const MAX_EVENT_BYTES = 64 * 1024;

export const SERVICE_UNREACHABLE_MESSAGE =
  'The case service cannot be reached. Check your network connection and try again; if it keeps happening, call the IT service desk.';

const INTERNAL_FAILURE: IpcFailure = {
  code: 'internal_error',
  message: 'Something went wrong in the console and the request was not completed. Try again; if it keeps happening, tell the IT service desk.',
};

/**
 * Everything the renderer can ask of main, over the journal, the case service client and
 * the sync engine. Plain Node: Electron (ipcMain), the browser host (WebSocket) and tests
 * all drive it through `dispatchIpc`.
 */
export async function createConsoleService(options: ConsoleServiceOptions): Promise<ConsoleService> {
  const scheduler = options.scheduler ?? systemScheduler;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));

  const key = await options.keyStore.loadOrCreateDataKey();
  const journal = await openJournal({ dataDir: options.dataDir, key, warn });
  try {
    const sessions = createSessionStore(options.dataDir, key, warn);
    const cache = await createReferenceCache(options.dataDir, key, warn);
    const client = createCaseServiceClient({ baseUrl: options.serviceUrl, ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
    const slaConfig = await createSlaConfigSource({
      dataDir: options.dataDir,
      key,
      fetchDocument: createSlaConfigClient({ baseUrl: options.serviceUrl, ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) }),
      now: scheduler.now,
      warn,
    });
    let session: StoredSession | null = await sessions.load(scheduler.now());

    const listeners = new Map<IpcEventName, Set<(payload: never) => void>>();
    function emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void {
      for (const listener of listeners.get(event) ?? []) {
        try {
          (listener as (payload: IpcEventPayload<E>) => void)(payload);
        } catch (error) {
          logError(`listener for ${event} failed`, error);
        }
      }
    }

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

    async function endSession(reason: string): Promise<void> {
      if (!session) return;
      session = null;
      emit('session.ended', { reason });
      await sessions.clear().catch((error: unknown) => logError('could not remove the saved session', error));
    }

    function activeSession(): StoredSession | null {
      if (session && Date.parse(session.expiresAt) <= scheduler.now()) {
        void endSession('Your session has expired. Sign in again to continue.');
        return null;
      }
      return session;
    }

    function requireSession(): StoredSession {
      const current = activeSession();
      if (!current) throw new IpcError('not_signed_in', 'You are not signed in. Sign in to continue.');
      return current;
    }

    /** Maps a failed service call to what the agent sees; a 401 also ends the session. */
    async function serviceFailure(error: unknown, action: string): Promise<IpcError> {
      if (error instanceof CaseServiceUnreachableError) return new IpcError('service_unreachable', SERVICE_UNREACHABLE_MESSAGE);
      if (error instanceof CaseServiceError) {
        if (error.isUnauthorized && session) {
          await endSession('Your session has ended. Sign in again to continue.');
          return new IpcError('session_expired', 'Your session has ended. Sign in again to continue.');
        }
        return new IpcError(error.code, error.message, error.hint);
      }
      if (error instanceof CaseServiceProtocolError) return new IpcError('service_incompatible', `Could not ${action}: ${error.message}`, 'The console and the case service may be different versions; tell the IT service desk.');
      throw error;
    }

    const sync = createSyncEngine({
      journal,
      client,
      getCredentials: () => {
        const current = activeSession();
        return current ? { token: current.token, agentId: current.agent.id } : null;
      },
      scheduler,
      ...(options.random ? { random: options.random } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      onUnauthorized: () => endSession('Your session has ended. Sign in again; your unsynced work is kept and will sync after you do.'),
      onEventsPulled: (events: SequencedEvent[]) => {
        for (const { event } of events) observe(event.hlc);
      },
    });
    journal.onChange((localSeq) => emit('events.changed', { localSeq }));
    sync.onStatusChange((status) => emit('sync.statusChanged', status));

    /** Asks the service for its SLA configuration (a 304 when unchanged); a failure waits for the next cycle. */
    function refreshSlaConfig(): void {
      const current = activeSession();
      if (!current) return;
      slaConfig.refresh(current.token).catch((error: unknown) => {
        if (isOfflineFailure(error) || (error instanceof CaseServiceError && error.isUnauthorized)) return;
        warn(`The SLA configuration could not be fetched; keeping the one in force: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    slaConfig.onChange((snapshot) => emit('config.changed', { version: snapshot.version, source: snapshot.source }));
    // Every completed sync cycle also checks the SLA configuration, so a changed calendar or policy reaches open cases within a poll.
    let slaCheckedForSyncAt: string | null = null;
    sync.onStatusChange((status) => {
      if (status.state !== 'online' || status.lastSyncedAt === slaCheckedForSyncAt) return;
      slaCheckedForSyncAt = status.lastSyncedAt;
      refreshSlaConfig();
    });

    const screenPops = await createScreenPopService({
      dataDir: options.dataDir,
      dataKey: key,
      serviceUrl: options.serviceUrl,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      journal,
      now: scheduler.now,
      session: activeSession,
      requireSession,
      serviceFailure,
      isOfflineFailure,
      // Through the handlers, so a screen pop's events are checked and journaled exactly like the renderer's.
      appendEvent: (draft) => handlers['events.append'](draft as IpcHandlerRequest<'events.append'>),
      loadAgents: async () => (await handlers['agents.list']({})).agents,
      emit,
      ...(options.screenPop?.throttleMs !== undefined ? { throttleMs: options.screenPop.throttleMs } : {}),
      ...(options.screenPop?.workingSetRefreshMs ? { workingSetRefreshMs: options.screenPop.workingSetRefreshMs } : {}),
      warn,
      logError,
    });

    const workflowHandlers = createWorkflowHandlers({
      resourcesDir: options.resourcesDir ?? SOURCE_RESOURCES_DIR,
      journal,
      requireSession,
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
      ...(options.printPdf ? { printPdf: options.printPdf } : {}),
    });

    const handlers: IpcHandlers = {
      ...screenPops.handlers,
      ...workflowHandlers,
      'session.login': async ({ username, password }) => {
        let login;
        try {
          login = await client.login({ username, password, deviceId: journal.deviceId });
        } catch (error) {
          throw await serviceFailure(error, 'sign in');
        }
        session = { token: login.token, agent: login.agent, expiresAt: login.expiresAt };
        await sessions.save(session);
        sync.wake();
        refreshSlaConfig();
        return { agent: login.agent };
      },

      'session.logout': async () => {
        session = null;
        await sessions.clear();
        sync.wake();
        return { ok: true };
      },

      'session.current': async () => ({ agent: activeSession()?.agent ?? null }),

      'events.since': async ({ afterLocalSeq }) => {
        requireSession();
        return journal.since(afterLocalSeq);
      },

      'events.append': async (draft) => {
        const { agent } = requireSession();
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
        };
        const parsed = parseCaseEvent(candidate);
        if (!parsed.ok) throw new IpcError('invalid_event', `This ${draft.type} cannot be recorded: ${parsed.reason}`);
        const event: CaseEventEnvelope = parsed.event;
        if (Buffer.byteLength(JSON.stringify(event)) > MAX_EVENT_BYTES) {
          throw new IpcError('event_too_large', `This ${draft.type} is larger than ${MAX_EVENT_BYTES / 1024} KB and cannot be recorded; shorten it.`);
        }
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
        const { token } = requireSession();
        try {
          const { customers } = await client.customersBatch(token, ids);
          await cache.putCustomers(customers, new Date(scheduler.now()).toISOString()).catch((error: unknown) => logError('could not cache customers', error));
          return { customers };
        } catch (error) {
          if (isOfflineFailure(error)) {
            const cached = await cache.getCustomers(ids);
            if (cached.length > 0) return { customers: cached };
            throw new IpcError('service_unreachable', `Customer details cannot be loaded: ${SERVICE_UNREACHABLE_MESSAGE}`);
          }
          throw await serviceFailure(error, 'load customer details');
        }
      },

      'agents.list': async () => {
        const { token } = requireSession();
        try {
          const { agents } = await client.agents(token);
          await cache.putAgents(agents, new Date(scheduler.now()).toISOString()).catch((error: unknown) => logError('could not cache agents', error));
          return { agents };
        } catch (error) {
          if (isOfflineFailure(error)) {
            const cached = await cache.getAgents();
            if (cached) return { agents: cached };
          }
          throw await serviceFailure(error, 'load the agent directory');
        }
      },

      'sync.status': async () => sync.status(),

      'sync.now': async () => sync.syncNow(),

      'config.sla': async () => {
        requireSession();
        return slaConfig.snapshot();
      },

      'notify.os': async (notification) => {
        requireSession();
        return { shown: options.notifyOs?.(notification) ?? false };
      },
    };

    async function dispatchIpc(channel: string, request: unknown): Promise<IpcResult<unknown>> {
      try {
        const parsed = parseIpcRequest(channel, request);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        const handler = handlers[parsed.channel] as (request: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.value) };
      } catch (error) {
        if (error instanceof IpcError) return { ok: false, error: error.toFailure() };
        logError(`IPC ${String(channel).slice(0, 64)} failed`, error);
        return { ok: false, error: INTERNAL_FAILURE };
      }
    }

    sync.start();

    const service: ConsoleService = {
      handlers,
      dispatchIpc,
      on(event, listener) {
        let set = listeners.get(event);
        if (!set) listeners.set(event, (set = new Set()));
        set.add(listener as (payload: never) => void);
        return () => set.delete(listener as (payload: never) => void);
      },
      journal,
      sync,
      keyBackend: options.keyStore.backend,
      screenPops,
      async close() {
        listeners.clear();
        await screenPops.close();
        await sync.stop();
        await journal.close();
      },
    };
    return service;
  } catch (error) {
    await journal.close();
    throw error;
  }
}

function isOfflineFailure(error: unknown): boolean {
  return error instanceof CaseServiceUnreachableError || (error instanceof CaseServiceError && error.isTransient);
}

/** A retried append is the same action if everything the renderer chose matches. */
function isSameAction(stored: CaseEventEnvelope, candidate: CaseEventEnvelope): boolean {
  return stored.caseId === candidate.caseId && stored.type === candidate.type && stored.actorId === candidate.actorId && isDeepStrictEqual(stored.payload, candidate.payload);
}
