import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketBridge, type WebSocketLike } from '../../../src/renderer/bridge/webSocketBridge';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import { chooseBridge, hostSocketUrl } from '../../../src/renderer/bridge/chooseBridge';
import { WS_CLOSE_BAD_TOKEN } from '../../../src/shared/ipc/wire';
import { dana } from '../support/seed';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: { id: string; channel: string; request: unknown }[] = [];
  private readonly handlers = new Map<string, ((event: { data: unknown; code: number | undefined }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: never) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener as (event: { data: unknown; code: number | undefined }) => void]);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.fire('close', undefined, code);
  }
  deliver(frame: unknown): void {
    this.fire('message', typeof frame === 'string' ? frame : JSON.stringify(frame));
  }
  private fire(type: string, data?: unknown, code?: number): void {
    for (const handler of this.handlers.get(type) ?? []) handler({ data, code });
  }
}

let sockets: FakeSocket[];
const createSocket = (url: string) => {
  const socket = new FakeSocket(url);
  sockets.push(socket);
  return socket;
};
const last = () => sockets[sockets.length - 1]!;

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocket bridge', () => {
  it('sends {id, channel, request} and resolves with the matching {id, result}', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc?token=t', createSocket });
    last().open();
    const answer = bridge.invoke('session.current', {});
    const frame = last().sent[0]!;
    expect(frame).toMatchObject({ channel: 'session.current', request: {} });
    last().deliver({ id: 'not-this-one', result: { ok: true, value: { agent: null } } });
    last().deliver({ id: frame.id, result: { ok: true, value: { agent: dana } } });
    expect(await answer).toEqual({ ok: true, value: { agent: dana } });
  });

  it('delivers pushed events to listeners until they unsubscribe, ignoring junk frames', () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket });
    last().open();
    const seen: unknown[] = [];
    const stop = bridge.on('events.changed', (payload) => seen.push(payload));
    last().deliver('not json');
    last().deliver({ event: 'events.changed', payload: { localSeq: 4 } });
    stop();
    last().deliver({ event: 'events.changed', payload: { localSeq: 5 } });
    expect(seen).toEqual([{ localSeq: 4 }]);
  });

  it('holds requests made while connecting and sends them once open', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket });
    const answer = bridge.invoke('sync.status', {});
    expect(last().sent).toHaveLength(0);
    last().open();
    const frame = last().sent[0]!;
    last().deliver({ id: frame.id, result: { ok: false, error: { code: 'x', message: 'nope' } } });
    expect(await answer).toEqual({ ok: false, error: { code: 'x', message: 'nope' } });
  });

  it('fails in-flight requests when the socket drops, then reconnects with growing back-off', async () => {
    const changes: boolean[] = [];
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket, backoff: { initialMs: 100, maxMs: 1000 }, random: () => 1 });
    bridge.connection.onChange((connected) => changes.push(connected));
    last().open();
    const answer = bridge.invoke('agents.list', {});
    last().drop();
    expect(await answer).toMatchObject({ ok: false, error: { code: 'host_disconnected' } });
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets).toHaveLength(2);
    last().drop();
    await vi.advanceTimersByTimeAsync(199);
    expect(sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(changes).toEqual([true, false, true]);
    expect(bridge.connection.isConnected()).toBe(true);
  });

  it('gives up on a request when the host stays unreachable, and times out an unanswered one', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket, connectWaitMs: 500, requestTimeoutMs: 2000 });
    const waiting = bridge.invoke('sync.status', {});
    await vi.advanceTimersByTimeAsync(500);
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'host_unreachable' } });
    last().open();
    const unanswered = bridge.invoke('sync.status', {});
    await vi.advanceTimersByTimeAsync(2000);
    expect(await unanswered).toMatchObject({ ok: false, error: { code: 'host_timeout' } });
  });

  it('stops retrying and says why when the host refuses the token', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc?token=old', createSocket, connectWaitMs: 60_000 });
    const waiting = bridge.invoke('session.current', {});
    last().drop(WS_CLOSE_BAD_TOKEN);
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'host_refused' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(await bridge.invoke('sync.status', {})).toMatchObject({ ok: false, error: { code: 'host_refused' } });
  });

  it('ignores replies the host could not tie to a request and pushes of unknown events', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket, requestTimeoutMs: 1000 });
    last().open();
    const seen: unknown[] = [];
    bridge.on('events.changed', (payload) => seen.push(payload));
    const answer = bridge.invoke('sync.status', {});
    last().deliver({ id: null, result: { ok: false, error: { code: 'malformed_message', message: 'bad' } } });
    last().deliver({ event: 'something.else', payload: {} });
    await vi.advanceTimersByTimeAsync(1000);
    expect(await answer).toMatchObject({ ok: false, error: { code: 'host_timeout' } });
    expect(seen).toEqual([]);
  });

  it('stops reconnecting once closed', async () => {
    const bridge = createWebSocketBridge({ url: 'ws://host/ipc', createSocket });
    last().open();
    bridge.connection.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    expect(await bridge.invoke('sync.status', {})).toMatchObject({ ok: false, error: { code: 'host_closed' } });
  });
});

describe('response validation', () => {
  it('passes a valid answer, refuses one that breaks the contract, and turns throws into failures', async () => {
    const answers: unknown[] = [{ ok: true, value: { agent: dana } }, { ok: true, value: { agent: { id: 1 } } }, 'garbage'];
    const bridge = withValidation({
      invoke: async () => {
        const next = answers.shift();
        if (next === undefined) throw new Error('socket gone');
        return next as never;
      },
      on: () => () => {},
    });
    expect(await bridge.invoke('session.current', {})).toEqual({ ok: true, value: { agent: dana, storage: null, lock: null } });
    expect(await bridge.invoke('session.current', {})).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    expect(await bridge.invoke('session.current', {})).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    expect(await bridge.invoke('session.current', {})).toMatchObject({ ok: false, error: { code: 'host_unreachable' } });
  });

  it('drops pushed events whose payload breaks the contract', () => {
    let push: (payload: unknown) => void = () => {};
    const invalid: string[] = [];
    const bridge = withValidation({ invoke: async () => ({ ok: true, value: {} }) as never, on: (_event, listener) => ((push = listener as never), () => {}) }, (event) =>
      invalid.push(event),
    );
    const seen: unknown[] = [];
    bridge.on('events.changed', (payload) => seen.push(payload));
    push({ localSeq: -1 });
    push({ localSeq: 3 });
    expect(seen).toEqual([{ localSeq: 3 }]);
    expect(invalid).toEqual(['events.changed']);
  });
});

describe('choosing the bridge', () => {
  it('builds the /ipc URL on the page’s own host, with no secret in it (the session is an HttpOnly cookie)', () => {
    expect(hostSocketUrl({ protocol: 'http:', host: '127.0.0.1:4173' })).toBe('ws://127.0.0.1:4173/ipc');
    expect(hostSocketUrl({ protocol: 'https:', host: 'console.bank' })).toBe('wss://console.bank/ipc');
  });

  it('uses the preload bridge in Electron and never opens a socket', async () => {
    const preload = { invoke: vi.fn(async () => ({ ok: true, value: { agent: null } })), on: vi.fn(() => () => {}) };
    const chosen = chooseBridge({ agentConsole: preload as never, location: { protocol: 'file:', host: '' }, createSocket });
    expect(chosen.connection).toBeNull();
    expect(await chosen.bridge.invoke('session.current', {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    expect(sockets).toHaveLength(0);
  });

  it('connects to the host on the page’s own origin', () => {
    const chosen = chooseBridge({ location: { protocol: 'http:', host: 'localhost:5000' }, createSocket });
    expect(last().url).toBe('ws://localhost:5000/ipc');
    chosen.connection?.close();
  });
});
