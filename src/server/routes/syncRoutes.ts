import type { FastifyInstance } from 'fastify';
import { PullQuery, PushRequest, type PullResponse, type PushResponse } from '../../shared/sync/protocol';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import { applyCaseEvents } from '../sync/applyCaseEvents';
import { defaultPolicyConfig } from '../sync/policyConfig';
import { pullEvents } from '../sync/pullEvents';
import type { RouteContext } from './context';

export function registerSyncRoutes(app: FastifyInstance, { db, now, caseOutbox, afterCaseWrite }: RouteContext): void {
  app.post('/v1/sync/push', async (request): Promise<PushResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { events } = parseRequest(PushRequest, request.body, 'push request', { schemaJudgesItems: true });
    // One transaction for the whole batch: invalid events are answered without touching it.
    const outbox = caseOutbox?.();
    const results = await db.transaction((tx) =>
      applyCaseEvents(tx, events, { pushedBy: { agentId: session.agent.id, deviceId: session.deviceId }, now: at, ...(outbox ? { outbox } : {}) }),
    );
    if (results.some((result) => result.outcome === 'applied')) afterCaseWrite?.();
    return { results };
  });

  app.get('/v1/sync/pull', async (request): Promise<PullResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { after, limit } = parseRequest(PullQuery, request.query, 'pull query');
    const config = await defaultPolicyConfig();
    // Without the roles file nobody's scope can be decided, and sending everything is not an option.
    if (!config.ok) throw new HttpProblem(503, 'policy_unavailable', 'The case service cannot decide which cases you may see right now.', `Fix the service's configuration: ${config.reason}`);
    return pullEvents(db, { agent: session.agent, deviceId: session.deviceId }, after, limit, at, config.config);
  });
}
