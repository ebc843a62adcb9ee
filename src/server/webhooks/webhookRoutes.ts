import type { FastifyInstance } from 'fastify';
import type { Role } from '../../shared/domain/enums';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from '../routes/context';
import { DeliveryLogQuery, listWebhookDeliveries, type WebhookDeliveriesResponse } from './deliveryLog';

/** Who may read the delivery log: it shows which outside systems were told about which cases. */
export const DELIVERY_LOG_ROLES: readonly Role[] = ['supervisor', 'compliance'];

export function registerWebhookRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.get('/v1/webhooks/deliveries', async (request): Promise<WebhookDeliveriesResponse> => {
    const session = await authenticate(request, db, now());
    if (!DELIVERY_LOG_ROLES.includes(session.agent.role)) {
      throw new HttpProblem(403, 'forbidden', 'The webhook delivery log is open to supervisors and compliance only.', 'Ask a supervisor or the compliance team.');
    }
    const query = parseRequest(DeliveryLogQuery, request.query, 'delivery log query');
    return { deliveries: await listWebhookDeliveries(db, query) };
  });
}
