import type { CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import type { SyncStatus } from '../../../shared/ipc/contract';
import { MAX_PULL_BATCH, MAX_PUSH_BATCH, type PushOutcome, type SequencedEvent } from '../../../shared/sync/protocol';
import { CaseServiceError, CaseServiceProtocolError, CaseServiceUnreachableError, type CaseServiceClient } from '../caseService/caseServiceClient';
import type { Journal } from '../storage/journal';
import { eventByteSize } from '../../../shared/validation/eventSize';
import { MAX_PUSH_BODY_BYTES } from '../../../shared/validation/limits';

/** Time and timers, injected so tests drive the engine deterministically. */
export interface SyncScheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemScheduler: SyncScheduler = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry must not keep a host process alive on its own.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };
/** While online without live push, how often to look for other desktops' events. */
export const DEFAULT_POLL_INTERVAL_MS = 15_000;
/**
 * While the live stream is open (liveNudges.ts), the poll only catches what it cannot tell: a scope
 * that changed with time (a look-up's window ended) or a nudge lost to a failed query.
 */
export const DEFAULT_LIVE_POLL_INTERVAL_MS = 120_000;

/**
 * Exponential backoff with "equal jitter": between half and all of the doubled delay, so
 * desktops that lost the service together do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type SyncJournal = Pick<Journal, 'unsynced' | 'recordAcks' | 'recordRejections' | 'storePulled' | 'recordScopeLeft' | 'cursor' | 'pendingCount' | 'rejected' | 'onChange'>;

export interface SyncCredentials {
  token: string;
  agentId: string;
}

export interface SyncEngineOptions {
  journal: SyncJournal;
  client: Pick<CaseServiceClient, 'push' | 'pull'>;
  /** The signed-in agent and their service token, or null when nobody is signed in. */
  getCredentials(): SyncCredentials | null;
  scheduler?: SyncScheduler;
  random?: () => number;
  backoff?: BackoffPolicy;
  pollIntervalMs?: number;
  /** The poll while live push is connected (never shorter than pollIntervalMs). */
  livePollIntervalMs?: number;
  pullLimit?: number;
  /** The service answered 401: the session is over (the engine pauses until woken after a new sign-in). */
  onUnauthorized?(error: CaseServiceError): void | Promise<void>;
  /** Events other desktops recorded, after they are stored. */
  onEventsPulled?(events: SequencedEvent[]): void;
}

export interface SyncEngine {
  /** Begins syncing now and keeps going (poll while online, backoff while not). */
  start(): void;
  /** Stops scheduling and waits for a cycle in progress. */
  stop(): Promise<void>;
  /** Something changed (a local append, a sign-in, a live nudge): sync now instead of waiting for the timer. */
  wake(): void;
  /** Live push connected (poll slowly) or dropped (poll at the normal interval again). */
  setLive(connected: boolean): void;
  /** Runs a full cycle (or joins the one running, then runs again) and returns the status after it. */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  /** Resolves when no cycle is running (a woken or timed cycle included). */
  whenIdle(): Promise<void>;
  onStatusChange(listener: (status: SyncStatus) => void): () => void;
}

/**
 * Push, then pull, then sleep. Pushes unsynced events oldest first in batches; the service
 * dedupes by event id, so a batch resent after a lost answer has exactly one effect. An
 * event the service refuses for good is finished with its reason and never holds up the
 * ones behind it. Pulls after the stored cursor until the service has no more, storing each
 * page with its cursor in one journal record.
 */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { journal, client } = options;
  const scheduler = options.scheduler ?? systemScheduler;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const livePollIntervalMs = Math.max(pollIntervalMs, options.livePollIntervalMs ?? DEFAULT_LIVE_POLL_INTERVAL_MS);
  let live = false;
  // The largest page the service gives: each page costs the service a scope decision, and the journal one record.
  const pullLimit = Math.min(options.pullLimit ?? MAX_PULL_BATCH, MAX_PULL_BATCH);

  let state: SyncStatus['state'] = 'offline';
  let lastSyncedAt: string | null = null;
  let lastError: string | null = null;
  let started = false;
  let running: Promise<void> | null = null;
  let rerun = false;
  let timer: unknown = null;
  let failedAttempts = 0;
  let lastEmitted = '';
  const listeners = new Set<(status: SyncStatus) => void>();

  const status = (): SyncStatus => ({ state, pending: journal.pendingCount, lastSyncedAt, lastError, rejected: journal.rejected });

  function emitIfChanged(): void {
    const current = status();
    const serialized = JSON.stringify(current);
    if (serialized === lastEmitted) return;
    lastEmitted = serialized;
    for (const listener of listeners) listener(current);
  }
  lastEmitted = JSON.stringify(status());
  journal.onChange(() => emitIfChanged());

  function setState(next: SyncStatus['state'], error: string | null = lastError): void {
    state = next;
    lastError = error;
    emitIfChanged();
  }

  function clearTimer(): void {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
  }

  function scheduleAfter(ms: number): void {
    clearTimer();
    if (!started) return;
    timer = scheduler.setTimeout(() => {
      timer = null;
      void kick();
    }, ms);
  }

  function kick(): Promise<void> {
    if (!started) return Promise.resolve();
    if (running) {
      rerun = true;
      return running;
    }
    clearTimer();
    running = (async () => {
      let nextDelay: number | null = null;
      do {
        rerun = false;
        nextDelay = await cycle();
      } while (rerun && started);
      running = null;
      if (nextDelay !== null) scheduleAfter(nextDelay);
    })();
    return running;
  }

  /** One push+pull pass; returns when to run again (null: wait to be woken). */
  async function cycle(): Promise<number | null> {
    const credentials = options.getCredentials();
    if (!credentials) {
      setState('offline', journal.pendingCount > 0 ? 'Signed out: changes on this desktop will sync after you sign in.' : null);
      return null;
    }
    setState('syncing');
    try {
      await pushAll(credentials);
      await pullAll(credentials.token);
      if (!started) return null; // stopped part-way: not a completed sync
      failedAttempts = 0;
      lastSyncedAt = new Date(scheduler.now()).toISOString();
      setState('online', null);
      return live ? livePollIntervalMs : pollIntervalMs;
    } catch (error) {
      if (error instanceof CaseServiceError && error.isUnauthorized) {
        setState('offline', 'Your session has ended: sign in again to sync.');
        await options.onUnauthorized?.(error);
        return null;
      }
      const delay = backoffDelay(failedAttempts, backoff, random);
      failedAttempts += 1;
      // "Offline" only when the service cannot be reached; an answer that is an error is not offline.
      setState(error instanceof CaseServiceUnreachableError ? 'offline' : 'error', describeFailure(error, delay));
      return delay;
    }
  }

  async function pushAll({ token, agentId }: SyncCredentials): Promise<void> {
    // One batch's answers are written to the journal (encrypted, fsynced) while the next batch is
    // already on the wire, so the disk and the service do not wait on each other. The events being
    // recorded are not sent again meanwhile, and every write has landed before this returns; if the
    // desktop dies between the two, the resent events come back as duplicates with their seqs.
    let recording: Promise<unknown> | null = null;
    let recordingIds = new Set<string>();
    const settle = async (): Promise<void> => {
      const failure = await recording;
      recording = null;
      recordingIds = new Set();
      if (failure) throw failure;
    };
    try {
      while (started) {
        // The service accepts only events authored by the signed-in agent; another agent's
        // unsynced work on this desktop waits for them to sign in rather than being refused.
        const batch = withinPushBody(journal.unsynced(MAX_PUSH_BATCH, (event) => event.actorId === agentId && !recordingIds.has(event.id)));
        if (batch.length === 0) break;
        const results = await pushBatch(token, batch);
        await settle();
        if (!results) continue;
        const write = recordOutcomes(results);
        const unanswered = unansweredError(batch, results);
        if (unanswered) {
          await write;
          throw unanswered;
        }
        recording = write.then(
          () => null,
          (error: unknown) => error ?? new Error('recording the pushed events failed'),
        );
        recordingIds = new Set(batch.map((event) => event.id));
      }
    } catch (error) {
      await recording;
      throw error;
    }
    await settle();
  }

  /**
   * Sends one batch and returns the service's answers, or null when it was answered in parts and
   * those parts were already recorded. If the service refuses or fails the batch as a whole, the
   * batch is split in halves until the event at fault stands alone: only it is held back (server
   * failure) or finished as refused (4xx), and the queue behind it still syncs.
   */
  async function pushBatch(token: string, batch: CaseEventEnvelope[]): Promise<PushOutcome[] | null> {
    try {
      return (await client.push(token, batch)).results;
    } catch (error) {
      if (!(error instanceof CaseServiceError) || error.isUnauthorized || (batch.length === 1 && error.isTransient)) throw error;
      if (batch.length === 1) {
        await journal.recordRejections([{ eventId: batch[0]!.id, reason: `refused by the case service: ${error.message}` }]);
        return null;
      }
      // Halves, not one by one: a single bad event in a full batch costs a few requests, not hundreds.
      let held: unknown = null;
      const middle = Math.ceil(batch.length / 2);
      for (const half of [batch.slice(0, middle), batch.slice(middle)]) {
        if (!started) return null;
        try {
          const results = await pushBatch(token, half);
          if (!results) continue;
          await recordOutcomes(results);
          const unanswered = unansweredError(half, results);
          if (unanswered) throw unanswered;
        } catch (part) {
          if (!(part instanceof CaseServiceError) || part.isUnauthorized) throw part;
          held ??= part;
        }
      }
      if (held) throw held;
      return null;
    }
  }

  async function recordOutcomes(results: readonly PushOutcome[]): Promise<void> {
    const acks = [];
    const rejections = [];
    for (const result of results) {
      if (result.outcome === 'rejected') rejections.push({ eventId: result.eventId, reason: result.reason });
      else acks.push({ eventId: result.eventId, seq: result.seq });
    }
    await journal.recordAcks(acks);
    await journal.recordRejections(rejections);
  }

  async function pullAll(token: string): Promise<void> {
    while (started) {
      const before = journal.cursor;
      const page = await client.pull(token, before, pullLimit);
      // Dropped first: a case that left this desktop's scope never outlives the page that says so.
      if (page.removedCaseIds.length > 0) await journal.recordScopeLeft(page.removedCaseIds, 'no longer in your scope (transferred, reassigned or restricted)');
      await journal.storePulled(page.events, page.cursor);
      if (page.events.length > 0) options.onEventsPulled?.(page.events);
      if (!page.hasMore) return;
      if (page.events.length === 0 && page.cursor <= before) throw new CaseServiceProtocolError('The case service says it has more events but sent none.');
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      void kick();
    },
    async stop() {
      started = false;
      clearTimer();
      await running;
    },
    wake() {
      void kick();
    },
    setLive(connected) {
      if (live === connected) return;
      live = connected;
      // Dropped while waiting out the slow poll: back to the normal interval from now.
      if (!connected && started && !running && state === 'online') scheduleAfter(pollIntervalMs);
    },
    async syncNow() {
      await kick();
      return status();
    },
    status,
    async whenIdle() {
      while (running) await running;
    },
    onStatusChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Resending what the service ignored would spin: such an answer stops the push, to be retried later with backoff. */
function unansweredError(batch: readonly CaseEventEnvelope[], results: readonly PushOutcome[]): CaseServiceProtocolError | null {
  const answered = new Set(results.map((result) => result.eventId));
  const unanswered = batch.filter((event) => !answered.has(event.id)).length;
  return unanswered > 0 ? new CaseServiceProtocolError(`The case service did not answer for ${unanswered} of ${batch.length} pushed events.`) : null;
}

/** The oldest events whose JSON fits the push body bound (always at least one, each is at most 64 KB). */
function withinPushBody(events: CaseEventEnvelope[]): CaseEventEnvelope[] {
  let bytes = 0;
  for (let index = 0; index < events.length; index += 1) {
    bytes += eventByteSize(events[index]) + 1;
    if (bytes > MAX_PUSH_BODY_BYTES && index > 0) return events.slice(0, index);
  }
  return events;
}

function describeFailure(error: unknown, retryInMs: number): string {
  const retry = `Retrying in ${Math.max(1, Math.round(retryInMs / 1000))} s.`;
  if (error instanceof CaseServiceError) return `${error.message} ${retry}`;
  if (error instanceof Error) return `${error.message} ${retry}`;
  return `Sync failed. ${retry}`;
}
