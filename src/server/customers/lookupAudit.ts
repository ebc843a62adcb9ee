import { randomUUID } from 'node:crypto';
import type { Agent } from '../../shared/domain/agent';
import type { Customer } from '../../shared/domain/customer';
import { isMaskedPhone } from '../../shared/privacy/masking';
import type { Queryable } from '../db/database';
import { recordCustomerLookups } from './customerLookups';

export type LookupVia = 'search' | 'batch' | 'pop_lookup' | 'working_set';

export interface LookupRecord {
  agent: Pick<Agent, 'id'>;
  /** The customers as the answer carries them (redacted for the agent). */
  customers: readonly Pick<Customer, 'id' | 'phone'>[];
  via: LookupVia;
  caseId: string | null;
  contactId: string | null;
  at: Date;
}

/**
 * One audit row per customer whose details an answer carries, with whether they went masked or in
 * full, written before the answer leaves (a failed write fails the request), as reveals are in
 * sensitive_access_audit. A pop or a search also counts as the agent having looked the customer
 * up, for scoped sync.
 */
export async function auditCustomerLookup(db: Queryable, record: LookupRecord): Promise<void> {
  const byId = new Map(record.customers.map((customer) => [customer.id, isMaskedPhone(customer.phone)]));
  if (byId.size === 0) return;
  const ids = [...byId.keys()];
  await db.query(
    `INSERT INTO customer_lookup_audit (audit_id, agent_id, customer_id, via, case_id, contact_id, masked, at)
     SELECT audit_id::uuid, $4, customer_id, $5, $6, $7, masked, $8
       FROM unnest($1::text[], $2::text[], $3::boolean[]) AS t (audit_id, customer_id, masked)`,
    [ids.map(() => randomUUID()), ids, ids.map((id) => byId.get(id) ?? true), record.agent.id, record.via, record.caseId, record.contactId, record.at],
  );
  if (record.via === 'search' || record.via === 'pop_lookup') await recordCustomerLookups(db, record.agent.id, ids, record.at);
}
