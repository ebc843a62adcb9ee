import { createStore } from 'zustand/vanilla';
import type { ConsoleBridge, IpcFailure, SyncStatus } from '../../shared/ipc/contract';
import type { HostConnection } from '../bridge/webSocketBridge';

export interface SyncStoreState {
  /** Main's view of sync with the case service; null until first heard. */
  status: SyncStatus | null;
  /** Whether this window reaches main at all (only the browser host's socket can drop). */
  hostConnected: boolean;
  /** The last thing that stopped the read models catching up, cleared by the next good run. */
  readModelProblem: IpcFailure | null;
  setReadModelProblem(problem: IpcFailure | null): void;
  /** Loads the status and follows main's updates; returns the function that stops following. */
  follow(): () => void;
}

export type SyncStore = ReturnType<typeof createSyncStore>;

export function createSyncStore(bridge: ConsoleBridge, connection: HostConnection | null) {
  return createStore<SyncStoreState>()((set) => ({
    status: null,
    hostConnected: connection?.isConnected() ?? true,
    readModelProblem: null,
    setReadModelProblem: (problem) => set({ readModelProblem: problem }),
    follow() {
      let active = true;
      const refresh = async () => {
        const result = await bridge.invoke('sync.status', {});
        if (active && result.ok) set({ status: result.value });
      };
      // The socket may have opened or dropped before anyone was listening.
      set({ hostConnected: connection?.isConnected() ?? true });
      const stopStatus = bridge.on('sync.statusChanged', (status) => set({ status }));
      const stopConnection =
        connection?.onChange((connected) => {
          set({ hostConnected: connected });
          // Whatever changed while we were cut off, ask again rather than trust the stale status.
          if (connected) void refresh();
        }) ?? (() => {});
      void refresh();
      return () => {
        active = false;
        stopStatus();
        stopConnection();
      };
    },
  }));
}
