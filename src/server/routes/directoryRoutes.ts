import type { FastifyInstance } from 'fastify';
import { redactCustomer, redactCustomerDetail } from '../../shared/privacy/redactCustomer';
import {
  CustomerBatchRequest,
  CustomerSearchQuery,
  type AgentsResponse,
  type CustomerBatchResponse,
  type CustomerSearchResponse,
} from '../../shared/sync/protocol';
import { listAgents } from '../agents/listAgents';
import { loadCustomerDetails } from '../customers/customerDetails';
import { admitLookup, type CustomerLookupContext } from '../customers/lookupGate';
import { auditCustomerLookup } from '../customers/lookupAudit';
import { searchCustomers } from '../customers/searchCustomers';
import { authenticate } from '../http/authenticate';
import { parseRequest } from '../http/problems';
import type { RouteContext } from './context';

/**
 * Read-only look-ups: customers for screen pops and the agent directory. Customer answers are
 * redacted for the asking role, rate-limited per agent and audited, customer by customer.
 */
export function registerDirectoryRoutes(app: FastifyInstance, { db, now }: RouteContext, lookups: CustomerLookupContext): void {
  app.get('/v1/customers/search', async (request, reply): Promise<CustomerSearchResponse> => {
    const at = now();
    const { agent } = await authenticate(request, db, at);
    const { q, limit, caseId, contactId } = parseRequest(CustomerSearchQuery, request.query, 'customer search');
    admitLookup(lookups, agent, 'lookup', reply);
    const customers = await searchCustomers(db, q, limit);
    const answered = customers.map((customer) => redactCustomer(customer, agent));
    await auditCustomerLookup(db, { agent, customers: answered, via: 'search', caseId: caseId ?? null, contactId: contactId ?? null, at });
    return { customers: answered };
  });

  app.post('/v1/customers/batch', async (request, reply): Promise<CustomerBatchResponse> => {
    const at = now();
    const { agent } = await authenticate(request, db, at);
    const { ids, caseId, contactId } = parseRequest(CustomerBatchRequest, request.body, 'customer batch request');
    admitLookup(lookups, agent, 'batch', reply);
    const details = await loadCustomerDetails(db, ids);
    const answered = details.map((detail) => redactCustomerDetail(detail, agent));
    await auditCustomerLookup(db, { agent, customers: answered.map((detail) => detail.customer), via: 'batch', caseId: caseId ?? null, contactId: contactId ?? null, at });
    return { customers: answered };
  });

  app.get('/v1/agents', async (request): Promise<AgentsResponse> => {
    await authenticate(request, db, now());
    return { agents: await listAgents(db) };
  });
}
