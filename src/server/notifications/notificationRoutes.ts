import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CustomerNotificationsResponse } from '../../shared/notifications/deliveryLog';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from '../routes/context';
import { caseReadAccess } from '../sync/caseReadAccess';
import { defaultPolicyConfig } from '../sync/policyConfig';
import { loadAgents } from '../sync/serviceFacts';
import { listCaseNotifications } from './notificationLog';

const CaseParams = z.strictObject({ caseId: z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'a case reference such as AC-7K4MP-9QX2H') });

/** A case's customer-notification log: for whoever may read the case (canSeeCase, as scoped sync decides it). */
export function registerNotificationRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.get('/v1/cases/:caseId/notifications', async (request): Promise<CustomerNotificationsResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { caseId } = parseRequest(CaseParams, request.params, 'case reference');
    const config = await defaultPolicyConfig();
    if (!config.ok) throw new HttpProblem(503, 'policy_unavailable', 'The case service cannot decide which cases you may see right now.', `Fix the service's configuration: ${config.reason}`);
    const actor = (await loadAgents(db, [session.agent.id])).get(session.agent.id);
    const access = actor ? await caseReadAccess(db, actor, caseId, at, config.config) : 'forbidden';
    if (access === 'not_found') throw new HttpProblem(404, 'case_not_found', `There is no case ${caseId} on the case service.`, 'Check the reference; a case made offline appears once its desktop has synced.');
    if (access === 'forbidden') throw new HttpProblem(403, 'forbidden', `You may not read case ${caseId}, so not its customer notifications either.`, 'Ask its owner or their supervisor.');
    return { notifications: await listCaseNotifications(db, caseId) };
  });
}
