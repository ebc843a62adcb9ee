import type { Queryable } from '../db/database';
import { insertRows } from '../db/insertRows';
import { DEMO_AGENTS } from './demoAgents';
import { DEMO_UNENROLLED_USERS, demoTotpSecret } from './demoMfa';

/** Enrols every demo agent but the unenrolled ones with their demo secret (the demo seed, and test directories of demo agents). */
export async function enrolDemoAgents(tx: Queryable, at: Date): Promise<void> {
  const enrolled = DEMO_AGENTS.filter((agent) => !DEMO_UNENROLLED_USERS.includes(agent.username));
  await insertRows(
    tx,
    'mfa_enrolments',
    ['agent_id', 'secret', { name: 'confirmed_at', cast: 'timestamptz' }],
    enrolled.map((agent) => [agent.id, demoTotpSecret(agent.username), at.toISOString()]),
  );
}
