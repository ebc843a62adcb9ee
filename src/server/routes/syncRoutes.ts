import type { FastifyInstance } from 'fastify';
import { PullQuery, PushRequest, type PullResponse, type PushResponse } from '../../shared/sync/protocol';
import { authenticate } from '../http/authenticate';
import { parseRequest } from '../http/problems';
import { applyCaseEvents } from '../sync/applyCaseEvents';
import { pullEvents } from '../sync/pullEvents';
import type { RouteContext } from './context';

export function registerSyncRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.post('/v1/sync/push', async (request): Promise<PushResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { events } = parseRequest(PushRequest, request.body, 'push request', { schemaJudgesItems: true });
    // One transaction for the whole batch: invalid events are answered without touching it.
    const results = await db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: { agentId: session.agent.id, deviceId: session.deviceId }, now: at }));
    return { results };
  });

  app.get('/v1/sync/pull', async (request): Promise<PullResponse> => {
    await authenticate(request, db, now());
    const { after, limit } = parseRequest(PullQuery, request.query, 'pull query');
    return pullEvents(db, after, limit);
  });
}
