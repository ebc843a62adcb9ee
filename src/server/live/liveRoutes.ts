import type { FastifyInstance } from 'fastify';
import { LIVE_HEARTBEAT_MS, LIVE_PATH } from '../../shared/sync/protocol';
import { authenticate, bearerToken } from '../http/authenticate';
import { HttpProblem } from '../http/problems';
import type { RouteContext } from '../routes/context';
import { defaultPolicyConfig } from '../sync/policyConfig';
import type { LiveHub } from './liveHub';
import { createLiveStream } from './liveStream';

/** How often an open stream re-reads its session, besides at once when the agent's sessions are ended. */
const SESSION_CHECK_MS = 10_000;

/**
 * GET /v1/sync/live: server-sent events that tell a signed-in desktop when something in its scope
 * changed (see LiveChanged in src/shared/sync/protocol.ts). Refused like the pull — 401 without a
 * valid session, 503 without the roles file — before the stream opens; once open, it ends with an
 * `end` message when the session is revoked or expires, and when the service shuts down.
 */
export function registerLiveRoutes(app: FastifyInstance, { db, now }: RouteContext, hub: LiveHub): void {
  const openStreams = new Set<() => void>();
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    for (const finish of [...openStreams]) finish();
  });
  app.addHook('onClose', async () => {
    await hub.close();
  });

  app.get(LIVE_PATH, async (request, reply) => {
    const session = await authenticate(request, db, now());
    const config = await defaultPolicyConfig();
    if (!config.ok) throw new HttpProblem(503, 'policy_unavailable', 'The case service cannot decide which cases you may see right now.', `Fix the service's configuration: ${config.reason}`);
    const token = bearerToken(request)!; // authenticate found it
    if (closing) throw new HttpProblem(503, 'service_stopping', 'The case service is shutting down.', 'It reconnects by itself when the service is back.');

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'x-accel-buffering': 'no' });
    raw.flushHeaders();
    let done = false;
    let unsubscribe: (() => void) | null = null;
    const write = (text: string) => {
      if (!done && !raw.destroyed) raw.write(text);
    };
    const message = (name: string, data: unknown) => write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    const stream = createLiveStream({
      db,
      token,
      agentId: session.agent.id,
      now,
      ready: (head) => message('ready', { seq: head, scope: true }),
      send: (changed) => message('changed', changed),
      end: (reason) => {
        message('end', reason);
        finish();
      },
    });
    const timers = [setInterval(() => write(': keep-alive\n\n'), LIVE_HEARTBEAT_MS), setInterval(() => stream.checkSession(), SESSION_CHECK_MS)];
    const untilExpiry = session.expiresAt.getTime() - now().getTime();
    const expiry = untilExpiry < 2 ** 31 ? setTimeout(() => stream.checkSession(), Math.max(0, untilExpiry) + 50) : null;
    for (const timer of [...timers, expiry]) timer?.unref();

    function finish(): void {
      if (done) return;
      done = true;
      openStreams.delete(finish);
      stream.close();
      unsubscribe?.();
      for (const timer of timers) clearInterval(timer);
      if (expiry) clearTimeout(expiry);
      if (!raw.destroyed) raw.end();
    }
    openStreams.add(finish);
    raw.on('close', finish);
    raw.on('error', finish);

    try {
      const stop = await hub.subscribe((signal) => stream.onSignal(signal));
      if (done) stop();
      else unsubscribe = stop;
      if (!done) await stream.open(hub.head());
    } catch (error) {
      request.log.warn({ err: error }, 'live stream could not start');
      finish();
    }
  });
}
