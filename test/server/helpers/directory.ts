import type { Role } from '../../../src/shared/domain/enums';
import type { Queryable } from '../../../src/server/db/database';

export interface TestAgent {
  id: string;
  role: Role;
  teamId: string;
  branchId?: string | null;
  skills?: string[];
}

/** Agents the case policy decides by (the service reads role, team, branch and skills from this table). */
export async function insertAgents(db: Queryable, agents: readonly TestAgent[]): Promise<void> {
  for (const agent of agents) {
    await db.query(
      "INSERT INTO agents (id, username, display_name, role, team_id, branch_id, time_zone, password_hash, skills) VALUES ($1, lower($1), $1, $2, $3, $4, 'America/New_York', 'x', $5::text[])",
      [agent.id, agent.role, agent.teamId, agent.branchId ?? null, agent.skills ?? []],
    );
  }
}

export interface TestCustomer {
  id: string;
  tier?: 'standard' | 'premium' | 'vip';
  branchId?: string;
  staff?: boolean;
}

export async function insertCustomers(db: Queryable, customers: readonly TestCustomer[]): Promise<void> {
  for (const customer of customers) {
    await db.query(
      "INSERT INTO customers (id, full_name, tier, segment, phone, email, branch_id, customer_since, staff) VALUES ($1, 'Test Customer', $2, 'retail', '+15550100000', 'test@example.com', $3, '2020-01-01', $4)",
      [customer.id, customer.tier ?? 'standard', customer.branchId ?? 'BR-002', customer.staff ?? false],
    );
  }
}
