import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Agent } from '../../../shared/domain/agent';
import type { ScreenPopIdentifiers } from '../../../shared/screenpop/intake';
import type { IdentifierHits } from '../../../shared/screenpop/matching';
import type { PopCustomer } from '../../../shared/screenpop/popCustomer';
import { MAX_POP_CUSTOMER_IDS, ServicePopCustomer } from '../../../shared/screenpop/popProtocol';
import { HeldDigestKey, type BlindIndexer } from './blindIndex';
import { encryptedJsonFile } from '../storage/encryptedFile';
import type { ScreenPopClient } from './screenPopClient';

/**
 * The customers this desktop keeps so a pop works with the case service down: the customers of
 * the agent's team's open cases, of recent contacts, everyone looked up lately, and for branch
 * staff the branch's customers. Held in memory, saved encrypted in `<dataDir>/cache/working-set.bin`,
 * refreshed from the service on sign-in and every `refreshIntervalMs` while signed in.
 */
export interface WorkingSet {
  customers(): PopCustomer[];
  get(ids: readonly string[]): PopCustomer[];
  readonly refreshedAt: string | null;
  /** Starts a refresh in the background if the last one is older than the interval. */
  refreshIfStale(): void;
  refresh(): Promise<void>;
  /**
   * Customers found outside the set join it (a lookup's answer is cached); returns them. `keyId`
   * is the digest key the answer was made with: a new one means the service rotated it, so the
   * key is fetched and the whole set re-indexed.
   */
  remember(found: readonly ServicePopCustomer[], keyId: string): Promise<PopCustomer[]>;
  /** Which customers in the set each identifier matches, through the blind indexes. */
  find(identifiers: ScreenPopIdentifiers): IdentifierHits;
  close(): Promise<void>;
}

export interface WorkingSetOptions {
  dataDir: string;
  key: Buffer;
  indexer: BlindIndexer;
  client: ScreenPopClient;
  session(): { token: string; agent: Agent } | null;
  /** Customers of open cases owned by the agent's team (from the journal). */
  teamCustomerIds(agent: Agent): Promise<string[]>;
  recentCustomerIds(): string[];
  onChange(change: { refreshedAt: string; size: number }): void;
  now?: () => number;
  refreshIntervalMs?: number;
  /** How long a looked-up customer stays without being used again. */
  keepLookedUpMs?: number;
  warn?: (message: string) => void;
  logError?: (message: string, error: unknown) => void;
}

/** keyId: the digest key the customer's digests were made with; an entry under an older key is not indexed. */
const Entry = z.object({ customer: ServicePopCustomer, keyId: z.uuid(), fetchedAt: z.iso.datetime(), lookedUpAt: z.iso.datetime().nullable() });
type Entry = z.infer<typeof Entry>;
const SavedSet = z.object({ refreshedAt: z.iso.datetime().nullable(), agentId: z.string().nullable(), digestKey: HeldDigestKey.nullable(), entries: z.array(Entry) });

export const DEFAULT_WORKING_SET_REFRESH_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

export async function openWorkingSet(options: WorkingSetOptions): Promise<WorkingSet> {
  const now = options.now ?? Date.now;
  const refreshIntervalMs = options.refreshIntervalMs ?? DEFAULT_WORKING_SET_REFRESH_MS;
  const keepLookedUpMs = options.keepLookedUpMs ?? 7 * DAY_MS;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  // Its own folder, made here: it must not depend on another cache having been opened first.
  await mkdir(join(options.dataDir, 'cache'), { recursive: true, mode: 0o700 });
  const file = encryptedJsonFile(join(options.dataDir, 'cache', 'working-set.bin'), options.key, SavedSet, warn);

  const saved = await file.read();
  let agentId = saved?.agentId ?? null;
  let refreshedAt = saved?.refreshedAt ?? null;
  const entries = new Map<string, Entry>((saved?.entries ?? []).map((entry) => [entry.customer.detail.customer.id, entry]));
  // The key the saved digests were made with: offline after a restart, pops still find them.
  if (saved?.digestKey && options.indexer.keyId === null) options.indexer.use(saved.digestKey);
  const popCustomers = new Map<string, PopCustomer>();
  const byPhone = new Map<string, Set<string>>();
  const byEmail = new Map<string, Set<string>>();
  const byAccount = new Map<string, Set<string>>();

  function reindex(): void {
    popCustomers.clear();
    byPhone.clear();
    byEmail.clear();
    byAccount.clear();
    for (const [id, entry] of entries) index(id, entry);
  }

  function index(id: string, entry: Entry): void {
    const pop = entry.customer;
    popCustomers.set(id, pop);
    // Digests under a key no longer held would never match what a caller keys in now.
    if (entry.keyId !== options.indexer.keyId) return;
    addTo(byPhone, pop.digests.phone, id);
    addTo(byEmail, pop.digests.email, id);
    for (const digest of Object.values(pop.digests.accounts)) addTo(byAccount, digest, id);
  }

  /** One customer's keys out of the indexes (their phone, e-mail or accounts may have changed). */
  function unindex(id: string): void {
    const pop = popCustomers.get(id);
    if (!pop) return;
    popCustomers.delete(id);
    removeFrom(byPhone, pop.digests.phone, id);
    removeFrom(byEmail, pop.digests.email, id);
    for (const digest of Object.values(pop.digests.accounts)) removeFrom(byAccount, digest, id);
  }

  let saving: Promise<void> = Promise.resolve();
  function save(): Promise<void> {
    const snapshot = { refreshedAt, agentId, digestKey: options.indexer.current, entries: [...entries.values()] };
    saving = saving.then(() => file.write(snapshot)).catch((error: unknown) => logError('could not save the working set', error));
    return saving;
  }

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  function saveSoon(): void {
    saveTimer ??= setTimeout(() => {
      saveTimer = null;
      void save();
    }, 1000);
  }

  /** Another agent signed in at this desk: their working set (and its key) is not this one's. */
  function followAgent(id: string): void {
    if (agentId === id) return;
    entries.clear();
    options.indexer.use(null);
    reindex();
    agentId = id;
  }

  let refreshing: Promise<void> | null = null;
  let closed = false;

  /** Takes the session's current key from the service; true when it is a different one. */
  async function adoptServiceKey(token: string): Promise<boolean> {
    const issued = await options.client.digestKey(token);
    if (issued.keyId === options.indexer.keyId) return false;
    options.indexer.use(issued);
    return true;
  }

  /** Every page under one key: a rotation part-way through starts the fetch again, once. */
  async function fetchAll(token: string, ids: readonly string[]): Promise<{ keyId: string; customers: ServicePopCustomer[] }> {
    for (let attempt = 0; ; attempt += 1) {
      const found: ServicePopCustomer[] = [];
      let rotated = false;
      for (let start = 0; start < ids.length && !rotated; start += MAX_POP_CUSTOMER_IDS) {
        const page = await options.client.customers(token, ids.slice(start, start + MAX_POP_CUSTOMER_IDS));
        if (page.keyId !== options.indexer.keyId) rotated = true;
        else found.push(...page.customers);
      }
      if (!rotated) return { keyId: options.indexer.keyId ?? '', customers: found };
      if (!(await adoptServiceKey(token)) || attempt >= 1) throw new Error('the case service changed the digest key while the working set was being fetched');
    }
  }

  async function refreshNow(): Promise<void> {
    const current = options.session();
    if (!current) return;
    const { token, agent } = current;
    followAgent(agent.id);
    await adoptServiceKey(token);
    const wanted = new Set<string>([...(await options.teamCustomerIds(agent)), ...options.recentCustomerIds()]);
    if (agent.branchId) {
      const { customerIds } = await options.client.branchCustomerIds(token, agent.branchId);
      for (const id of customerIds) wanted.add(id);
    }
    const nowMs = now();
    for (const [id, entry] of entries) {
      if (entry.lookedUpAt && nowMs - Date.parse(entry.lookedUpAt) < keepLookedUpMs) wanted.add(id);
    }
    const { keyId, customers: fetched } = wanted.size > 0 ? await fetchAll(token, [...wanted]) : { keyId: options.indexer.keyId ?? '', customers: [] };
    if (closed) return;
    const fetchedAt = new Date(nowMs).toISOString();
    const previous = new Map(entries);
    entries.clear();
    for (const customer of fetched) {
      const id = customer.detail.customer.id;
      entries.set(id, { customer, keyId, fetchedAt, lookedUpAt: previous.get(id)?.lookedUpAt ?? null });
    }
    // A look-up answered while this refresh was in flight is newer than what it fetched: kept.
    for (const [id, entry] of previous) {
      if (!entries.has(id) && entry.lookedUpAt && Date.parse(entry.lookedUpAt) >= nowMs) entries.set(id, entry);
    }
    refreshedAt = fetchedAt;
    reindex();
    await save();
    options.onChange({ refreshedAt, size: entries.size });
  }

  function refresh(): Promise<void> {
    refreshing ??= refreshNow().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  reindex();
  const timer = setInterval(() => {
    if (options.session()) void refresh().catch((error: unknown) => warn(`The working set could not be refreshed: ${describe(error)}`));
  }, refreshIntervalMs);
  timer.unref?.();

  return {
    customers: () => [...popCustomers.values()],
    get: (ids) => ids.flatMap((id) => {
      const found = popCustomers.get(id);
      return found ? [found] : [];
    }),
    get refreshedAt() {
      return refreshedAt;
    },
    refreshIfStale() {
      const current = options.session();
      if (!current) return;
      const stale = agentId !== current.agent.id || refreshedAt === null || now() - Date.parse(refreshedAt) >= refreshIntervalMs;
      if (stale) void refresh().catch((error: unknown) => warn(`The working set could not be refreshed: ${describe(error)}`));
    },
    refresh,
    async remember(found, keyId) {
      const at = new Date(now()).toISOString();
      const current = options.session();
      if (current) followAgent(current.agent.id);
      if (keyId !== options.indexer.keyId) {
        // The service rotated the key (or this desktop has none yet): take it, and re-fetch the set under it.
        if (current) await adoptServiceKey(current.token).catch((error: unknown) => warn(`The digest key could not be fetched: ${describe(error)}`));
        void refresh().catch((error: unknown) => warn(`The working set could not be refreshed: ${describe(error)}`));
      }
      // Only the answer is (re)indexed: keyed hashes of the whole set would put milliseconds on this pop.
      for (const customer of found) {
        const id = customer.detail.customer.id;
        const entry = { customer, keyId, fetchedAt: at, lookedUpAt: at };
        unindex(id);
        entries.set(id, entry);
        index(id, entry);
      }
      // Held in memory at once; written a moment later, so neither this pop nor the next waits for the encryption.
      saveSoon();
      return [...found];
    },
    find(identifiers) {
      const hits: IdentifierHits = {};
      if (identifiers.ani) hits.ani = lookup(byPhone, options.indexer.digest('phone', identifiers.ani));
      if (identifiers.email) hits.email = lookup(byEmail, options.indexer.digest('email', identifiers.email));
      if (identifiers.accountNumber) hits.accountNumber = lookup(byAccount, options.indexer.digest('account', identifiers.accountNumber));
      return hits;
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await refreshing?.catch(() => undefined);
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        await save();
      }
      await saving;
    },
  };
}

function addTo(index: Map<string, Set<string>>, digest: string, id: string): void {
  let ids = index.get(digest);
  if (!ids) index.set(digest, (ids = new Set()));
  ids.add(id);
}

function removeFrom(index: Map<string, Set<string>>, digest: string, id: string): void {
  const ids = index.get(digest);
  ids?.delete(id);
  if (ids?.size === 0) index.delete(digest);
}

function lookup(index: Map<string, Set<string>>, digest: string | null): string[] {
  return digest ? [...(index.get(digest) ?? [])] : [];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
