import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  PopCustomersRequest,
  PopLookupRequest,
  RevealRequest,
  type BranchCustomerIdsResponse,
  type PopCustomersResponse,
  type PopLookupResponse,
  type RevealResponse,
  type ServicePopCustomer,
} from '../../shared/screenpop/popProtocol';
import { loadCustomerDetails } from '../customers/customerDetails';
import { searchCustomers } from '../customers/searchCustomers';
import type { Queryable } from '../db/database';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import { loadAccountDigests } from '../screenpop/accountDigests';
import { lookupContactHits } from '../screenpop/lookupContact';
import { revealSensitive } from '../screenpop/revealSensitive';
import { sharedContactHolders } from '../screenpop/sharedContactHolders';
import type { RouteContext } from './context';

const CustomerIdParam = z.object({ customerId: z.string().min(1).max(64) });
const BranchIdParam = z.object({ branchId: z.string().min(1).max(64) });

/** Screen pops: customers with their account digests, contact look-ups, branch working sets, audited reveals. */
export function registerScreenPopRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.post('/v1/screen-pop/customers', async (request): Promise<PopCustomersResponse> => {
    await authenticate(request, db, now());
    const { ids, digestKey } = parseRequest(PopCustomersRequest, request.body, 'screen-pop customers request');
    return { customers: await popCustomers(db, [...ids, ...(await sharedContactHolders(db, ids))], digestKey) };
  });

  app.post('/v1/screen-pop/lookup', async (request): Promise<PopLookupResponse> => {
    await authenticate(request, db, now());
    const lookup = parseRequest(PopLookupRequest, request.body, 'screen-pop lookup');
    const answer = async (ids: readonly string[], hits: PopLookupResponse['hits']): Promise<PopLookupResponse> => {
      if (ids.length === 0) return { customers: [], hits, sharedHolders: [], more: false };
      const answered = new Set(ids);
      const all = await popCustomers(db, [...ids, ...(await sharedContactHolders(db, ids))], lookup.digestKey);
      return {
        customers: all.filter((customer) => answered.has(customer.detail.customer.id)),
        hits,
        sharedHolders: all.filter((customer) => !answered.has(customer.detail.customer.id)),
        more: false,
      };
    };
    if (lookup.identifiers) {
      const hits = await lookupContactHits(db, lookup.identifiers);
      return answer([...new Set(Object.values(hits).flat())].slice(0, lookup.limit), hits);
    }
    // One more than asked for, to say whether there are more than the list shows.
    const found = await searchCustomers(db, lookup.query ?? '', lookup.limit + 1);
    const shown = found.slice(0, lookup.limit);
    return { ...(await answer(shown.map((customer) => customer.id), {})), more: found.length > shown.length };
  });

  app.get('/v1/branches/:branchId/customer-ids', async (request): Promise<BranchCustomerIdsResponse> => {
    const session = await authenticate(request, db, now());
    const { branchId } = parseRequest(BranchIdParam, request.params, 'branch');
    const agent = session.agent;
    // Branch staff keep their own branch's customers; supervisors and compliance may look at any branch.
    if (agent.branchId !== branchId && agent.role !== 'supervisor' && agent.role !== 'compliance') {
      throw new HttpProblem(403, 'not_permitted', `Only staff of branch ${branchId} can load its customers.`);
    }
    const { rows } = await db.query<{ id: string }>('SELECT id FROM customers WHERE branch_id = $1 ORDER BY id', [branchId]);
    return { customerIds: rows.map((row) => row.id) };
  });

  app.post('/v1/customers/:customerId/reveal', async (request): Promise<RevealResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { customerId } = parseRequest(CustomerIdParam, request.params, 'customer');
    const reveal = parseRequest(RevealRequest, request.body, 'reveal request');
    return revealSensitive(db, session.agent, customerId, reveal, at);
  });
}

async function popCustomers(db: Queryable, ids: readonly string[], digestKey: string): Promise<ServicePopCustomer[]> {
  const [details, digests] = await Promise.all([loadCustomerDetails(db, ids), loadAccountDigests(db, ids, digestKey)]);
  return details.map((detail) => ({ detail, accountDigests: digests.get(detail.customer.id) ?? {} }));
}
