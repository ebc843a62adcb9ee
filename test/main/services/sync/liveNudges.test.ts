import { describe, expect, it, vi } from 'vitest';
import { createLiveNudges, readServerSentEvents } from '../../../../src/main/services/sync/liveNudges';
import type { LiveChanged } from '../../../../src/shared/sync/protocol';
import { ManualScheduler } from '../../fakes';

/** A response body; one kept open ends as fetch's would when the request is aborted. */
function streamOf(chunks: string[], keepOpenUntil?: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (!keepOpenUntil) controller.close();
      else keepOpenUntil.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    },
  });
}

describe('readServerSentEvents', () => {
  it('reads messages split anywhere across chunks, skips heartbeats and names the event', async () => {
    const seen: [string, string][] = [];
    await readServerSentEvents(streamOf(['event: rea', 'dy\ndata: {"seq":3,', '"scope":true}\n\n: keep-alive\n\n', 'event: changed\r\ndata: {"seq":9,"scope":false}\r\n\r\n', 'data: plain\n\n']), (event, data) => seen.push([event, data]));
    expect(seen).toEqual([
      ['ready', '{"seq":3,"scope":true}'],
      ['changed', '{"seq":9,"scope":false}'],
      ['message', 'plain'],
    ]);
  });
});

describe('live nudges (the desktop end of GET /v1/sync/live)', () => {
  it('reports nudges, says when the stream drops, reconnects with backoff (also after a refusal) and says when it is back', async () => {
    const scheduler = new ManualScheduler();
    const answers: ((signal: AbortSignal) => Response)[] = [
      () => new Response(streamOf(['event: ready\ndata: {"seq":5,"scope":true}\n\n', 'event: changed\ndata: {"seq":7,"scope":false}\n\n']), { status: 200 }),
      () => new Response(JSON.stringify({ error: { code: 'session_expired', message: 'expired' } }), { status: 401 }),
      (signal) => new Response(streamOf(['event: ready\ndata: {"seq":8,"scope":true}\n\n'], signal), { status: 200 }),
    ];
    const requests: { url: string; authorization: string | null }[] = [];
    const fetchFake = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      requests.push({ url: String(url), authorization: new Headers(init?.headers).get('authorization') });
      return answers.shift()!(init!.signal!);
    });
    const changes: LiveChanged[] = [];
    const connected: boolean[] = [];
    const live = createLiveNudges({
      baseUrl: 'http://service.test/',
      getToken: () => 'token-1',
      onChanged: (change) => changes.push(change),
      onConnectedChange: (value) => connected.push(value),
      fetch: fetchFake as unknown as typeof fetch,
      scheduler,
      random: () => 1,
      backoff: { initialMs: 1_000, maxMs: 30_000 },
    });
    live.start();
    await vi.waitFor(() => expect(connected).toEqual([true, false]));
    expect(changes).toEqual([{ seq: 5, scope: true }, { seq: 7, scope: false }]);
    expect(requests[0]).toEqual({ url: 'http://service.test/v1/sync/live', authorization: 'Bearer token-1' });
    // Dropped: the next try waits out the backoff (the first after a good stream: initial delay).
    await vi.waitFor(() => expect(scheduler.pendingDelays).toContain(1_000));
    scheduler.advance(1_000);
    await vi.waitFor(() => expect(fetchFake).toHaveBeenCalledTimes(2));
    await vi.waitFor(() => expect(scheduler.pendingDelays).toContain(2_000)); // refused: backs off further
    scheduler.advance(2_000);
    await vi.waitFor(() => expect(connected).toEqual([true, false, true]));
    expect(live.connected).toBe(true);
    expect(changes.at(-1)).toEqual({ seq: 8, scope: true });
    await live.stop();
    expect(connected).toEqual([true, false, true, false]);
  });
});
