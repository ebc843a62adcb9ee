import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useStore } from 'zustand';
import type { Agent } from '../../shared/domain/agent';
import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { OPEN_STATUSES, type CustomerTier } from '../../shared/domain/enums';
import { loadCustomers } from '../data/customers';
import type { EventRecord, ReadModelDb } from '../data/db';
import { orderEventRecords } from '../data/orderEvents';
import { useReadModels, useServices, useSession } from '../ui/context';
import { createAlertCenter } from './alertCenter';
import { alertsFor } from './alertRouting';
import { AnnouncedAlerts } from './announcedAlerts';
import { SecondTicker } from './secondTicker';
import { SlaContext, type SlaRuntime } from './slaContext';
import { createSlaSettingsStore } from './slaSettingsStore';
import { SlaTracker } from './slaTracker';
import { createSlaViewStore } from './slaViewStore';

/** Alerts also depend on who is on shift, which changes with time alone: look again this often. */
const SHIFT_RECHECK_MS = 60_000;

/**
 * The SLA runtime of one signed-in agent: the configuration from main, the tracker of every
 * case this console watches (the agent's open cases; every open case for a supervisor, who sees
 * the team board and off-shift agents' alerts), the one-second ticker and the alert center.
 */
export function SlaProvider({ agent, children }: { agent: Agent; children: ReactNode }) {
  const services = useServices();
  const { db } = useReadModels();
  const runtime = useMemo<SlaRuntime & { announced: AnnouncedAlerts }>(() => {
    const announced = new AnnouncedAlerts(agent.id);
    return {
      settings: createSlaSettingsStore(services.bridge),
      tracker: new SlaTracker(),
      ticker: new SecondTicker(),
      alerts: createAlertCenter(services.bridge, announced),
      view: createSlaViewStore(),
      announced,
    };
  }, [agent.id, services]);

  useEffect(() => {
    let stopFollowing = runtime.settings.getState().follow();
    // A restarted or reconnected host may hold a newer configuration than the one we were told of.
    const stopConnection = services.connection?.onChange((connected) => {
      if (!connected) return;
      stopFollowing();
      stopFollowing = runtime.settings.getState().follow();
    });
    const stopTicking = runtime.ticker.start();
    return () => {
      stopFollowing();
      stopConnection?.();
      stopTicking();
      runtime.announced.close();
    };
  }, [runtime, services]);

  const settings = useStore(runtime.settings, (state) => state.settings);
  useEffect(() => {
    if (settings) runtime.tracker.setSettings(settings, Date.now());
  }, [runtime, settings]);

  useTrackedCases(runtime.tracker, db, agent, settings !== null);
  useSupervisorCustomers(db, agent);
  useAlerts(runtime, agent);

  return <SlaContext.Provider value={runtime}>{children}</SlaContext.Provider>;
}

/** Feeds the tracker from the read model: cases and tiers live, events only for cases that changed. */
function useTrackedCases(tracker: SlaTracker, db: ReadModelDb, agent: Agent, ready: boolean): void {
  const everyone = agent.role === 'supervisor';
  const snapshot = useLiveQuery(async () => {
    const cases = everyone
      ? await db.cases.where('status').anyOf([...OPEN_STATUSES]).toArray()
      : await db.cases
          .where('[ownerId+status]')
          .anyOf(OPEN_STATUSES.map((status) => [agent.id, status]))
          .toArray();
    const customerIds = [...new Set(cases.flatMap((state) => (state.customerId ? [state.customerId] : [])))];
    const tiers = new Map<string, CustomerTier>();
    (await db.customers.bulkGet(customerIds)).forEach((record) => record && tiers.set(record.id, record.customer.tier));
    return { cases, tiers };
  }, [db, agent.id, everyone]);

  const running = useRef<Promise<void>>(Promise.resolve());
  useEffect(() => {
    if (!snapshot || !ready) return;
    let cancelled = false;
    running.current = running.current.then(async () => {
      if (cancelled) return;
      const candidates = snapshot.cases.map((caseState: CaseState) => ({ caseState, tier: caseState.customerId ? (snapshot.tiers.get(caseState.customerId) ?? null) : null }));
      const stale = tracker.staleCaseIds(candidates);
      const eventsByCase = stale.length > 0 ? groupEvents(await db.events.where('caseId').anyOf(stale).toArray()) : new Map<string, CaseEvent[]>();
      if (cancelled) return;
      tracker.sync(
        candidates.map((candidate) => ({ ...candidate, events: eventsByCase.get(candidate.caseState.id) ?? null })),
        Date.now(),
      );
    }).catch(() => undefined); // a closed database at sign-out: nothing left to track
    return () => {
      cancelled = true;
    };
  }, [snapshot, ready, tracker, db]);
}

function groupEvents(records: readonly EventRecord[]): Map<string, CaseEvent[]> {
  const byCase = new Map<string, EventRecord[]>();
  for (const record of records) {
    const list = byCase.get(record.caseId);
    if (list) list.push(record);
    else byCase.set(record.caseId, [record]);
  }
  const events = new Map<string, CaseEvent[]>();
  for (const [caseId, list] of byCase) {
    events.set(
      caseId,
      orderEventRecords(list).flatMap((record) => {
        const parsed = parseCaseEvent(record.event);
        return parsed.ok ? [parsed.event] : [];
      }),
    );
  }
  return events;
}

/**
 * A supervisor's board needs the tier of every open case's customer (it sets the targets); the
 * read model only fetched the supervisor's own queue's. Each missing customer is asked for once.
 */
function useSupervisorCustomers(db: ReadModelDb, agent: Agent): void {
  const { bridge } = useServices();
  const asked = useRef(new Set<string>());
  const missing = useLiveQuery(async () => {
    if (agent.role !== 'supervisor') return [];
    const cases = await db.cases.where('status').anyOf([...OPEN_STATUSES]).toArray();
    const ids = [...new Set(cases.flatMap((state) => (state.customerId ? [state.customerId] : [])))];
    const records = await db.customers.bulkGet(ids);
    return ids.filter((_, index) => !records[index]);
  }, [db, agent.role]);
  useEffect(() => {
    const toAsk = (missing ?? []).filter((id) => !asked.current.has(id));
    if (toAsk.length === 0) return;
    for (const id of toAsk) asked.current.add(id);
    void loadCustomers(bridge, db, toAsk, { onlyMissing: true }).catch(() => undefined);
  }, [missing, bridge, db]);
}

/**
 * Raises alerts for the cases whose clocks changed since the last look, and for every case each
 * minute (shifts start and end with time alone). With 10,000 cases a tick looks at a handful.
 */
function useAlerts(runtime: SlaRuntime, agent: Agent): void {
  const agentsById = useSession((state) => state.agentsById);
  const settings = useStore(runtime.settings, (state) => state.settings);
  useEffect(() => {
    if (!settings) return;
    const audience = { me: agent, agentsById, shifts: settings.shifts };
    const { tracker } = runtime;
    let lastFullCheck = Number.NEGATIVE_INFINITY;
    const check = (now: number) => {
      const changed = tracker.drainChanged();
      const full = now - lastFullCheck >= SHIFT_RECHECK_MS;
      if (!full && changed.length === 0) return;
      if (full) lastFullCheck = now;
      const cases = full ? tracker.all() : changed.flatMap((id) => tracker.get(id) ?? []);
      void runtime.alerts.process(alertsFor(cases, audience, now), now);
    };
    const stopTicks = runtime.ticker.subscribe((now) => {
      tracker.tick(now);
      check(now);
    });
    const stopChanges = tracker.subscribe(() => check(Date.now()));
    check(Date.now());
    return () => {
      stopTicks();
      stopChanges();
    };
  }, [runtime, agent, agentsById, settings]);
}
