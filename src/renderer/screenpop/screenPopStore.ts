import { createStore } from 'zustand/vanilla';
import type { Agent } from '../../shared/domain/agent';
import type { CaseEventDraft } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { ConsoleBridge, IpcResponse, IpcResult } from '../../shared/ipc/contract';
import { newDesktopCaseId, placeContact, subjectForNewContactCase } from '../../shared/screenpop/contactLinking';
import { describeIntakeIdentifiers } from '../../shared/screenpop/intake';
import { matchCustomers, type IdentifierHits, type MatchOutcome } from '../../shared/screenpop/matching';
import type { PopHistoryEntry, PopRequest } from '../../shared/screenpop/popContract';
import { toCustomerRecord } from '../data/customers';
import type { CustomerRecord, ReadModelDb } from '../data/db';
import type { PopCustomer } from '../../shared/screenpop/popCustomer';
import { completeSnapshot, customerPartOf, loadPopSnapshot, readLocalPop, snapshotOf, type PopSnapshot } from './popLookup';
import { storePopCustomers } from './popStorage';
import { markPop } from './popTiming';

export type PopPhase = 'looking_up' | 'ready' | 'choosing' | 'unknown' | 'failed';

/** One contact on screen. */
export interface PopSession {
  request: PopRequest;
  phase: PopPhase;
  customerId: string | null;
  /** For a shared line: who it could be. */
  candidates: CustomerRecord[];
  /** What the first paint shows; the view keeps it live from there. */
  snapshot: PopSnapshot | null;
  /** The case this contact is recorded on, once placed. */
  caseId: string | null;
  /** Where the customer was found: this desktop's read model, main's working set or the case service. */
  foundIn: 'local' | 'working_set' | 'service' | 'agent' | null;
  /** Something the agent should know (service unreachable, contact not recorded). */
  problem: string | null;
}

export interface ScreenPopState {
  current: PopSession | null;
  /** The pop is on screen (the agent can close it and go back to what they were doing). */
  visible: boolean;
  search: { open: boolean; purpose: 'pop' | 'link_unknown' };
  history: PopHistoryEntry[];
  /** A contact from main: look it up, show it, record it on a case. */
  receive(request: PopRequest): Promise<void>;
  /** The agent picked the customer on a shared line. */
  choose(customerId: string): Promise<void>;
  /** An unknown caller's case belongs to this customer after all. */
  linkUnknownTo(customerId: string): Promise<void>;
  /** The pop is on screen: tell main (it times the pop) and record the contact. */
  rendered(popId: string): void;
  close(): void;
  show(): void;
  openSearch(purpose?: 'pop' | 'link_unknown'): void;
  closeSearch(): void;
  loadHistory(): Promise<void>;
}

export interface ScreenPopDeps {
  bridge: ConsoleBridge;
  db: ReadModelDb;
  /** Records an agent action through main and into the read model (ReadModelSync.append). */
  append(draft: CaseEventDraft): Promise<IpcResult<IpcResponse<'events.append'>>>;
  agent(): Agent | null;
  now?: () => number;
  random?: () => number;
  uuid?: () => string;
}

export type ScreenPopStore = ReturnType<typeof createScreenPopStore>;

/** How long a lookup may take before the screen says it is looking (a fast pop shows no flicker). */
const LOOKING_UP_AFTER_MS = 120;
/** How long the first paint waits for open cases and contact history before showing them as they arrive. */
const CASE_HISTORY_BUDGET_MS = 25;

export function createScreenPopStore(deps: ScreenPopDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const uuid = deps.uuid ?? (() => crypto.randomUUID());
  const acknowledged = new Set<string>();
  const placing = new Set<string>();
  /** The newest contact received: it wins the screen even if an older lookup finishes later. */
  let latestPopId: string | null = null;
  /** Look-up answers being written to the read model (see keepForOffline). */
  let caching: Promise<void> = Promise.resolve();
  /** A write that failed before its pop reached the screen: said once it does. */
  const lateProblems = new Map<string, string>();

  return createStore<ScreenPopState>()((set, get) => {
    /** Applies a change only if this pop is still the one on screen (the newest contact wins). */
    function update(popId: string, change: Partial<PopSession>): boolean {
      const current = get().current;
      if (!current || current.request.popId !== popId) return false;
      set({ current: { ...current, ...change } });
      return true;
    }

    type Found = Pick<PopSession, 'phase' | 'customerId' | 'snapshot' | 'candidates' | 'foundIn' | 'problem'>;

    const ready = (customerId: string, snapshot: PopSnapshot, foundIn: PopSession['foundIn'] = null): Found => ({ phase: 'ready', customerId, snapshot, candidates: [], foundIn, problem: null });

    /** Everything the first paint needs, in as few round trips as possible (readLocalPop for a local hit). */
    async function resolveAndLoad(request: PopRequest): Promise<Found> {
      const nobody: Found = { phase: 'unknown', customerId: null, snapshot: null, candidates: [], foundIn: null, problem: null };
      if (request.customerId) return { ...(await customerFound(request.customerId)), foundIn: 'agent' };
      const local = await readLocalPop(deps.db, request);
      const [record] = local.records;
      const localSnapshot = local.outcome.kind === 'single' && record && local.caseHistory ? await completeSnapshot(customerPartOf(record), local.caseHistory, CASE_HISTORY_BUDGET_MS) : null;
      const candidates = local.outcome.kind === 'several' ? local.records : [];
      if (local.outcome.kind === 'single' && localSnapshot) return ready(local.outcome.customerId, localSnapshot, 'local');
      if (local.outcome.kind === 'several' && candidates.length === local.outcome.customerIds.length) return { ...nobody, phase: 'choosing', candidates, foundIn: 'local' };
      if (!request.intake) return nobody;
      // Not (all) here: main's working set, else the case service.
      const { ani, accountNumber, caseId, email } = request.intake;
      const identifiers = { ...(ani ? { ani } : {}), ...(accountNumber ? { accountNumber } : {}), ...(caseId ? { caseId } : {}), ...(email ? { email } : {}) };
      const result = await deps.bridge.invoke('screenpop.lookup', { identifiers });
      let outcome: MatchOutcome = local.outcome;
      let foundIn: PopSession['foundIn'] = local.outcome.kind === 'none' ? null : 'local';
      let problem: string | null = null;
      const answered = new Map<string, CustomerRecord>();
      if (result.ok) {
        const customers = [...result.value.customers, ...result.value.alsoKept];
        // Shown from the answer in hand; kept for offline pops meanwhile (a write costs more than the read).
        for (const customer of customers) answered.set(customer.detail.customer.id, toCustomerRecord(customer.detail, new Date(now())));
        keepForOffline(request.popId, customers);
        const merged: IdentifierHits = { ...local.hits, ...result.value.hits };
        outcome = matchCustomers(merged);
        foundIn = result.value.source;
      } else {
        problem = `Only this desktop's customers were searched: ${result.error.message}`;
      }
      if (outcome.kind === 'single') {
        const record = answered.get(outcome.customerId);
        const customer = record ? ready(record.id, await snapshotOf(deps.db, record, CASE_HISTORY_BUDGET_MS)) : await customerFound(outcome.customerId);
        return { ...customer, foundIn, problem: customer.problem ?? problem };
      }
      if (outcome.kind === 'several') {
        const missing = outcome.customerIds.filter((id) => !answered.has(id));
        for (const record of missing.length > 0 ? held(await deps.db.customers.bulkGet(missing)) : []) answered.set(record.id, record);
        return { ...nobody, phase: 'choosing', candidates: held(outcome.customerIds.map((id) => answered.get(id))), foundIn, problem };
      }
      return { ...nobody, foundIn, problem };
    }

    /**
     * Writes a look-up's customers to the read model in the background. Whoever reads them back
     * by id (the chooser, a search) waits for it first; a failure is said on the pop.
     */
    function keepForOffline(popId: string, customers: readonly PopCustomer[]): void {
      const write = storePopCustomers(deps.db, customers).then(
        () => undefined,
        (error: unknown) => {
          const problem = `This customer is shown but could not be kept on this desktop for offline pops: ${error instanceof Error ? error.message : String(error)}`;
          if (!update(popId, { problem })) lateProblems.set(popId, problem);
        },
      );
      caching = caching.then(() => write);
    }

    async function customerFound(customerId: string): Promise<Found> {
      await caching;
      const snapshot = await loadPopSnapshot(deps.db, customerId, CASE_HISTORY_BUDGET_MS);
      if (!snapshot) return { phase: 'failed', customerId: null, snapshot: null, candidates: [], foundIn: null, problem: `Customer ${customerId} could not be loaded on this desktop.` };
      return ready(customerId, snapshot);
    }

    async function showCustomer(popId: string, customerId: string): Promise<void> {
      await caching;
      const snapshot = await loadPopSnapshot(deps.db, customerId);
      if (!snapshot) {
        update(popId, { phase: 'failed', problem: `Customer ${customerId} could not be loaded on this desktop.` });
        return;
      }
      update(popId, { phase: 'ready', customerId, snapshot, candidates: [] });
    }

    /** Records the contact: on the open case of its type, or on a new case (src/shared/screenpop/contactLinking.ts). */
    async function place(session: PopSession): Promise<void> {
      const { request } = session;
      const agent = deps.agent();
      if (!agent || placing.has(request.popId) || session.caseId) return;
      placing.add(request.popId);
      try {
        if (request.linkedCaseId) {
          // A contact reopened from the history was recorded already.
          update(request.popId, { caseId: request.linkedCaseId });
          return;
        }
        const customerId = session.customerId;
        const namedCaseId = request.intake?.caseId?.toUpperCase();
        const cases: CaseState[] = customerId
          ? await deps.db.cases.where('customerId').equals(customerId).toArray()
          : namedCaseId
            ? ((await deps.db.cases.get(namedCaseId)) ? [(await deps.db.cases.get(namedCaseId)) as CaseState] : [])
            : [];
        const placement = placeContact({ customerId, namedCaseId, cases });
        let caseId: string;
        if (placement.kind === 'link') {
          caseId = placement.caseId;
        } else {
          caseId = newDesktopCaseId(now(), random);
          const created = await deps.append({
            id: uuid(),
            caseId,
            type: 'case.created',
            payload: {
              customerId,
              caseType: placement.caseType,
              severity: placement.severity,
              channel: request.channel,
              subject: subjectForNewContactCase(placement.caseType, request.channel, customerId !== null),
              ownerId: agent.id,
            },
          });
          if (!created.ok) throw new Error(created.error.message);
        }
        const linked = await deps.append({
          id: uuid(),
          caseId,
          type: 'contact.linked',
          payload: {
            contactId: request.intake?.contactId ?? `pop-${request.popId}`,
            channel: request.channel,
            direction: 'inbound',
            summary: request.intake ? `Screen pop: ${describeIntakeIdentifiers(request.intake)}` : 'Opened by the agent from search',
          },
        });
        if (!linked.ok) throw new Error(linked.error.message);
        update(request.popId, { caseId });
        await deps.bridge.invoke('screenpop.linked', { popId: request.popId, caseId, customerId });
      } catch (error) {
        update(request.popId, { problem: `This contact was not recorded on a case: ${error instanceof Error ? error.message : String(error)}` });
      } finally {
        placing.delete(request.popId);
      }
    }

    return {
      current: null,
      visible: false,
      search: { open: false, purpose: 'pop' },
      history: [],

      async receive(request) {
        const popId = request.popId;
        latestPopId = popId;
        const base: PopSession = { request, phase: 'looking_up', customerId: null, candidates: [], snapshot: null, caseId: null, foundIn: null, problem: null };
        // The screen keeps what it shows until the new contact is ready; only a slow lookup says it is looking.
        const slow = setTimeout(() => {
          if (latestPopId === popId && get().current?.request.popId !== popId) set({ current: base, visible: true, search: { ...get().search, open: false } });
        }, LOOKING_UP_AFTER_MS);
        let found: Found;
        try {
          found = await resolveAndLoad(request);
        } catch (error) {
          found = { phase: 'failed', customerId: null, snapshot: null, candidates: [], foundIn: null, problem: `The contact could not be looked up: ${error instanceof Error ? error.message : String(error)}` };
        } finally {
          clearTimeout(slow);
        }
        if (latestPopId !== popId) return;
        markPop('resolved', popId);
        const lateProblem = lateProblems.get(popId) ?? null;
        lateProblems.delete(popId);
        set({ current: { ...base, ...found, problem: found.problem ?? lateProblem }, visible: true, search: { ...get().search, open: false } });
      },

      async choose(customerId) {
        const current = get().current;
        if (!current || current.phase !== 'choosing') return;
        await showCustomer(current.request.popId, customerId);
        const next = get().current;
        if (next && next.request.popId === current.request.popId && next.phase === 'ready') await place(next);
      },

      async linkUnknownTo(customerId) {
        const current = get().current;
        if (!current || current.phase !== 'unknown' || !current.caseId) return;
        const result = await deps.append({ id: uuid(), caseId: current.caseId, type: 'customer.linked', payload: { customerId } });
        if (!result.ok) {
          update(current.request.popId, { problem: `The case was not linked to the customer: ${result.error.message}` });
          return;
        }
        await deps.bridge.invoke('screenpop.linked', { popId: current.request.popId, caseId: current.caseId, customerId });
        await showCustomer(current.request.popId, customerId);
      },

      rendered(popId) {
        const current = get().current;
        if (!current || current.request.popId !== popId || current.phase === 'looking_up' || acknowledged.has(popId)) return;
        acknowledged.add(popId);
        const match = current.phase === 'ready' ? 'single' : current.phase === 'choosing' ? 'several' : 'none';
        void deps.bridge.invoke('screenpop.rendered', { popId, match });
        // A shared line waits for the agent's choice; everyone else is recorded now.
        if (current.phase === 'ready' || current.phase === 'unknown') void place(current);
      },

      close: () => set({ visible: false }),
      show: () => set({ visible: get().current !== null }),
      openSearch: (purpose = 'pop') => set({ search: { open: true, purpose } }),
      closeSearch: () => set({ search: { ...get().search, open: false } }),

      async loadHistory() {
        const result = await deps.bridge.invoke('screenpop.history', {});
        if (result.ok) set({ history: result.value.entries });
      },
    };
  });
}

function held(records: readonly (CustomerRecord | undefined)[]): CustomerRecord[] {
  return records.filter((record): record is CustomerRecord => record !== undefined);
}
