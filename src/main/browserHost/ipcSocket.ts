import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { IPC_EVENT_NAMES, type IpcFailure, type IpcResult } from '../../shared/ipc/contract';
import {
  IPC_SOCKET_PATH,
  LAUNCH_TOKEN_PARAM,
  MAX_WIRE_FRAME_BYTES,
  WireRequest,
  WireRequestId,
  WS_CLOSE_BAD_ORIGIN,
  WS_CLOSE_BAD_TOKEN,
  type WireRequestId as RequestId,
  type WireResponse,
} from '../../shared/ipc/wire';
import type { ConsoleService } from '../services/console/consoleService';

/**
 * The contract over a WebSocket (wire format: src/shared/ipc/wire.ts). A socket is served
 * only if its Origin is the host's own page and it carries a session the host issued for a
 * launch link (its cookie) or, from a program on this machine, the host token: any other web
 * page the agent opens can reach 127.0.0.1 too, and must get nothing.
 */
export interface IpcSocketServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

export function createIpcSocketServer(options: {
  console: ConsoleService;
  token: string;
  allowedOrigins: () => readonly string[];
  /** Whether the upgrade request's Cookie header carries a session from a spent launch code. */
  admitsSession: (cookieHeader: string | undefined) => boolean;
}): IpcSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_FRAME_BYTES, perMessageDeflate: false });
  const clients = new Set<WebSocket>();
  const expectedToken = Buffer.from(options.token);

  const unsubscribers = IPC_EVENT_NAMES.map((event) =>
    options.console.on(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const client of clients) if (client.readyState === client.OPEN) client.send(frame);
    }),
  );

  function tokenMatches(presented: string | null): boolean {
    if (!presented) return false;
    const candidate = Buffer.from(presented);
    return candidate.length === expectedToken.length && timingSafeEqual(candidate, expectedToken);
  }

  function serve(ws: WebSocket): void {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // Oversized frames and protocol errors close the socket; they must not take the host down.
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      void answer(ws, data, isBinary);
    });
  }

  /**
   * Which identity each page last learned from main (session.current / session.login / session.logout).
   * Main authors every event with its one signed-in agent, so a page still showing someone else
   * is refused until it has caught up (it follows `session.changed` at once).
   */
  const shownAgent = new WeakMap<WebSocket, string | null>();

  function identityFailure(ws: WebSocket, channel: string): IpcFailure | null {
    if (channel.startsWith('session.')) return null;
    // A page that has not asked yet shows nobody's name, so it cannot mislead.
    if (!shownAgent.has(ws) || shownAgent.get(ws) === options.console.currentAgentId()) return null;
    return {
      code: 'identity_changed',
      message: 'This window was showing another sign-in than the one this console now works under; it is catching up. Nothing was recorded — check, then try again.',
    };
  }

  function noteIdentity(ws: WebSocket, channel: string, result: IpcResult<unknown>): void {
    if (!result.ok) return;
    const value = result.value as { agent?: { id: string } | null };
    if (channel === 'session.current' || channel === 'session.login') shownAgent.set(ws, value.agent?.id ?? null);
    else if (channel === 'session.logout') shownAgent.set(ws, null);
  }

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const reply = (id: RequestId | null, result: IpcResult<unknown>) => {
      if (ws.readyState !== ws.OPEN) return;
      const message: WireResponse = { id, result };
      ws.send(JSON.stringify(message));
    };
    const malformed = (id: RequestId | null, message: string) => reply(id, { ok: false, error: { code: 'malformed_message', message } satisfies IpcFailure });
    if (isBinary) return malformed(null, 'Send requests as JSON text frames.');
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      return malformed(null, 'The message is not valid JSON.');
    }
    const frame = WireRequest.safeParse(json);
    if (!frame.success) {
      const id = typeof json === 'object' && json !== null && 'id' in json ? WireRequestId.safeParse(json.id) : null;
      return malformed(id?.success ? id.data : null, 'Expected {"id", "channel", "request"}.');
    }
    const { id, channel, request } = frame.data;
    const mismatch = identityFailure(ws, channel);
    if (mismatch) return reply(id, { ok: false, error: mismatch });
    const result = await options.console.dispatchIpc(channel, request);
    noteIdentity(ws, channel, result);
    reply(id, result);
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://host.invalid');
      if (url.pathname !== IPC_SOCKET_PATH) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        // Refusals complete the handshake first so the page can read why from the close code.
        const origin = request.headers.origin;
        if (!origin || !options.allowedOrigins().includes(origin)) {
          ws.close(WS_CLOSE_BAD_ORIGIN, 'origin not allowed');
          return;
        }
        if (!options.admitsSession(request.headers.cookie) && !tokenMatches(url.searchParams.get(LAUNCH_TOKEN_PARAM))) {
          ws.close(WS_CLOSE_BAD_TOKEN, 'no session: open the link the host printed');
          return;
        }
        serve(ws);
      });
    },
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const client of clients) client.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
