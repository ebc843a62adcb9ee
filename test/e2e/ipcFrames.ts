import type { Page, WebSocket } from '@playwright/test';
import { WireRequest, WireResponse } from '../../src/shared/ipc/wire';
import { expect } from './fixtures';

interface SentRequest {
  socket: WebSocket;
  id: string;
  channel: string;
  request: unknown;
}

/**
 * What the page asks main over the browser host's IPC socket and what main answered, read with
 * the wire's own schemas (src/shared/ipc/wire.ts) as the test watches the frames go by. Some of the console's work has no sign on
 * the screen (a draft reaching main 300 ms after typing pauses, say): a test waits for main's
 * answer instead of sleeping and hoping it came. Start watching before the page opens the socket
 * (before page.goto); reloads open new sockets, which are watched too.
 */
export interface IpcWatch {
  /** Where the requests sent from now on begin, for `answered`. */
  mark(): number;
  /** Waits until main has answered ok to a request on `channel` that `matches`, among those sent since `since` (a mark; default all). */
  answered(channel: string, matches: (request: unknown) => boolean, description: string, since?: number): Promise<void>;
}

export function watchIpc(page: Page): IpcWatch {
  const sent: SentRequest[] = [];
  const answeredOk = new Map<WebSocket, Set<string>>();
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const frame = WireRequest.safeParse(parseJson(payload));
      if (frame.success) sent.push({ socket, id: String(frame.data.id), channel: frame.data.channel, request: frame.data.request });
    });
    socket.on('framereceived', ({ payload }) => {
      const frame = WireResponse.safeParse(parseJson(payload));
      if (frame.success && frame.data.id !== null && frame.data.result.ok) {
        const ids = answeredOk.get(socket) ?? new Set<string>();
        ids.add(String(frame.data.id));
        answeredOk.set(socket, ids);
      }
    });
  });
  return {
    mark: () => sent.length,
    async answered(channel, matches, description, since = 0) {
      const done = () => sent.slice(since).some((request) => request.channel === channel && matches(request.request) && answeredOk.get(request.socket)?.has(request.id) === true);
      await expect.poll(done, { message: `main answered ${channel}: ${description}`, timeout: 15_000 }).toBe(true);
    },
  };
}

/** A frame's JSON, or undefined for one that is not JSON (the wire schemas then refuse it). */
function parseJson(payload: string | Buffer): unknown {
  try {
    return JSON.parse(payload.toString()) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Waits until main holds the draft `key` with `fields` (every one named there; `{}`: the draft is
 * gone), as the page's drafts.put after a pause in typing tells it (among the requests since `since`).
 */
export function draftReachedMain(ipc: IpcWatch, key: string, fields: Record<string, string>, since = 0): Promise<void> {
  const expected = Object.entries(fields);
  return ipc.answered(
    'drafts.put',
    (request) => {
      const put = request as { key?: unknown; fields?: Record<string, unknown> } | null;
      if (put?.key !== key || typeof put.fields !== 'object' || put.fields === null) return false;
      const held = put.fields;
      return expected.length === 0 ? Object.keys(held).length === 0 : expected.every(([name, value]) => held[name] === value);
    },
    `the draft ${key} holds ${JSON.stringify(fields)}`,
    since,
  );
}
