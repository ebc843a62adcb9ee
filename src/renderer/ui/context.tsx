import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ConsoleServices } from '../state/consoleServices';
import type { SessionState } from '../state/sessionStore';
import type { SyncStoreState } from '../state/syncStore';
import type { UiState } from '../state/uiStore';
import type { ReadModelDb } from '../data/db';
import type { ReadModelSync } from '../data/readModelSync';

export const ServicesContext = createContext<ConsoleServices | null>(null);

export interface ReadModels {
  db: ReadModelDb;
  sync: ReadModelSync;
}

export const ReadModelContext = createContext<ReadModels | null>(null);

export function useServices(): ConsoleServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a ServicesContext provider (see ConsoleApp)');
  return services;
}

export function useReadModels(): ReadModels {
  const readModels = useContext(ReadModelContext);
  if (!readModels) throw new Error('useReadModels is only available once an agent is signed in (see ReadModelProvider)');
  return readModels;
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(useServices().session, selector);
}

export function useSyncState<T>(selector: (state: SyncStoreState) => T): T {
  return useStore(useServices().sync, selector);
}

export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(useServices().ui, selector);
}
