import { readServerSentEvents } from '../../../src/main/services/sync/liveNudges';

export interface LiveMessage {
  event: string;
  data: unknown;
}

export interface OpenedLive {
  status: number;
  /** Every message so far, in order. */
  messages: LiveMessage[];
  /** Resolves with the first message (from the start) that matches; rejects after timeoutMs. */
  next(match: (message: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  /** Resolves when the service closed the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A test's desktop end of GET /v1/sync/live, with the desktop's own parser. */
export async function openLive(baseUrl: string, token: string | null): Promise<OpenedLive> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/v1/sync/live`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: controller.signal });
  const messages: LiveMessage[] = [];
  const waiters = new Set<() => void>();
  const ended =
    response.ok && response.body
      ? readServerSentEvents(response.body, (event, data) => {
          messages.push({ event, data: JSON.parse(data) });
          for (const waiter of [...waiters]) waiter();
        }).catch(() => undefined)
      : Promise.resolve();
  if (!response.ok) messages.push({ event: 'refused', data: await response.json() });
  return {
    status: response.status,
    messages,
    ended,
    next(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

export const changedSeqs = (live: OpenedLive) => live.messages.filter((message) => message.event === 'changed').map((message) => (message.data as { seq: number }).seq);
