import type { Agent } from '../domain/agent';

/** Who is acting, as the policy needs to know them: the signed-in agent (from the session, never from the event). */
export type PolicyActor = Pick<Agent, 'id' | 'role' | 'teamId' | 'branchId' | 'skills' | 'displayName'>;
