import type { ScreenLock, SyncStatus } from '../../../shared/ipc/contract';
import { BUNDLED_AUTH_SETTINGS, type AuthSettings } from '../../../shared/auth/authSettings';
import {
  parseIpcRequest,
  type IpcEventName,
  type IpcEventPayload,
  type IpcFailure,
  type IpcResult,
  type LostWork,
  type StorageState,
} from '../../../shared/ipc/contract';
import type { ScreenPopIntake } from '../../../shared/screenpop/intake';
import {
  CaseServiceError,
  CaseServiceProtocolError,
  CaseServiceUnreachableError,
  createCaseServiceClient,
  MfaChallengeError,
} from '../caseService/caseServiceClient';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlers } from '../ipc/ipcHandlers';
import { agentDir, openAgentStore, openWithPreviousPassword, startAfresh, type AgentStoreOpening, type AgentVaultOptions } from '../keys/agentVault';
import { hasOfflineRecord, makeOfflineRecord, passwordMatches, readOfflineRecord, saveOfflineRecord, type OfflineRecord } from '../session/offlineSignIn';
import type { KeyProtector } from '../keys/keyStore';
import { createPasswordKeyProtector } from '../keys/passwordKeyProtector';
import { createReportHandlers } from '../reports/reportHandlers';
import { createCaseNotificationsHandler } from '../notifications/caseNotificationsHandler';
import { createServiceCaller } from '../caseService/serviceCaller';
import { createSessionOversightHandlers } from '../session/sessionOversightHandlers';
import { createReportsClient } from '../reports/reportsClient';
import { NO_AGENT_SIGNED_IN, type ScreenPopService } from '../screenpop/screenPopService';
import { createIdleLock } from '../session/idleLock';
import { createPasswordVerifier, type PasswordVerifier } from '../session/passwordVerifier';
import { withRefreshed, type StoredSession } from '../session/sessionStore';
import { DataDirInUseError } from '../storage/dataDirLock';
import { loadOrCreateDeviceId } from '../storage/deviceId';
import { DEFAULT_FINISHED_RETENTION_MS, JournalError, type Journal } from '../storage/journal';
import { systemScheduler, type BackoffPolicy, type SyncEngine, type SyncScheduler } from '../sync/syncEngine';
import { workflowConfigHandler, type PrintPdf } from '../workflow/workflowHandlers';
import { SOURCE_RESOURCES_DIR } from '../workflow/workflowResources';
import { openAgentWorkspace, SERVICE_UNREACHABLE_MESSAGE, type AgentWorkspace, type WorkspaceChannel } from './agentWorkspace';

export { MAX_EVENT_BYTES, SERVICE_UNREACHABLE_MESSAGE } from './agentWorkspace';

export interface ConsoleServiceOptions {
  dataDir: string;
  /** Base URL of the case service, e.g. http://127.0.0.1:4010 */
  serviceUrl: string;
  /**
   * How each agent's data key is protected, in order of preference. Default: the agent's
   * password (scrypt). Electron puts the OS keyring (safeStorage) first where one exists.
   */
  keyProtectors?: KeyProtector[];
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
  /** Finished cases idle this long are folded into snapshots when the journal is compacted (default 7 days). */
  finishedRetentionMs?: number;
  /** Idle lock and offline sign-in rules (default resources/auth.json as bundled; tests shorten the idle time). */
  auth?: AuthSettings;
}

/** Wrong passwords at the idle lock before the console signs the agent out. */
export const MAX_UNLOCK_FAILURES = 5;

export interface ConsoleService {
  readonly handlers: IpcHandlers;
  /** The transport's single entry point: validates, runs, and always resolves to an IpcResult. */
  dispatchIpc(channel: string, request: unknown): Promise<IpcResult<unknown>>;
  /** Main → renderer notifications for the transport to forward. */
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  /** The signed-in agent's open workspace, or null. */
  workspace(): AgentWorkspace | null;
  /** Whom main authors events as right now (null: nobody signed in). */
  currentAgentId(): string | null;
  /** The signed-in agent's journal, sync engine and screen pops (they throw while nobody's data is open). */
  readonly journal: Journal;
  readonly sync: SyncEngine;
  readonly screenPops: ScreenPopService;
  /** Which protectors guard agents' keys on this desktop (e.g. "password-scrypt"). */
  readonly keyBackend: string;
  /** A contact from the CTI endpoint or an agentconsole:// link: popped for the signed-in agent, refused while there is none. */
  receivePop(intake: ScreenPopIntake, source: 'cti' | 'link', arrivedAt?: number): ReturnType<ScreenPopService['receive']>;
  close(): Promise<void>;
}

const INTERNAL_FAILURE: IpcFailure = {
  code: 'internal_error',
  message: 'Something went wrong in the console and the request was not completed. Try again; if it keeps happening, tell the IT service desk.',
};


/**
 * Everything the renderer can ask of main. Plain Node: Electron (ipcMain), the browser host
 * (WebSocket) and tests all drive it through `dispatchIpc`.
 *
 * Nothing of an agent's data is readable before they sign in: the sign-in that the service
 * verifies is the "password verified for this user" moment that unlocks their store (see
 * keys/agentVault.ts), and their workspace — journal, caches, sync, screen pops — opens then and
 * closes at sign-out. Offline sign-in and MFA plug in at `verifiedSignIn` below.
 */
export async function createConsoleService(options: ConsoleServiceOptions): Promise<ConsoleService> {
  const scheduler = options.scheduler ?? systemScheduler;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const protectors = options.keyProtectors ?? [createPasswordKeyProtector()];
  const deviceId = await loadOrCreateDeviceId(options.dataDir);
  const callerOptions = { baseUrl: options.serviceUrl, ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) };
  const client = createCaseServiceClient(callerOptions);
  const vault: AgentVaultOptions = {
    dataDir: options.dataDir,
    protectors,
    deviceId,
    journal: {
      warn,
      compaction: { now: scheduler.now, finishedRetentionMs: options.finishedRetentionMs ?? DEFAULT_FINISHED_RETENTION_MS },
    },
    now: scheduler.now,
  };

  let session: StoredSession | null = null;
  /** The enrolment the service offered at the last sign-in attempt (secret and QR code), until it is confirmed. */
  let pendingEnrolment: { username: string; secret: string; otpauthUri: string } | null = null;
  let refreshTimer: unknown = null;
  let refreshing: Promise<boolean> | null = null;
  const auth = options.auth ?? BUNDLED_AUTH_SETTINGS;
  /** The signed-in agent's password, checkable again at the idle lock (memory only, for this session). */
  let verifier: { username: string; check: PasswordVerifier } | null = null;
  let unlockFailures = 0;
  /** The open store's folder and key (the offline record is sealed with it), and the record kept current with each refresh. */
  let openedStore: { dir: string; key: Buffer } | null = null;
  let offlineRecord: OfflineRecord | null = null;
  /** Wrong passwords at offline sign-in, per user name: the service's lockout cannot count them. */
  const offlineFailures = new Map<string, { count: number; until: number }>();

  async function persistOffline(): Promise<void> {
    const store = openedStore;
    const current = session;
    if (!store || !current || !offlineRecord || offlineRecord.agent.id !== current.agent.id) return;
    offlineRecord = { ...offlineRecord, refreshToken: current.refreshToken, refreshExpiresAt: current.refreshExpiresAt, authenticatedAt: current.authenticatedAt };
    await saveOfflineRecord(store.dir, store.key, offlineRecord).catch((error: unknown) => logError('the offline sign-in record could not be saved', error));
  }

  /**
   * The service cannot be reached: an agent who signed in here within the offline window signs in
   * against the verifier sealed in their folder. Their work is recorded under their name and syncs
   * when the refresh token renews the sign-in.
   */
  async function offlineSignIn(username: string, password: string): Promise<{ session: StoredSession; opening: AgentStoreOpening | null }> {
    const name = username.trim().toLowerCase();
    const dir = agentDir(options.dataDir, name);
    const windowHours = auth.offlineSignIn.hours;
    const unreachable = () =>
      new IpcError('service_unreachable', SERVICE_UNREACHABLE_MESSAGE, `Offline sign-in works for someone who signed in on this desktop within the last ${windowHours} hours.`);
    if (windowHours <= 0 || !(await hasOfflineRecord(dir))) throw unreachable();
    const failures = offlineFailures.get(name);
    if (failures && failures.until > scheduler.now()) throw new IpcError('account_locked', 'Too many wrong passwords on this desktop: try again in a few minutes, or when the service is back.');
    const wrong = (): IpcError => {
      const count = (failures && failures.until > scheduler.now() ? failures.count : 0) + 1;
      const limit = auth.lockout.perUser.maxFailures;
      offlineFailures.set(name, { count: count >= limit ? 0 : count, until: count >= limit ? scheduler.now() + auth.lockout.perUser.lockMinutes * 60_000 : 0 });
      return new IpcError('invalid_credentials', 'Wrong user name or password.', 'The case service cannot be reached, so this desktop checked the password it last saw.');
    };
    let opening: AgentStoreOpening | null = null;
    let key: Buffer;
    if (openedStore?.dir === dir) {
      key = openedStore.key;
    } else {
      opening = await openAgentStoreSafely(() => openAgentStore(vault, name, password));
      if (opening.state !== 'open') throw wrong();
      key = opening.key;
    }
    const record = await readOfflineRecord(dir, key);
    const refuse = async (error: IpcError): Promise<never> => {
      if (opening?.state === 'open') await opening.journal.close().catch(() => undefined);
      throw error;
    };
    if (!record || record.username !== name || !(await passwordMatches(record, password))) return refuse(wrong());
    const signedInAt = Date.parse(record.authenticatedAt);
    const until = signedInAt + windowHours * 3_600_000;
    if (until <= scheduler.now()) {
      return refuse(new IpcError('offline_expired', `${SERVICE_UNREACHABLE_MESSAGE}`, `Your last sign-in on this desktop was more than ${windowHours} hours ago: offline sign-in needs the service once every ${windowHours} hours.`));
    }
    offlineFailures.delete(name);
    offlineRecord = record;
    const expired = new Date(scheduler.now()).toISOString();
    return {
      opening,
      session: {
        // No access token until the service is back: the refresh token (if the sign-in was not ended) renews it then.
        token: 'offline',
        agent: record.agent,
        expiresAt: expired,
        refreshToken: record.refreshToken ?? 'signed-out',
        refreshExpiresAt: new Date(until).toISOString(),
        authenticatedAt: record.authenticatedAt,
      },
    };
  }
  const idle = createIdleLock({
    idleMs: auth.idleLock.minutes * 60_000,
    scheduler,
    onChange: () => emit('session.lockChanged', screenLock()),
  });

  function screenLock(): ScreenLock {
    const current = session;
    const age = current ? scheduler.now() - Date.parse(current.authenticatedAt) : 0;
    return { locked: idle.locked(), secondFactor: age > auth.idleLock.secondFactorAfterMinutes * 60_000, idleMs: idle.idleMs };
  }
  let workspace: AgentWorkspace | null = null;
  /** While the agent's store is locked: what it said, and the verified password to protect it with once unlocked. */
  let locked: { message: string; unsynced: LostWork[]; username: string; password: string } | null = null;

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

  async function closeWorkspace(): Promise<void> {
    const closing = workspace;
    workspace = null;
    await closing?.close().catch((error: unknown) => logError('closing the workspace failed', error));
  }

  function cancelRefresh(): void {
    if (refreshTimer !== null) scheduler.clearTimeout(refreshTimer);
    refreshTimer = null;
  }

  /** Renews the access token well before it runs out (at four fifths of its life), or soon after a failed try. */
  function scheduleRefresh(retryMs?: number): void {
    cancelRefresh();
    if (!session) return;
    const remaining = Date.parse(session.expiresAt) - scheduler.now();
    const delay = retryMs ?? Math.max(0, Math.floor(remaining * 0.8));
    refreshTimer = scheduler.setTimeout(() => {
      refreshTimer = null;
      void refreshNow();
    }, delay);
  }

  /** One refresh at a time; false when the sign-in could not be renewed (ended, or the service is away for now). */
  function refreshNow(): Promise<boolean> {
    refreshing ??= (async () => {
      const current = session;
      if (!current) return false;
      try {
        const next = await client.refresh(current.refreshToken);
        if (session !== current) return false;
        session = withRefreshed(current, next);
        scheduleRefresh();
        await persistOffline();
        if (workspace && workspace.agentId === session.agent.id) workspace.sync.wake();
        return true;
      } catch (error) {
        if (session !== current) return false;
        if (error instanceof CaseServiceError && error.isUnauthorized) {
          // The service says who ended it when a supervisor or administrator did ("Your session was ended by Rachel Chen.").
          await endSession(error.code === 'session_revoked' ? `${error.message} Sign in again to continue.` : 'Your session has ended. Sign in again to continue.');
          return false;
        }
        // The service is away: the sign-in stays, and the next try comes soon.
        scheduleRefresh(Math.min(30_000, Math.max(1_000, Date.parse(current.refreshExpiresAt) - scheduler.now())));
        return false;
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function endSession(reason: string): Promise<void> {
    if (!session) return;
    session = null;
    locked = null;
    verifier = null;
    idle.stop();
    cancelRefresh();
    emit('session.ended', { reason });
    emit('session.changed', { agentId: null, reason });
    // The workspace stays open so unsynced work keeps its place; it pauses until the same agent signs in again.
    emit('sync.statusChanged', syncStatus());
  }

  function activeSession(): StoredSession | null {
    // The sign-in lasts as long as its refresh token; the access token is renewed underneath.
    if (session && Date.parse(session.refreshExpiresAt) <= scheduler.now()) {
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

  function requireWorkspace(): AgentWorkspace {
    const current = requireSession();
    if (idle.locked()) throw new IpcError('screen_locked', 'The console is locked. Enter your password to continue.');
    if (!workspace || workspace.agentId !== current.agent.id) {
      if (locked) throw new IpcError('storage_locked', locked.message);
      throw new IpcError('not_signed_in', 'You are not signed in. Sign in to continue.');
    }
    return workspace;
  }

  /** Maps a failed service call to what the agent sees; a 401 also ends the session. */
  async function serviceFailure(error: unknown, action: string): Promise<IpcError> {
    if (error instanceof CaseServiceUnreachableError) return new IpcError('service_unreachable', SERVICE_UNREACHABLE_MESSAGE);
    if (error instanceof CaseServiceError) {
      if (error.isUnauthorized && session) {
        if (error.code === 'session_expired' && (await refreshNow())) return new IpcError('session_renewed', `Could not ${action} just now: your session was renewed. Try again.`);
        await endSession('Your session has ended. Sign in again to continue.');
        return new IpcError('session_expired', 'Your session has ended. Sign in again to continue.');
      }
      return new IpcError(error.code, error.message, error.hint);
    }
    if (error instanceof CaseServiceProtocolError) return new IpcError('service_incompatible', `Could not ${action}: ${error.message}`, 'The console and the case service may be different versions; tell the IT service desk.');
    throw error;
  }

  function syncStatus(): SyncStatus {
    if (workspace && session && workspace.agentId === session.agent.id) return workspace.sync.status();
    return { state: 'offline', pending: workspace?.journal.pendingCount ?? 0, lastSyncedAt: null, lastError: session ? null : 'Signed out.', rejected: [] };
  }

  /**
   * The "password verified for this user" moment: the service said the password is right (an
   * offline verifier may say so too, later), so it may now unlock the agent's data.
   */
  async function verifiedSignIn(verified: { session: StoredSession; username: string; password: string; opening?: AgentStoreOpening | null }): Promise<StorageState> {
    if (workspace && workspace.agentId !== verified.session.agent.id) await closeWorkspace();
    const previous = session?.agent.id ?? null;
    session = verified.session;
    locked = null;
    scheduleRefresh();
    verifier = { username: verified.username.trim().toLowerCase(), check: await createPasswordVerifier(verified.password) };
    unlockFailures = 0;
    idle.start();
    // Told to every window only once the agent's data is open, so a window that follows finds it ready.
    const announce = () => {
      if (previous !== verified.session.agent.id && session === verified.session) emit('session.changed', { agentId: session.agent.id, reason: `${session.agent.displayName} signed in.` });
    };
    if (workspace) {
      workspace.sync.wake();
      workspace.refreshSlaConfig();
      announce();
      return { state: 'open' };
    }
    const opening = verified.opening ?? (await openAgentStoreSafely(() => openAgentStore(vault, verified.username, verified.password)));
    const storage = await openStore(opening, verified.username, verified.password);
    announce();
    return storage;
  }

  async function openAgentStoreSafely(open: () => Promise<AgentStoreOpening>): Promise<AgentStoreOpening> {
    try {
      return await open();
    } catch (error) {
      if (error instanceof DataDirInUseError) throw new IpcError('storage_in_use', `${error.message} Close the other Agent Console on this computer and sign in again.`);
      if (error instanceof JournalError) throw new IpcError('storage_failed', error.message);
      throw error;
    }
  }

  async function openStore(opening: AgentStoreOpening, username: string, password: string): Promise<StorageState> {
    const current = session;
    if (!current) return { state: 'open' };
    if (opening.state === 'password_mismatch') {
      locked = { message: opening.message, unsynced: opening.unsynced, username, password };
      return { state: 'locked', message: opening.message, unsynced: opening.unsynced };
    }
    locked = null;
    const agentId = current.agent.id;
    openedStore = { dir: opening.dir, key: opening.key };
    workspace = await openAgentWorkspace(agentId, {
      store: opening,
      serviceUrl: options.serviceUrl,
      client,
      scheduler,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.random ? { random: options.random } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
      resourcesDir: options.resourcesDir ?? SOURCE_RESOURCES_DIR,
      ...(options.printPdf ? { printPdf: options.printPdf } : {}),
      ...(options.screenPop ? { screenPop: options.screenPop } : {}),
      session: () => (session?.agent.id === agentId ? activeSession() : null),
      requireSession,
      serviceFailure,
      isOfflineFailure,
      onUnauthorized: async () => {
        // An access token that ran out is renewed; only a sign-in that cannot be renewed ends.
        if (await refreshNow()) return;
        await endSession('Your session has ended. Sign in again; your unsynced work is kept and will sync after you do.');
      },
      emit,
      warn,
      logError,
    });
    workspace.refreshSlaConfig();
    emit('storage.noticesChanged', { notices: workspace.journal.notices });
    return { state: 'open' };
  }

  function storageState(): StorageState | null {
    if (!session) return null;
    if (locked) return { state: 'locked', message: locked.message, unsynced: locked.unsynced };
    return { state: 'open' };
  }

  const ownHandlers: Omit<IpcHandlers, WorkspaceChannel> = {
    ...workflowConfigHandler(options.resourcesDir ?? SOURCE_RESOURCES_DIR),
    // Reports are read live from the service: they need a session, not the agent's local data.
    ...createReportHandlers({ client: createReportsClient(callerOptions), requireSession, serviceFailure }),
    // Masked contact details of a customer: refused while the console is locked, like the agent's local data.
    ...createCaseNotificationsHandler({
      caller: createServiceCaller(callerOptions),
      requireSession: () => {
        requireWorkspace();
        return requireSession();
      },
      serviceFailure,
    }),
    ...createSessionOversightHandlers({ caller: createServiceCaller(callerOptions), requireSession, serviceFailure }),

    'session.login': async ({ username, password, otp }) => {
      let login;
      try {
        login = await client.login({ username, password, deviceId, ...(otp ? { otp } : {}) });
      } catch (error) {
        if (error instanceof MfaChallengeError) {
          pendingEnrolment = error.enrolment ? { username: username.trim().toLowerCase(), ...error.enrolment } : null;
          throw new IpcError(error.code, error.message, error.hint);
        }
        if (!isOfflineFailure(error)) throw await serviceFailure(error, 'sign in');
        const offline = await offlineSignIn(username, password);
        const storage = await verifiedSignIn({ session: offline.session, username, password, opening: offline.opening });
        return { agent: offline.session.agent, storage, recoveryCodes: [], offline: true, lock: screenLock() };
      }
      pendingEnrolment = null;
      const { token, agent, expiresAt, refreshToken, refreshExpiresAt, authenticatedAt } = login;
      const storage = await verifiedSignIn({ session: { token, agent, expiresAt, refreshToken, refreshExpiresAt, authenticatedAt }, username, password });
      if (storage.state === 'open' && openedStore) {
        offlineRecord = await makeOfflineRecord({ username: username.trim().toLowerCase(), agent, authenticatedAt, refreshToken, refreshExpiresAt, password });
        await persistOffline();
      }
      return { agent: login.agent, storage, recoveryCodes: login.recoveryCodes ?? [], offline: false, lock: screenLock() };
    },

    'session.activity': async () => {
      idle.activity();
      return { ok: true };
    },

    'session.lock': async () => {
      requireSession();
      idle.lock();
      return screenLock();
    },

    'session.unlock': async ({ password, otp }) => {
      const current = requireSession();
      if (!idle.locked()) return screenLock();
      const check = verifier;
      if (!check) throw new IpcError('not_signed_in', 'You are not signed in. Sign in to continue.');
      const refuse = async (message: string): Promise<never> => {
        unlockFailures += 1;
        if (unlockFailures >= MAX_UNLOCK_FAILURES) {
          await endSession(`${MAX_UNLOCK_FAILURES} wrong attempts at the lock signed you out.`);
          throw new IpcError('not_signed_in', `${MAX_UNLOCK_FAILURES} wrong attempts at the lock: you were signed out. Sign in again.`);
        }
        throw new IpcError('wrong_password', message);
      };
      if (screenLock().secondFactor) {
        // An old sign-in: password and second factor again, checked by the service (which renews the sign-in).
        if (!otp) throw new IpcError('mfa_required', 'Your sign-in is older than its limit: enter your password and the code from your authenticator app.');
        let login;
        try {
          login = await client.login({ username: check.username, password, deviceId, otp });
        } catch (error) {
          if (error instanceof CaseServiceError && (error.code === 'invalid_credentials' || error.code === 'mfa_invalid' || error.code === 'mfa_replayed')) return refuse(error.message);
          if (error instanceof CaseServiceError && error.isUnauthorized) throw new IpcError(error.code, error.message, error.hint);
          if (error instanceof CaseServiceError) throw new IpcError(error.code, error.message, error.hint);
          throw await serviceFailure(error, 'unlock');
        }
        if (login.agent.id !== current.agent.id) throw new IpcError('wrong_password', 'That sign-in belongs to someone else.');
        const { token, agent, expiresAt, refreshToken, refreshExpiresAt, authenticatedAt } = login;
        session = { token, agent, expiresAt, refreshToken, refreshExpiresAt, authenticatedAt };
        scheduleRefresh();
      } else if (!(await check.check.matches(password))) {
        return refuse('That is not your password.');
      }
      unlockFailures = 0;
      idle.unlock();
      // Whatever the windows were refused while locked, they catch up now.
      const open = workspace;
      if (open) emit('events.changed', { localSeq: open.journal.localSeq });
      return screenLock();
    },

    'session.mfaEnrolment': async () => ({ enrolment: pendingEnrolment ? { secret: pendingEnrolment.secret, otpauthUri: pendingEnrolment.otpauthUri } : null }),

    'session.logout': async () => {
      const ending = session;
      if (ending && offlineRecord && openedStore) {
        // The service revokes the refresh token now; only the verifier stays for an offline sign-in.
        offlineRecord = { ...offlineRecord, refreshToken: null, refreshExpiresAt: null };
        await saveOfflineRecord(openedStore.dir, openedStore.key, offlineRecord).catch((error: unknown) => logError('the offline sign-in record could not be saved', error));
      }
      offlineRecord = null;
      openedStore = null;
      session = null;
      locked = null;
      verifier = null;
      idle.stop();
      cancelRefresh();
      await closeWorkspace();
      if (ending) {
        // The service forgets the sign-in too, so a copied token is worth nothing; unreachable, it still runs out within the hour.
        await client.logout(ending.token).catch((error: unknown) => warn(`The sign-out could not reach the case service: ${error instanceof Error ? error.message : String(error)}`));
        emit('session.changed', { agentId: null, reason: `${ending.agent.displayName} signed out.` });
      }
      emit('sync.statusChanged', syncStatus());
      return { ok: true };
    },

    'session.current': async () => {
      const agent = activeSession()?.agent ?? null;
      return { agent, storage: storageState(), lock: agent ? screenLock() : null };
    },

    'storage.unlock': async ({ previousPassword }) => {
      requireSession();
      if (!locked) return { storage: { state: 'open' } };
      const { username, password } = locked;
      const opening = await openAgentStoreSafely(async () => {
        const result = await openWithPreviousPassword(vault, username, previousPassword, password);
        if (result.state === 'wrong_password') throw new IpcError('wrong_password', 'That is not the password your data here was locked with. Try again, or start afresh.');
        return result;
      });
      return { storage: await openStore(opening, username, password) };
    },

    'storage.startAfresh': async () => {
      requireSession();
      if (!locked) return { storage: { state: 'open' } };
      const { username, password } = locked;
      const store = await openAgentStoreSafely(() => startAfresh(vault, username, password, 'it was locked with a password you no longer have'));
      return { storage: await openStore(store, username, password) };
    },

    'sync.status': async () => syncStatus(),

    'sync.now': async () => (workspace && session && workspace.agentId === session.agent.id ? workspace.sync.syncNow() : syncStatus()),

    'notify.os': async (notification) => {
      requireSession();
      return { shown: options.notifyOs?.(notification) ?? false };
    },
  };

  const handlers = new Proxy(ownHandlers as IpcHandlers, {
    get(target, channel: string) {
      // The console's own channels (sign-in, status); everything else is the signed-in agent's workspace.
      if (Object.hasOwn(target, channel)) return (target as Record<string, unknown>)[channel];
      return (request: unknown) => (requireWorkspace().handlers as Record<string, (r: unknown) => Promise<unknown>>)[channel]!(request);
    },
  });

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

  const requireOpen = (): AgentWorkspace => {
    if (!workspace) throw new Error('no agent is signed in on this console');
    return workspace;
  };

  return {
    handlers,
    dispatchIpc,
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    workspace: () => workspace,
    currentAgentId: () => activeSession()?.agent.id ?? null,
    get journal() {
      return requireOpen().journal;
    },
    get sync() {
      return requireOpen().sync;
    },
    get screenPops() {
      return requireOpen().screenPops;
    },
    keyBackend: protectors.filter((p) => p.available()).map((p) => p.backend).join(' + ') || 'none',
    receivePop(intake, source, arrivedAt) {
      if (!workspace || !activeSession() || workspace.agentId !== session?.agent.id) return { refused: { code: 'no_agent', message: NO_AGENT_SIGNED_IN } };
      return workspace.screenPops.receive(intake, source, arrivedAt);
    },
    async close() {
      cancelRefresh();
      idle.stop();
      listeners.clear();
      await closeWorkspace();
    },
  };
}

function isOfflineFailure(error: unknown): boolean {
  return error instanceof CaseServiceUnreachableError || (error instanceof CaseServiceError && error.isTransient);
}
