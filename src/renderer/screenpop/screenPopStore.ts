import { createStore } from 'zustand/vanilla';
import type { Agent } from '../../shared/domain/agent';
import type { CaseEventDraft } from '../../shared/domain/caseEvent';
import type { ConsoleBridge, IpcResponse, IpcResult } from '../../shared/ipc/contract';
import { newCaseReference, newContactId } from '../../shared/cases/streams';
import type { CaseType, Severity } from '../../shared/domain/enums';
import { BUNDLED_QUEUES, routeCase, worksQueue } from '../../shared/policy/queuesConfig';
import { subjectForNewContactCase } from '../../shared/screenpop/contactLinking';
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
  /** The contact's own record on the customer (stream CT-…), once recorded. */
  contactId: string | null;
  /** The case the agent linked this contact to (or opened for it); null until they do. */
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
  /** An unknown caller turned out to be this customer. */
  linkUnknownTo(customerId: string): Promise<void>;
  /** The agent links the contact to one of the customer's open cases. */
  linkToCase(caseId: string): Promise<void>;
  /** The agent opens a new case of their choosing for the contact. */
  openCaseForContact(choice: { caseType: CaseType; severity: Severity }): Promise<void>;
  /** The customer proved who they are on this contact: recorded on the contact and on the case it is linked to. */
  verify(method: 'security_questions' | 'one_time_code'): Promise<string | null>;
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
  /** Fills its argument from a cryptographic source (new references). */
  randomBytes?: (bytes: Uint8Array) => Uint8Array;
  uuid?: () => string;
}

export type ScreenPopStore = ReturnType<typeof createScreenPopStore>;

/** How long a lookup may take before the screen says it is looking (a fast pop shows no flicker). */
const LOOKING_UP_AFTER_MS = 120;
/** How long the first paint waits for open cases and contact history before showing them as they arrive. */
const CASE_HISTORY_BUDGET_MS = 25;

export function createScreenPopStore(deps: ScreenPopDeps) {
  const now = deps.now ?? Date.now;
  const randomBytes = deps.randomBytes ?? ((bytes: Uint8Array) => crypto.getRandomValues(bytes));
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
      const result = await deps.bridge.invoke('screenpop.lookup', { identifiers, contactId: request.intake.contactId ?? request.popId });
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

    /**
     * Records the contact on the customer (or as an unknown caller), apart from any case: the agent
     * links it to a case or opens one afterwards (linkToCase, openCaseForContact). A contact
     * reopened from the history was recorded already.
     */
    async function recordContact(session: PopSession): Promise<void> {
      const { request } = session;
      const agent = deps.agent();
      if (!agent || placing.has(request.popId) || session.contactId || session.caseId) return;
      if (request.linkedCaseId) {
        update(request.popId, { caseId: request.linkedCaseId });
        return;
      }
      placing.add(request.popId);
      try {
        const contactId = newContactId(randomBytes);
        const source = request.source === 'manual' ? 'search' : request.source === 'history' ? 'manual' : request.source;
        const externalId = request.intake?.contactId;
        const started = await deps.append({
          id: uuid(),
          caseId: contactId,
          type: 'contact.started',
          payload: { customerId: session.customerId, channel: request.channel, direction: 'inbound', source, ...(externalId ? { externalId } : {}) },
        });
        if (!started.ok) throw new Error(started.error.message);
        update(request.popId, { contactId });
      } catch (error) {
        update(request.popId, { problem: `This contact was not recorded: ${error instanceof Error ? error.message : String(error)}` });
      } finally {
        placing.delete(request.popId);
      }
    }

    /** The contact's verification goes with it to the case, so money movement there opens too. */
    async function carryVerification(session: PopSession, caseId: string): Promise<void> {
      if (!session.contactId || !session.customerId) return;
      const records = await deps.db.events.where('caseId').equals(session.contactId).filter((record) => record.event.type === 'customer.verified').toArray();
      const latest = records.sort((a, b) => (a.event.at < b.event.at ? 1 : -1))[0];
      const method = (latest?.event.payload as { method?: 'security_questions' | 'one_time_code' | 'photo_id' } | undefined)?.method;
      if (!method) return;
      const carried = await deps.append({ id: uuid(), caseId, type: 'customer.verified', payload: { customerId: session.customerId, method } });
      if (!carried.ok) update(session.request.popId, { problem: `The verification was not carried to the case: ${carried.error.message}` });
    }

    async function linkContact(session: PopSession, caseId: string): Promise<boolean> {
      const { request } = session;
      const linked = await deps.append({
        id: uuid(),
        caseId,
        type: 'contact.linked',
        payload: {
          contactId: session.contactId ?? request.intake?.contactId ?? `pop-${request.popId}`,
          channel: request.channel,
          direction: 'inbound',
          summary: request.intake ? `Screen pop: ${describeIntakeIdentifiers(request.intake)}` : 'Opened by the agent from search',
        },
      });
      if (!linked.ok) {
        update(request.popId, { problem: `The contact was not linked to the case: ${linked.error.message}` });
        return false;
      }
      update(request.popId, { caseId });
      await carryVerification(session, caseId);
      await deps.bridge.invoke('screenpop.linked', { popId: request.popId, caseId, customerId: session.customerId });
      return true;
    }

    /** The session still on screen for this pop, ready to be linked. */
    function linkable(): PopSession | null {
      const current = get().current;
      if (!current || current.caseId || (current.phase !== 'ready' && current.phase !== 'unknown')) return null;
      return current;
    }

    return {
      current: null,
      visible: false,
      search: { open: false, purpose: 'pop' },
      history: [],

      async receive(request) {
        const popId = request.popId;
        latestPopId = popId;
        const base: PopSession = { request, phase: 'looking_up', customerId: null, candidates: [], snapshot: null, contactId: null, caseId: null, foundIn: null, problem: null };
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
        if (next && next.request.popId === current.request.popId && next.phase === 'ready') await recordContact(next);
      },

      async linkUnknownTo(customerId) {
        const current = get().current;
        if (!current || current.phase !== 'unknown' || !current.contactId) return;
        const identified = await deps.append({ id: uuid(), caseId: current.contactId, type: 'contact.identified', payload: { customerId } });
        if (!identified.ok) {
          update(current.request.popId, { problem: `The contact was not tied to the customer: ${identified.error.message}` });
          return;
        }
        // A case already opened for the unknown caller follows them.
        if (current.caseId) {
          const result = await deps.append({ id: uuid(), caseId: current.caseId, type: 'customer.linked', payload: { customerId } });
          if (!result.ok) {
            update(current.request.popId, { problem: `The case was not linked to the customer: ${result.error.message}` });
            return;
          }
          await deps.bridge.invoke('screenpop.linked', { popId: current.request.popId, caseId: current.caseId, customerId });
        }
        await showCustomer(current.request.popId, customerId);
      },

      async linkToCase(caseId) {
        const session = linkable();
        if (!session || placing.has(session.request.popId)) return;
        placing.add(session.request.popId);
        try {
          await linkContact(session, caseId);
        } finally {
          placing.delete(session.request.popId);
        }
      },

      async openCaseForContact({ caseType, severity }) {
        const session = linkable();
        const agent = deps.agent();
        if (!session || !agent || placing.has(session.request.popId)) return;
        placing.add(session.request.popId);
        try {
          const tier = session.snapshot?.customer.customer.tier ?? null;
          const routed = routeCase(BUNDLED_QUEUES, { caseType, channel: session.request.channel, tier, opener: agent });
          if (!routed.ok) {
            update(session.request.popId, { problem: `No case was opened: ${routed.reason}` });
            return;
          }
          const caseId = newCaseReference(randomBytes);
          const created = await deps.append({
            id: uuid(),
            caseId,
            type: 'case.created',
            payload: {
              customerId: session.customerId,
              caseType,
              severity,
              channel: session.request.channel,
              subject: subjectForNewContactCase(caseType, session.request.channel, session.customerId !== null),
              // Whoever opens it works it, when they work its queue; otherwise it waits there for those who do.
              ownerId: worksQueue(routed.queue, agent) ? agent.id : null,
              queueId: routed.queue.id,
            },
          });
          if (!created.ok) {
            update(session.request.popId, { problem: `No case was opened: ${created.error.message}` });
            return;
          }
          await linkContact(session, caseId);
        } finally {
          placing.delete(session.request.popId);
        }
      },

      async verify(method) {
        const current = get().current;
        if (!current || !current.customerId) return 'There is no customer on this contact to verify.';
        const streams = [current.contactId, current.caseId].filter((id): id is string => id !== null);
        if (streams.length === 0) return 'The contact is still being recorded; try again in a moment.';
        for (const caseId of streams) {
          const result = await deps.append({ id: uuid(), caseId, type: 'customer.verified', payload: { customerId: current.customerId, method } });
          if (!result.ok) return result.error.message;
        }
        return null;
      },

      rendered(popId) {
        const current = get().current;
        if (!current || current.request.popId !== popId || current.phase === 'looking_up' || acknowledged.has(popId)) return;
        acknowledged.add(popId);
        const match = current.phase === 'ready' ? 'single' : current.phase === 'choosing' ? 'several' : 'none';
        void deps.bridge.invoke('screenpop.rendered', { popId, match });
        // A shared line waits for the agent's choice; everyone else is recorded now.
        if (current.phase === 'ready' || current.phase === 'unknown') void recordContact(current);
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
