import type { FastifyReply } from 'fastify';
import type { Agent } from '../../shared/domain/agent';
import { hasPermission } from '../../shared/policy/rolesConfig';
import type { LookupLimits } from '../../shared/screenpop/lookupLimits';
import { HttpProblem } from '../http/problems';
import type { LookupKind, LookupRateLimit } from './lookupRateLimit';

/** What every route that answers customer details shares: the configured limits and one per-agent allowance. */
export interface CustomerLookupContext {
  limits: () => LookupLimits;
  rateLimit: LookupRateLimit;
}

/**
 * Lets a look-up through or answers why not: 403 for a role that may not look customers up,
 * 429 with Retry-After once the agent's allowance for the minute is spent.
 */
export function admitLookup(context: CustomerLookupContext, agent: Agent, kind: LookupKind, reply: FastifyReply): void {
  if (!hasPermission(agent.role, 'view_customer')) throw new HttpProblem(403, 'not_permitted', 'Your role cannot look up customers.');
  const admission = context.rateLimit.admit(agent.id, kind);
  if (admission.admitted) return;
  void reply.header('Retry-After', String(admission.retryAfterSeconds));
  throw new HttpProblem(
    429,
    'too_many_lookups',
    `Too many customer ${kind === 'lookup' ? 'look-ups' : 'reads'} in a minute (at most ${kind === 'lookup' ? context.limits().lookupsPerMinute : context.limits().batchesPerMinute}).`,
    `Try again in ${admission.retryAfterSeconds} s.`,
  );
}
