import type { ConsoleBridge } from '../../shared/ipc/contract';
import { IPC_SOCKET_PATH, LAUNCH_TOKEN_PARAM } from '../../shared/ipc/wire';
import { failure, withValidation } from './validatingBridge';
import { createWebSocketBridge, type HostConnection, type WebSocketLike } from './webSocketBridge';

export interface BridgeEnvironment {
  /** Set by the Electron preload; absent in the browser host. */
  agentConsole?: ConsoleBridge;
  location: { protocol: string; host: string; hash: string };
  createSocket: (url: string) => WebSocketLike;
}

export interface ChosenBridge {
  bridge: ConsoleBridge;
  /** Only the browser host has a connection that can drop; Electron's IPC cannot. */
  connection: HostConnection | null;
}

/** The browser host passes its per-launch token in the fragment, which never reaches any server log. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get(LAUNCH_TOKEN_PARAM);
  return token && token.length > 0 ? token : null;
}

export function hostSocketUrl(location: { protocol: string; host: string }, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${IPC_SOCKET_PATH}?${LAUNCH_TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

export function chooseBridge(environment: BridgeEnvironment): ChosenBridge {
  if (environment.agentConsole) return { bridge: withValidation(environment.agentConsole), connection: null };
  const token = tokenFromHash(environment.location.hash);
  if (!token) return { bridge: withValidation(missingTokenBridge()), connection: null };
  const socketBridge = createWebSocketBridge({ url: hostSocketUrl(environment.location, token), createSocket: environment.createSocket });
  return { bridge: withValidation(socketBridge), connection: socketBridge.connection };
}

function missingTokenBridge(): ConsoleBridge {
  return {
    invoke: async () =>
      failure('missing_token', 'This page was opened without its access token. Open the exact link the Agent Console host printed when it started.'),
    on: () => () => {},
  };
}
