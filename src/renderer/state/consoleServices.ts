import type { ChosenBridge } from '../bridge/chooseBridge';
import type { ConsoleBridge } from '../../shared/ipc/contract';
import type { HostConnection } from '../bridge/webSocketBridge';
import { createSessionStore, type SessionStore } from './sessionStore';
import { createSyncStore, type SyncStore } from './syncStore';
import { createUiStore, type UiStore } from './uiStore';

/** Everything one console window shares: its bridge to main and its stores. Tests build their own. */
export interface ConsoleServices {
  bridge: ConsoleBridge;
  connection: HostConnection | null;
  session: SessionStore;
  sync: SyncStore;
  ui: UiStore;
}

export function createConsoleServices({ bridge, connection }: ChosenBridge): ConsoleServices {
  return {
    bridge,
    connection,
    session: createSessionStore(bridge),
    sync: createSyncStore(bridge, connection),
    ui: createUiStore(),
  };
}
