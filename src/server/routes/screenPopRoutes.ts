import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Agent } from '../../shared/domain/agent';
import { hasPermission } from '../../shared/policy/rolesConfig';
import { redactCustomerDetail } from '../../shared/privacy/redactCustomer';
import {
  PopCustomersRequest,
  PopLookupRequest,
  RevealRequest,
  type BranchCustomerIdsResponse,
  type DigestKeyResponse,
  type PopCustomersResponse,
  type PopLookupResponse,
  type RevealResponse,
  type ServicePopCustomer,
} from '../../shared/screenpop/popProtocol';
import { hashToken, type Session } from '../auth/sessions';
import { loadCustomerDetails } from '../customers/customerDetails';
import { admitLookup, type CustomerLookupContext } from '../customers/lookupGate';
import { auditCustomerLookup, type LookupVia } from '../customers/lookupAudit';
import { searchCustomers } from '../customers/searchCustomers';
import type { Database, Queryable } from '../db/database';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import { loadCustomerDigests } from '../screenpop/customerDigests';
import { sessionDigestKey, type IssuedDigestKey } from '../screenpop/digestKeys';
import { lookupContactHits } from '../screenpop/lookupContact';
import { revealSensitive } from '../screenpop/revealSensitive';
import { sharedContactHolders } from '../screenpop/sharedContactHolders';
import type { RouteContext } from './context';

const CustomerIdParam = z.object({ customerId: z.string().min(1).max(64) });
const BranchIdParam = z.object({ branchId: z.string().min(1).max(64) });

/**
 * Screen pops: customers with the digests of their identifiers, contact look-ups, branch working
 * sets, audited reveals. Details are redacted for the asking role, every answer is audited and
 * counted against the agent's look-up allowance, and digests use the key the service issued to
 * the session (never one the client sends).
 */
export function registerScreenPopRoutes(app: FastifyInstance, { db, now }: RouteContext, lookups: CustomerLookupContext): void {
  async function digestKeyFor(request: FastifyRequest, session: Session, at: Date): Promise<IssuedDigestKey> {
    return sessionDigestKey(db, sessionTokenHash(request), session, at, lookups.limits().digestKeyHours);
  }

  app.post('/v1/screen-pop/digest-key', async (request): Promise<DigestKeyResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    if (!hasPermission(session.agent.role, 'view_customer')) throw new HttpProblem(403, 'not_permitted', 'Your role cannot look up customers, so it has no digest key.');
    const issued = await digestKeyFor(request, session, at);
    return { keyId: issued.keyId, key: issued.key.toString('base64url'), expiresAt: issued.expiresAt.toISOString() };
  });

  app.post('/v1/screen-pop/customers', async (request, reply): Promise<PopCustomersResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const { ids, caseId, contactId } = parseRequest(PopCustomersRequest, request.body, 'screen-pop customers request');
    admitLookup(lookups, session.agent, 'batch', reply);
    const issued = await digestKeyFor(request, session, at);
    const customers = await popCustomers(db, [...ids, ...(await sharedContactHolders(db, ids))], issued.key, session.agent);
    await audit(db, session.agent, customers, 'working_set', { caseId, contactId }, at);
    return { keyId: issued.keyId, customers };
  });

  app.post('/v1/screen-pop/lookup', async (request, reply): Promise<PopLookupResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const lookup = parseRequest(PopLookupRequest, request.body, 'screen-pop lookup');
    admitLookup(lookups, session.agent, 'lookup', reply);
    const issued = await digestKeyFor(request, session, at);
    const answer = async (ids: readonly string[], hits: PopLookupResponse['hits']): Promise<PopLookupResponse> => {
      if (ids.length === 0) return { keyId: issued.keyId, customers: [], hits, sharedHolders: [], more: false };
      const answered = new Set(ids);
      const all = await popCustomers(db, [...ids, ...(await sharedContactHolders(db, ids))], issued.key, session.agent);
      const customers = all.filter((customer) => answered.has(customer.detail.customer.id));
      const sharedHolders = all.filter((customer) => !answered.has(customer.detail.customer.id));
      await audit(db, session.agent, customers, 'pop_lookup', lookup, at);
      // Kept for offline pops, not looked up: audited, but they do not widen the agent's scope.
      await audit(db, session.agent, sharedHolders, 'working_set', lookup, at);
      return { keyId: issued.keyId, customers, hits, sharedHolders, more: false };
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

async function popCustomers(db: Queryable, ids: readonly string[], key: Buffer, agent: Agent): Promise<ServicePopCustomer[]> {
  const [details, digests] = await Promise.all([loadCustomerDetails(db, ids), loadCustomerDigests(db, ids, key)]);
  return details.flatMap((detail) => {
    const forCustomer = digests.get(detail.customer.id);
    return forCustomer ? [{ detail: redactCustomerDetail(detail, agent), digests: forCustomer }] : [];
  });
}

function audit(db: Database, agent: Agent, customers: readonly ServicePopCustomer[], via: LookupVia, served: { caseId?: string | undefined; contactId?: string | undefined }, at: Date): Promise<void> {
  return auditCustomerLookup(db, { agent, customers: customers.map((customer) => customer.detail.customer), via, caseId: served.caseId ?? null, contactId: served.contactId ?? null, at });
}

/** The session a request is made in, as stored (authenticate() has already accepted the token). */
function sessionTokenHash(request: FastifyRequest): string {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (!token) throw new Error('sessionTokenHash called before authenticate()');
  return hashToken(token);
}
