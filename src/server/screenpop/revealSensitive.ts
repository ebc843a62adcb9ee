import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../shared/policy/rolesConfig';
import { seesContactDetailsInFull } from '../../shared/privacy/redactCustomer';
import type { Agent } from '../../shared/domain/agent';
import type { RevealRequest } from '../../shared/screenpop/popProtocol';
import type { Database } from '../db/database';
import { HttpProblem } from '../http/problems';

export type RevealOutcome = 'revealed' | 'denied' | 'not_available';

/**
 * Shows one masked value in full to an agent whose role holds `reveal_sensitive`. Every attempt
 * (granted, refused, or for a value that does not exist) is written to sensitive_access_audit in
 * the same transaction that reads the value, so no value leaves without its audit row.
 */
export async function revealSensitive(db: Database, agent: Agent, customerId: string, request: RevealRequest, at: Date): Promise<{ value: string; auditId: string }> {
  const auditId = randomUUID();
  const audit = (tx: Pick<Database, 'query'>, outcome: RevealOutcome) =>
    tx.query(
      `INSERT INTO sensitive_access_audit (audit_id, agent_id, customer_id, field, target_id, case_id, reason, outcome, at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [auditId, agent.id, customerId, request.field, request.targetId, request.caseId, request.reason, outcome, at],
    );

  if (!hasPermission(agent.role, 'reveal_sensitive')) {
    await audit(db, 'denied');
    throw new HttpProblem(403, 'not_permitted', 'Your role cannot reveal masked values; the attempt was recorded.', 'Ask a specialist or a supervisor to read it to you.');
  }

  // Branch staff reveal only their branch's customers: the same rule that masks the others' answers.
  const { rows: owners } = await db.query<{ branch_id: string }>('SELECT branch_id FROM customers WHERE id = $1', [customerId]);
  const owner = owners[0];
  if (owner && !seesContactDetailsInFull(agent, { branchId: owner.branch_id })) {
    await audit(db, 'denied');
    throw new HttpProblem(403, 'not_permitted', `Your role reveals masked values only for customers of branch ${agent.branchId ?? '(none)'}; the attempt was recorded.`, 'Ask the customer’s own branch or a specialist.');
  }

  const found = await db.transaction(async (tx) => {
    const value = await readValue(tx, customerId, request);
    if (value.kind === 'value') await audit(tx, 'revealed');
    return value;
  });
  if (found.kind === 'value') return { value: found.value, auditId };
  await audit(db, 'not_available');
  throw found.problem;
}

type Lookup = { kind: 'value'; value: string } | { kind: 'problem'; problem: HttpProblem };

async function readValue(tx: Pick<Database, 'query'>, customerId: string, request: RevealRequest): Promise<Lookup> {
  const missing = (what: string) => ({ kind: 'problem' as const, problem: new HttpProblem(404, 'not_found', `No ${what} for customer ${customerId}.`) });
  switch (request.field) {
    case 'account_number': {
      const { rows } = await tx.query<{ account_number: string }>('SELECT account_number FROM accounts WHERE id = $1 AND customer_id = $2', [request.targetId, customerId]);
      const row = rows[0];
      return row ? { kind: 'value', value: row.account_number } : missing(`account ${request.targetId}`);
    }
    case 'phone':
    case 'email': {
      if (request.targetId !== customerId) return missing(`${request.field} target ${request.targetId}`);
      const { rows } = await tx.query<{ phone: string; email: string }>('SELECT phone, email FROM customers WHERE id = $1', [customerId]);
      const row = rows[0];
      return row ? { kind: 'value', value: request.field === 'phone' ? row.phone : row.email } : missing('customer');
    }
    case 'card_number':
      return {
        kind: 'problem',
        problem: new HttpProblem(422, 'not_stored', 'Full card numbers are never stored (PCI DSS); only the last 4 digits exist, and they are already shown.'),
      };
    case 'address':
      return { kind: 'problem', problem: new HttpProblem(422, 'not_held', 'The case service holds no postal address for this customer.') };
  }
}
