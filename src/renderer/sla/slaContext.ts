import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { AlertCenter, AlertCenterState } from './alertCenter';
import type { CaseSla } from './caseSla';
import type { SecondTicker } from './secondTicker';
import type { SlaSettingsState, SlaSettingsStore } from './slaSettingsStore';
import type { SlaTracker } from './slaTracker';
import type { SlaViewStore, SlaViewState } from './slaViewStore';

/** Everything the SLA views share for one signed-in agent (see SlaProvider). */
export interface SlaRuntime {
  settings: SlaSettingsStore;
  tracker: SlaTracker;
  ticker: SecondTicker;
  alerts: AlertCenter;
  view: SlaViewStore;
}

export const SlaContext = createContext<SlaRuntime | null>(null);

export function useSlaRuntime(): SlaRuntime {
  const runtime = useContext(SlaContext);
  if (!runtime) throw new Error('SLA views need an SlaProvider (see ConsoleApp)');
  return runtime;
}

/** The current second; the component re-renders once a second (only components that call this). */
export function useSlaNow(): number {
  const { ticker } = useSlaRuntime();
  return useSyncExternalStore(ticker.subscribe, ticker.get);
}

export function useSlaSettings<T>(selector: (state: SlaSettingsState) => T): T {
  return useStore(useSlaRuntime().settings, selector);
}

export function useSlaView<T>(selector: (state: SlaViewState) => T): T {
  return useStore(useSlaRuntime().view, selector);
}

export function useAlertCenter<T>(selector: (state: AlertCenterState) => T): T {
  return useStore(useSlaRuntime().alerts.store, selector);
}

/** One tracked case's clocks (undefined: not tracked, e.g. not in the queue). */
export function useTrackedCaseSla(caseId: string): CaseSla | undefined {
  const { tracker } = useSlaRuntime();
  return useSyncExternalStore(
    (listener) => tracker.subscribe(listener),
    () => tracker.get(caseId),
  );
}

/** Changes when the time-to-breach order may have changed (not when a clock merely passes a threshold). */
export function useTrackerSortVersion(): number {
  const { tracker } = useSlaRuntime();
  return useSyncExternalStore(
    (listener) => tracker.subscribe(listener),
    () => tracker.sortVersion,
  );
}

/** Changes whenever any tracked case's clocks change. */
export function useTrackerVersion(): number {
  const { tracker } = useSlaRuntime();
  return useSyncExternalStore(
    (listener) => tracker.subscribe(listener),
    () => tracker.version,
  );
}
