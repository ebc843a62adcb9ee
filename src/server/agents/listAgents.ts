import type { Agent } from '../../shared/domain/agent';
import { AGENT_COLUMNS, agentFromRow } from '../auth/sessions';
import type { Queryable } from '../db/database';

export async function listAgents(db: Queryable): Promise<Agent[]> {
  const { rows } = await db.query(`SELECT ${AGENT_COLUMNS} FROM agents a ORDER BY a.username`);
  return rows.map(agentFromRow);
}

export async function findAgentForLogin(db: Queryable, username: string): Promise<{ agent: Agent; passwordHash: string } | null> {
  const { rows } = await db.query(`SELECT ${AGENT_COLUMNS}, a.password_hash FROM agents a WHERE a.username = $1`, [username.toLowerCase()]);
  const row = rows[0];
  return row ? { agent: agentFromRow(row), passwordHash: String(row.password_hash) } : null;
}
