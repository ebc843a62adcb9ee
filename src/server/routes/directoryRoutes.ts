import type { FastifyInstance } from 'fastify';
import {
  CustomerBatchRequest,
  CustomerSearchQuery,
  type AgentsResponse,
  type CustomerBatchResponse,
  type CustomerSearchResponse,
} from '../../shared/sync/protocol';
import { listAgents } from '../agents/listAgents';
import { loadCustomerDetails } from '../customers/customerDetails';
import { searchCustomers } from '../customers/searchCustomers';
import { authenticate } from '../http/authenticate';
import { parseRequest } from '../http/problems';
import type { RouteContext } from './context';

/** Read-only look-ups: customers for screen pops and the agent directory. */
export function registerDirectoryRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.get('/v1/customers/search', async (request): Promise<CustomerSearchResponse> => {
    await authenticate(request, db, now());
    const { q, limit } = parseRequest(CustomerSearchQuery, request.query, 'customer search');
    return { customers: await searchCustomers(db, q, limit) };
  });

  app.post('/v1/customers/batch', async (request): Promise<CustomerBatchResponse> => {
    await authenticate(request, db, now());
    const { ids } = parseRequest(CustomerBatchRequest, request.body, 'customer batch request');
    return { customers: await loadCustomerDetails(db, ids) };
  });

  app.get('/v1/agents', async (request): Promise<AgentsResponse> => {
    await authenticate(request, db, now());
    return { agents: await listAgents(db) };
  });
}
