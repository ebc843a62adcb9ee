import type { ConsoleBridge, IpcChannel, IpcEventName, IpcEventPayload, IpcFailure, IpcRequest, IpcResponse, IpcResult } from '../../shared/ipc/contract';
import { WS_CLOSE_BAD_ORIGIN, WS_CLOSE_BAD_TOKEN } from '../../shared/ipc/wire';
import { parseServerFrame, type ClientFrame } from './wireFrames';

/** The part of the DOM WebSocket this client uses, so tests can hand it a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface HostConnection {
  isConnected(): boolean;
  onChange(listener: (connected: boolean) => void): () => void;
  close(): void;
}

export interface WebSocketBridgeOptions {
  url: string;
  createSocket: (url: string) => WebSocketLike;
  /** How long one request may wait for its answer before it fails. */
  requestTimeoutMs?: number;
  /** How long a request made while disconnected waits for the socket to come back. */
  connectWaitMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
}

type Settle = (result: IpcResult<unknown>) => void;
interface Waiting {
  channel: IpcChannel;
  frame: string;
  settle: Settle;
  timer?: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

const REFUSED: IpcFailure = {
  code: 'host_refused',
  message: 'The Agent Console host refused this page. Open the link the host printed when it started (each link opens the console once).',
};

/**
 * The browser host's half of the contract: requests and replies over one WebSocket, matched
 * by id. If the socket drops, requests in flight fail at once (their outcome is unknown: the
 * UI keeps what the agent typed, and appends carry their own idempotency id), new requests wait
 * briefly for the reconnect, and reconnects back off exponentially with jitter.
 */
export function createWebSocketBridge(options: WebSocketBridgeOptions): ConsoleBridge & { connection: HostConnection } {
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const connectWaitMs = options.connectWaitMs ?? 10_000;
  const backoff = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
  const random = options.random ?? Math.random;

  const inFlight = new Map<string, Waiting>();
  const outbox = new Map<string, Waiting>();
  const listeners = new Map<IpcEventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let socket: WebSocketLike | null = null;
  let connected = false;
  let attempts = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let refused = false;
  let nextId = 1;

  function setConnected(value: boolean): void {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  }

  function connect(): void {
    reconnectTimer = null;
    if (closed) return;
    const current = options.createSocket(options.url);
    socket = current;
    current.addEventListener('open', () => {
      if (socket !== current) return;
      attempts = 0;
      setConnected(true);
      for (const [id, waiting] of outbox) {
        outbox.delete(id);
        clearTimeout(waiting.timer);
        transmit(current, id, waiting);
      }
    });
    current.addEventListener('message', (event) => {
      if (socket === current) receive(event.data);
    });
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = null;
      setConnected(false);
      failAll(inFlight, { code: 'host_disconnected', message: 'The connection to the Agent Console host dropped before it answered. Try again.' });
      if (event.code === WS_CLOSE_BAD_TOKEN || event.code === WS_CLOSE_BAD_ORIGIN) {
        // Retrying cannot help: this page has no session with the running host (or the wrong origin).
        refused = true;
        failAll(outbox, REFUSED);
        return;
      }
      scheduleReconnect();
    });
    // An 'error' is always followed by 'close', which does the work.
    current.addEventListener('error', () => {});
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer) return;
    const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempts);
    attempts += 1;
    reconnectTimer = setTimeout(connect, ceiling / 2 + (random() * ceiling) / 2);
  }

  function receive(data: unknown): void {
    const frame = parseServerFrame(data);
    if (!frame) return; // not ours to act on: a reply we can't match is as good as lost, and the request will time out
    if (frame.kind === 'reply') {
      const waiting = inFlight.get(frame.id);
      if (!waiting) return;
      inFlight.delete(frame.id);
      clearTimeout(waiting.timer);
      waiting.settle(frame.result);
      return;
    }
    for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
  }

  function transmit(open: WebSocketLike, id: string, waiting: Waiting): void {
    waiting.timer = setTimeout(
      () => timeOut(inFlight, id, { code: 'host_timeout', message: `The Agent Console host did not answer ${waiting.channel} in time. Try again.` }),
      requestTimeoutMs,
    );
    inFlight.set(id, waiting);
    open.send(waiting.frame);
  }

  function failAll(queue: Map<string, Waiting>, error: IpcFailure): void {
    for (const [id, waiting] of queue) {
      queue.delete(id);
      clearTimeout(waiting.timer);
      waiting.settle({ ok: false, error });
    }
  }

  connect();

  return {
    invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>> {
      return new Promise((resolve) => {
        const settle = resolve as Settle;
        if (closed) {
          settle({ ok: false, error: { code: 'host_closed', message: 'This window is no longer connected to the Agent Console host.' } });
          return;
        }
        if (refused) {
          settle({ ok: false, error: REFUSED });
          return;
        }
        const id = String(nextId++);
        const frameObject: ClientFrame = { id, channel, request };
        const frame = JSON.stringify(frameObject);
        if (socket && connected && socket.readyState === OPEN) {
          transmit(socket, id, { channel, frame, settle });
          return;
        }
        // Not connected: wait for the reconnect, but not for ever; the answer timeout starts once it is sent.
        const timer = setTimeout(
          () => timeOut(outbox, id, { code: 'host_unreachable', message: "Can't reach the Agent Console host. Check that it is running, then try again." }),
          connectWaitMs,
        );
        outbox.set(id, { channel, frame, settle, timer });
      });
    },
    on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    connection: {
      isConnected: () => connected,
      onChange(listener) {
        connectionListeners.add(listener);
        return () => connectionListeners.delete(listener);
      },
      close() {
        closed = true;
        if (reconnectTimer) clearTimeout(reconnectTimer);
        const closing = socket;
        socket = null;
        closing?.close(1000, 'window closed');
        setConnected(false);
        const error = { code: 'host_closed', message: 'This window is no longer connected to the Agent Console host.' };
        failAll(inFlight, error);
        failAll(outbox, error);
      },
    },
  };

  function timeOut(queue: Map<string, Waiting>, id: string, error: IpcFailure): void {
    const waiting = queue.get(id);
    if (!waiting) return;
    queue.delete(id);
    waiting.settle({ ok: false, error });
  }
}
