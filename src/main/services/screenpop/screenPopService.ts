import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hasPermission } from '../../../shared/policy/rolesConfig';
import type { Agent } from '../../../shared/domain/agent';
import type { CaseEventDraft } from '../../../shared/domain/caseEvent';
import type { CaseState } from '../../../shared/domain/caseState';
import { OPEN_STATUSES } from '../../../shared/domain/enums';
import type { IpcEventName, IpcEventPayload } from '../../../shared/ipc/contract';
import type { ScreenPopIdentifiers, ScreenPopIntake } from '../../../shared/screenpop/intake';
import { matchCustomers, type IdentifierHits } from '../../../shared/screenpop/matching';
import type { PopCustomer } from '../../../shared/screenpop/popCustomer';
import type { screenPopChannels } from '../../../shared/screenpop/popContract';
import type { PopLookupResponse } from '../../../shared/screenpop/popProtocol';
import { createBlindIndexer, searchDigests } from './blindIndex';
import { CaseServiceError } from '../caseService/caseServiceClient';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlers } from '../ipc/ipcHandlers';
import type { Journal } from '../storage/journal';
import { journalCaseState } from '../storage/journalCaseEvents';
import { createScreenPopClient } from './screenPopClient';
import { openScreenPopQueue, type ScreenPopQueue } from './screenPopQueue';
import { openWorkingSet, type WorkingSet } from './workingSet';

type ScreenPopChannel = keyof typeof screenPopChannels;
export type ScreenPopHandlers = Pick<IpcHandlers, ScreenPopChannel>;

export interface ScreenPopServiceDeps {
  dataDir: string;
  dataKey: Buffer;
  serviceUrl: string;
  fetch?: typeof fetch;
  requestTimeoutMs?: number;
  journal: Journal;
  now: () => number;
  session(): { token: string; agent: Agent } | null;
  requireSession(): { token: string; agent: Agent };
  /** Maps a failed service call to what the agent sees (and ends the session on a 401). */
  serviceFailure(error: unknown, action: string): Promise<IpcError>;
  isOfflineFailure(error: unknown): boolean;
  /** Records an event the way `events.append` does (validated, journaled, fsynced). */
  appendEvent(draft: CaseEventDraft): Promise<unknown>;
  loadAgents(): Promise<Agent[]>;
  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void;
  throttleMs?: number;
  workingSetRefreshMs?: number;
  warn: (message: string) => void;
  logError: (message: string, error: unknown) => void;
}

export interface ScreenPopService {
  readonly handlers: ScreenPopHandlers;
  /**
   * A contact from the CTI endpoint or an agentconsole:// link; `arrivedAt` is performance.now() at
   * arrival. Refused while nobody is signed in: a contact held until the next sign-in would pop
   * minutes or hours late, for whoever signs in next.
   */
  receive(intake: ScreenPopIntake, source: 'cti' | 'link', arrivedAt?: number): { popId: string } | { refused: { code: 'no_agent'; message: string } };
  readonly queue: ScreenPopQueue;
  readonly workingSet: WorkingSet;
  /** This install's blind-index digest of an identifier (for tools that prepare a read model, e.g. the benchmark). */
  digest(kind: 'phone' | 'account' | 'email', value: string): string | null;
  close(): Promise<void>;
}

export const NO_AGENT_SIGNED_IN = 'No agent is signed in on this console to take the contact.';

/** How many customers one workingSet.get page carries: keeps every IPC frame well under a megabyte. */
export const WORKING_SET_PAGE = 100;

export async function createScreenPopService(deps: ScreenPopServiceDeps): Promise<ScreenPopService> {
  // Empty until the service issues this session's key (the working set fetches it, or restores the saved one).
  const indexer = createBlindIndexer();
  const client = createScreenPopClient({ baseUrl: deps.serviceUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.requestTimeoutMs ? { timeoutMs: deps.requestTimeoutMs } : {}) });
  const queue = await openScreenPopQueue({
    dataDir: deps.dataDir,
    key: deps.dataKey,
    indexer,
    emit: (request) => deps.emit('screenpop.requested', request),
    now: deps.now,
    ...(deps.throttleMs !== undefined ? { throttleMs: deps.throttleMs } : {}),
    warn: deps.warn,
    logError: deps.logError,
  });

  function caseState(caseId: string): CaseState | null {
    return journalCaseState(deps.journal, caseId);
  }

  async function teamCustomerIds(agent: Agent): Promise<string[]> {
    const agents = await deps.loadAgents().catch(() => [] as Agent[]);
    const team = new Set([agent.id, ...agents.filter((other) => other.teamId === agent.teamId).map((other) => other.id)]);
    const caseIds = deps.journal.caseIds();
    const customers = new Set<string>();
    for (const caseId of caseIds) {
      const state = caseState(caseId);
      if (state?.customerId && OPEN_STATUSES.includes(state.status) && state.ownerId !== null && team.has(state.ownerId)) customers.add(state.customerId);
    }
    return [...customers];
  }

  const workingSet = await openWorkingSet({
    dataDir: deps.dataDir,
    key: deps.dataKey,
    indexer,
    client,
    session: deps.session,
    teamCustomerIds,
    recentCustomerIds: () => queue.recentCustomerIds(50),
    onChange: (change) => deps.emit('workingSet.changed', change),
    now: deps.now,
    ...(deps.workingSetRefreshMs ? { refreshIntervalMs: deps.workingSetRefreshMs } : {}),
    warn: deps.warn,
    logError: deps.logError,
  });

  function localHits(identifiers: ScreenPopIdentifiers): IdentifierHits {
    const hits = workingSet.find(identifiers);
    if (identifiers.caseId) {
      const owner = caseState(identifiers.caseId.toUpperCase())?.customerId ?? caseState(identifiers.caseId)?.customerId;
      hits.caseId = owner ? [owner] : [];
    }
    return hits;
  }

  /** The service's answer joins the working set, with everyone sharing a line with it. */
  async function rememberAnswer(found: PopLookupResponse): Promise<{ customers: PopCustomer[]; alsoKept: PopCustomer[] }> {
    const kept = await workingSet.remember([...found.customers, ...found.sharedHolders], found.keyId);
    return { customers: kept.slice(0, found.customers.length), alsoKept: kept.slice(found.customers.length) };
  }

  const handlers: ScreenPopHandlers = {
    'screenpop.history': async () => {
      deps.requireSession();
      return { entries: queue.history() };
    },

    'screenpop.manual': async ({ channel, customerId }) => {
      deps.requireSession();
      const request = queue.receive({ source: 'manual', channel, intake: null, customerId }, performance.now(), { immediate: true });
      return { popId: request.popId };
    },

    'screenpop.reopen': async ({ popId }) => {
      deps.requireSession();
      const request = queue.reopen(popId);
      if (!request) throw new IpcError('not_found', 'That contact is no longer in the history.');
      return { popId: request.popId };
    },

    'screenpop.rendered': async ({ popId }) => ({ elapsedMs: queue.markRendered(popId) }),

    'screenpop.linked': async ({ popId, caseId, customerId }) => {
      deps.requireSession();
      queue.markLinked(popId, caseId, customerId);
      return { ok: true };
    },

    'screenpop.lookup': async (request) => {
      const { token } = deps.requireSession();
      if (request.identifiers) {
        const hits = localHits(request.identifiers);
        const outcome = matchCustomers(hits);
        const ids = outcome.kind === 'single' ? [outcome.customerId] : outcome.kind === 'several' ? outcome.customerIds : [];
        const held = workingSet.get(ids);
        if (outcome.kind !== 'none' && held.length === ids.length) return { customers: held, hits: definedHits(hits), source: 'working_set' as const, alsoKept: [], more: false };
        try {
          const found = await client.lookup(token, { identifiers: request.identifiers, ...served(request) });
          return { ...(await rememberAnswer(found)), hits: found.hits, source: 'service' as const, more: false };
        } catch (error) {
          if (deps.isOfflineFailure(error)) return { customers: held, hits: definedHits(hits), source: 'working_set' as const, alsoKept: [], more: false };
          throw await deps.serviceFailure(error, 'look up the contact');
        }
      }
      try {
        const found = await client.lookup(token, { query: request.query ?? '', ...served(request) });
        return { ...(await rememberAnswer(found)), hits: {}, source: 'service' as const, more: found.more };
      } catch (error) {
        throw await deps.serviceFailure(error, 'search customers');
      }
    },

    'lookup.digests': async ({ query }) => {
      deps.requireSession();
      return searchDigests(indexer, query);
    },

    'workingSet.get': async ({ offset }) => {
      deps.requireSession();
      workingSet.refreshIfStale();
      const all = workingSet.customers();
      const end = Math.min(all.length, offset + WORKING_SET_PAGE);
      return { customers: all.slice(offset, end), total: all.length, nextOffset: end < all.length ? end : null, refreshedAt: workingSet.refreshedAt };
    },

    'sensitive.reveal': async ({ caseId, customerId, field, targetId, reason }) => {
      const { token, agent } = deps.requireSession();
      if (!hasPermission(agent.role, 'reveal_sensitive')) {
        throw new IpcError('not_permitted', 'Your role cannot reveal masked values. Ask a specialist or a supervisor.');
      }
      let value: string;
      try {
        ({ value } = await client.reveal(token, customerId, { field, targetId, reason, caseId }));
      } catch (error) {
        if (error instanceof CaseServiceError && error.status === 403) throw new IpcError('not_permitted', error.message, error.hint);
        throw await deps.serviceFailure(error, 'reveal the value');
      }
      // The case records the reveal before anyone sees the value; if that fails, the value stays hidden.
      await deps.appendEvent({ id: randomUUID(), caseId, type: 'sensitive.revealed', payload: { field, targetId, reason } });
      return { value };
    },
  };

  return {
    handlers,
    queue,
    workingSet,
    digest: (kind, value) => indexer.digest(kind, value),
    receive: (intake, source, arrivedAt) => {
      if (!deps.session()) return { refused: { code: 'no_agent', message: NO_AGENT_SIGNED_IN } };
      return { popId: queue.receive({ source, channel: intake.channel, intake, customerId: null }, arrivedAt).popId };
    },
    async close() {
      await workingSet.close();
      await queue.close();
    },
  };
}

/** The contact or case a look-up serves, passed on for the service's access audit. */
function served(request: { caseId?: string | undefined; contactId?: string | undefined }): { caseId?: string; contactId?: string } {
  return { ...(request.caseId ? { caseId: request.caseId } : {}), ...(request.contactId ? { contactId: request.contactId } : {}) };
}

function definedHits(hits: IdentifierHits): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, ids] of Object.entries(hits)) if (ids) result[name] = [...ids];
  return result;
}
