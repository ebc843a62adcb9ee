import { LIVE_HEARTBEAT_MS, LIVE_PATH, LiveChanged, LiveEnded } from '../../../shared/sync/protocol';
import { backoffDelay, DEFAULT_BACKOFF, systemScheduler, type BackoffPolicy, type SyncScheduler } from './syncEngine';

export interface LiveNudgesOptions {
  baseUrl: string;
  /** The signed-in agent's service token, or null (then the stream waits to be woken). */
  getToken(): string | null;
  /** Something in this desktop's scope changed (or, on `ready`, may have while the stream was down). */
  onChanged(change: LiveChanged): void;
  /** The stream opened (true) or dropped (false): polling is the fallback while it is down. */
  onConnectedChange(connected: boolean): void;
  /** The service ended the stream because the session is over. */
  onEnded?(reason: LiveEnded): void;
  fetch?: typeof fetch;
  scheduler?: SyncScheduler;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** No byte for this long (heartbeats come every LIVE_HEARTBEAT_MS) means the connection is dead. */
  silenceTimeoutMs?: number;
}

export interface LiveNudges {
  start(): void;
  /** Reconnect now if the stream is down (a new sign-in, the service came back). */
  wake(): void;
  stop(): Promise<void>;
  readonly connected: boolean;
}

/**
 * The desktop's end of live push (GET /v1/sync/live): keeps one server-sent-event stream open to
 * the case service and reports its nudges. It never carries data — the caller pulls — so a dropped
 * stream only costs latency: it reconnects with the sync engine's backoff and says so, and the
 * caller polls meanwhile.
 */
export function createLiveNudges(options: LiveNudgesOptions): LiveNudges {
  const scheduler = options.scheduler ?? systemScheduler;
  const random = options.random ?? Math.random;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const doFetch = options.fetch ?? fetch;
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 3 * LIVE_HEARTBEAT_MS;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');

  let started = false;
  let connected = false;
  let running: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let retry: unknown = null;
  let failures = 0;

  function setConnected(next: boolean): void {
    if (connected === next) return;
    connected = next;
    options.onConnectedChange(next);
  }

  function scheduleReconnect(): void {
    if (!started || retry !== null) return;
    const delay = backoffDelay(failures, backoff, random);
    failures += 1;
    retry = scheduler.setTimeout(() => {
      retry = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (!started || running) return;
    const token = options.getToken();
    if (!token) return; // woken after the next sign-in
    const controller = new AbortController();
    abort = controller;
    running = (async () => {
      try {
        await streamOnce(token, controller);
      } catch {
        // unreachable, refused or cut off: retried below
      } finally {
        abort = null;
        running = null;
        setConnected(false);
        scheduleReconnect();
      }
    })();
  }

  async function streamOnce(token: string, controller: AbortController): Promise<void> {
    let silence: unknown = null;
    const resetSilence = () => {
      if (silence !== null) scheduler.clearTimeout(silence);
      silence = scheduler.setTimeout(() => controller.abort(), silenceTimeoutMs);
    };
    resetSilence();
    try {
      const response = await doFetch(`${baseUrl}${LIVE_PATH}`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` }, signal: controller.signal });
      if (!response.ok || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      await readServerSentEvents(response.body, (event, data) => {
        resetSilence();
        if (event === 'ready' || event === 'changed') {
          const change = LiveChanged.safeParse(parseJson(data));
          if (!change.success) return;
          if (event === 'ready') {
            failures = 0;
            setConnected(true);
          }
          options.onChanged(change.data);
        } else if (event === 'end') {
          const reason = LiveEnded.safeParse(parseJson(data));
          if (reason.success) options.onEnded?.(reason.data);
        }
      }, resetSilence);
    } finally {
      if (silence !== null) scheduler.clearTimeout(silence);
    }
  }

  return {
    start() {
      if (started) return;
      started = true;
      connect();
    },
    wake() {
      if (!started || running) return;
      if (retry !== null) scheduler.clearTimeout(retry);
      retry = null;
      connect();
    },
    async stop() {
      started = false;
      if (retry !== null) scheduler.clearTimeout(retry);
      retry = null;
      abort?.abort();
      await running;
    },
    get connected() {
      return connected;
    },
  };
}

/**
 * Reads a text/event-stream body and calls onMessage(event, data) for each message (event
 * defaults to "message"); onBytes for any bytes at all, comments (heartbeats) included.
 */
export async function readServerSentEvents(body: ReadableStream<Uint8Array>, onMessage: (event: string, data: string) => void, onBytes?: () => void): Promise<void> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      onBytes?.();
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) onMessage(event, data.join('\n'));
          event = 'message';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      // A bounded buffer: a line longer than any message the service sends is not one of its messages.
      if (buffer.length > 64 * 1024) throw new Error('the live stream sent a line longer than 64 KB');
    }
  } finally {
    reader.releaseLock();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
