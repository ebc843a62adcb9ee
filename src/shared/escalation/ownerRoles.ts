import type { Role } from '../domain/enums';
import type { EscalationTargetId } from '../workflow/definition';

/**
 * Who can own a case escalated to each target. The roles stand in for teams this console has
 * no separate role for: specialists work fraud, disputes, AML and Tier 2 digital banking;
 * compliance officers hold the compliance, privacy and legal queues; supervisors take
 * supervisor and executive reviews (they raise them to executives outside the console).
 */
export const ESCALATION_OWNER_ROLES: Readonly<Record<EscalationTargetId, readonly Role[]>> = {
  supervisor: ['supervisor'],
  fraud_investigations: ['specialist'],
  disputes_team: ['specialist'],
  aml_investigations: ['specialist'],
  digital_banking_support: ['specialist'],
  compliance_office: ['compliance'],
  privacy_office: ['compliance'],
  executive_review: ['supervisor'],
  legal: ['compliance'],
};

/** Candidates for a target, the escalating agent's own team first. */
export function escalationOwners<A extends { id: string; role: Role; teamId: string; displayName: string }>(target: EscalationTargetId, agents: readonly A[], teamId: string | null): A[] {
  const roles = ESCALATION_OWNER_ROLES[target];
  return agents
    .filter((agent) => roles.includes(agent.role))
    .sort((a, b) => Number(b.teamId === teamId) - Number(a.teamId === teamId) || a.displayName.localeCompare(b.displayName));
}
