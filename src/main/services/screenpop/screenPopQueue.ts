import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Channel } from '../../../shared/domain/enums';
import type { ScreenPopIntake } from '../../../shared/screenpop/intake';
import { PopHistoryEntry, type PopRequest, type PopSource } from '../../../shared/screenpop/popContract';
import type { BlindIndexer } from './blindIndex';
import { encryptedJsonFile } from '../storage/encryptedFile';

/**
 * Every contact this desktop receives, in arrival order, and which of them reaches the screen.
 *
 * A flood (a dialler retrying, a queue dumping calls) must neither freeze the console nor lose a
 * contact: the first contact after a quiet spell pops at once; while pops keep coming within
 * `throttleMs` of the last one shown, only the newest is held and popped when the window ends.
 * The ones in between are marked superseded in the history, from which the agent can reopen them.
 * The history is kept encrypted in `<dataDir>/screen-pops.bin` (newest `maxHistory` entries).
 */
export interface ScreenPopQueue {
  /** Records a contact and pops it (throttled in a flood; `immediate` for the agent's own clicks). */
  receive(input: ContactInput, arrivedAt?: number, options?: { immediate?: boolean }): PopRequest;
  history(): PopHistoryEntry[];
  /** Pops a contact from the history again; null when it is not there. */
  reopen(popId: string): PopRequest | null;
  /** The renderer shows it: returns ms since the contact arrived (null if that is unknown, e.g. after a restart). */
  markRendered(popId: string): number | null;
  markLinked(popId: string, caseId: string, customerId: string | null): void;
  /** performance.now() in this process when the contact arrived (for measuring time to screen); undefined once forgotten. */
  arrivedAt(popId: string): number | undefined;
  /** Customers of recent contacts, newest first (for the working set). */
  recentCustomerIds(limit: number): string[];
  /** Waits for the history to be written. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface ContactInput {
  source: PopSource;
  channel: Channel;
  intake: ScreenPopIntake | null;
  customerId: string | null;
}

export interface ScreenPopQueueOptions {
  dataDir: string;
  key: Buffer;
  indexer: BlindIndexer;
  emit(request: PopRequest): void;
  now?: () => number;
  throttleMs?: number;
  maxHistory?: number;
  warn?: (message: string) => void;
  logError?: (message: string, error: unknown) => void;
}

export const DEFAULT_POP_THROTTLE_MS = 250;
export const DEFAULT_MAX_POP_HISTORY = 1000;
/** How long history changes wait to be written together. */
const SAVE_DELAY_MS = 200;

const HistoryFile = z.object({ entries: z.array(PopHistoryEntry) });

export async function openScreenPopQueue(options: ScreenPopQueueOptions): Promise<ScreenPopQueue> {
  const now = options.now ?? Date.now;
  const throttleMs = options.throttleMs ?? DEFAULT_POP_THROTTLE_MS;
  const maxHistory = options.maxHistory ?? DEFAULT_MAX_POP_HISTORY;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const file = encryptedJsonFile(join(options.dataDir, 'screen-pops.bin'), options.key, HistoryFile, warn);

  /** Oldest first; trimmed from the front. */
  const entries: PopHistoryEntry[] = (await file.read())?.entries ?? [];
  const byId = new Map(entries.map((entry) => [entry.popId, entry]));
  /** performance.now() at arrival, for the time-to-screen measure (memory only). */
  const arrivals = new Map<string, number>();
  let lastEmittedAt = Number.NEGATIVE_INFINITY;
  let held: PopHistoryEntry | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  let saving: Promise<void> | null = null;
  let dirty = false;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  function writeNow(): Promise<void> {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = null;
    saving ??= (async () => {
      while (dirty && !closed) {
        dirty = false;
        await file.write({ entries: entries.slice(-maxHistory) }).catch((error: unknown) => logError('could not save the screen-pop history', error));
      }
    })().finally(() => {
      saving = null;
    });
    return saving;
  }
  /**
   * Writes are coalesced for a moment: encrypting the history is CPU work on main's only thread,
   * and it must not land between a contact arriving and its pop reaching the screen.
   */
  function save(): void {
    dirty = true;
    saveTimer ??= setTimeout(() => void writeNow(), SAVE_DELAY_MS);
  }

  function requestOf(entry: PopHistoryEntry): PopRequest {
    const { superseded: _s, shownAt: _shown, shownAfterMs: _ms, linkedCustomerId: _k, ...request } = entry;
    return request;
  }

  function emitNow(entry: PopHistoryEntry): void {
    lastEmittedAt = performance.now();
    entry.superseded = false;
    options.emit(requestOf(entry));
  }

  function popNow(entry: PopHistoryEntry): void {
    if (held) held.superseded = true;
    held = null;
    if (timer) clearTimeout(timer);
    timer = null;
    emitNow(entry);
  }

  function schedule(entry: PopHistoryEntry): void {
    const sinceLast = performance.now() - lastEmittedAt;
    if (!timer && sinceLast >= throttleMs) {
      emitNow(entry);
      return;
    }
    // Inside the window: the newest waits, the one it replaces is superseded (but stays in history).
    if (held) held.superseded = true;
    held = entry;
    entry.superseded = true;
    timer ??= setTimeout(
      () => {
        timer = null;
        const next = held;
        held = null;
        if (next && !closed) {
          emitNow(next);
          save();
        }
      },
      Math.max(0, throttleMs - sinceLast),
    );
  }

  function record(entry: PopHistoryEntry, arrivedAt: number): void {
    entries.push(entry);
    byId.set(entry.popId, entry);
    arrivals.set(entry.popId, arrivedAt);
    while (entries.length > maxHistory) {
      const dropped = entries.shift();
      if (dropped) {
        byId.delete(dropped.popId);
        arrivals.delete(dropped.popId);
      }
    }
  }

  function digestsOf(intake: ScreenPopIntake | null): PopRequest['digests'] {
    return {
      ani: intake?.ani ? options.indexer.digest('phone', intake.ani) : null,
      accountNumber: intake?.accountNumber ? options.indexer.digest('account', intake.accountNumber) : null,
      email: intake?.email ? options.indexer.digest('email', intake.email) : null,
    };
  }

  return {
    receive(input, arrivedAt = performance.now(), receiveOptions = {}) {
      // A connector retrying the same contact gets the same pop, not a second one.
      const contactId = input.intake?.contactId;
      if (contactId) {
        const earlier = entries.find((entry) => entry.intake?.contactId === contactId && entry.channel === input.channel);
        if (earlier) return requestOf(earlier);
      }
      const entry: PopHistoryEntry = {
        popId: randomUUID(),
        source: input.source,
        channel: input.channel,
        intake: input.intake,
        customerId: input.customerId,
        receivedAt: new Date(now()).toISOString(),
        digests: digestsOf(input.intake),
        superseded: false,
        shownAt: null,
        shownAfterMs: null,
        linkedCaseId: null,
        linkedCustomerId: null,
      };
      record(entry, arrivedAt);
      if (receiveOptions.immediate) popNow(entry);
      else schedule(entry);
      save();
      return requestOf(entry);
    },

    history() {
      return entries.map((entry) => ({ ...entry })).reverse();
    },

    reopen(popId) {
      const entry = byId.get(popId);
      if (!entry) return null;
      const again: PopHistoryEntry = { ...entry, popId: randomUUID(), source: 'history', receivedAt: new Date(now()).toISOString(), superseded: false, shownAt: null, shownAfterMs: null };
      // Reopening is the agent's own click: it pops now, whatever else is waiting.
      record(again, performance.now());
      popNow(again);
      save();
      return requestOf(again);
    },

    markRendered(popId) {
      const entry = byId.get(popId);
      if (!entry) return null;
      const arrivedAt = arrivals.get(popId);
      const elapsed = arrivedAt === undefined ? null : performance.now() - arrivedAt;
      if (!entry.shownAt) {
        entry.shownAt = new Date(now()).toISOString();
        entry.shownAfterMs = elapsed;
        save();
      }
      return elapsed;
    },

    markLinked(popId, caseId, customerId) {
      const entry = byId.get(popId);
      if (!entry) return;
      entry.linkedCaseId = caseId;
      entry.linkedCustomerId = customerId;
      save();
    },

    arrivedAt: (popId) => arrivals.get(popId),

    recentCustomerIds(limit) {
      const ids: string[] = [];
      for (let i = entries.length - 1; i >= 0 && ids.length < limit; i -= 1) {
        const entry = entries[i];
        const id = entry?.linkedCustomerId ?? entry?.customerId;
        if (id && !ids.includes(id)) ids.push(id);
      }
      return ids;
    },

    async flush() {
      if (dirty) await writeNow();
      while (saving) await saving;
    },

    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (dirty) await writeNow();
      while (saving) await saving;
      closed = true;
    },
  };
}
