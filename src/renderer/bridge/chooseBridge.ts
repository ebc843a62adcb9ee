import type { ConsoleBridge } from '../../shared/ipc/contract';
import { IPC_SOCKET_PATH } from '../../shared/ipc/wire';
import { withValidation } from './validatingBridge';
import { createWebSocketBridge, type HostConnection, type WebSocketLike } from './webSocketBridge';

export interface BridgeEnvironment {
  /** Set by the Electron preload; absent in the browser host. */
  agentConsole?: ConsoleBridge;
  location: { protocol: string; host: string };
  createSocket: (url: string) => WebSocketLike;
}

export interface ChosenBridge {
  bridge: ConsoleBridge;
  /** Only the browser host has a connection that can drop; Electron's IPC cannot. */
  connection: HostConnection | null;
}

/**
 * The browser host's socket on the page's own host. The page holds no secret: the host admits
 * it by the HttpOnly session cookie it set when the printed launch link was opened.
 */
export function hostSocketUrl(location: { protocol: string; host: string }): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${IPC_SOCKET_PATH}`;
}

export function chooseBridge(environment: BridgeEnvironment): ChosenBridge {
  if (environment.agentConsole) return { bridge: withValidation(environment.agentConsole), connection: null };
  const socketBridge = createWebSocketBridge({ url: hostSocketUrl(environment.location), createSocket: environment.createSocket });
  return { bridge: withValidation(socketBridge), connection: socketBridge.connection };
}
