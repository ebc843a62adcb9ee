import type { Agent } from '../../../shared/domain/agent';
import { EVENT_SCHEMA_VERSION, parseCaseEvent, type CaseEventDraft } from '../../../shared/domain/caseEvent';
import type { CaseState } from '../../../shared/domain/caseState';
import { decideCaseEvent, type Decision, type PolicyConfig } from '../../../shared/policy/casePolicy';
import { BUNDLED_QUEUES } from '../../../shared/policy/queuesConfig';
import { BUNDLED_ROLES } from '../../../shared/policy/rolesConfig';

/** The desktop decides with the roles and queues it ships with; remediation is not decided here (the workflow does that). */
export const DESKTOP_POLICY_CONFIG: PolicyConfig = { roles: BUNDLED_ROLES, queues: BUNDLED_QUEUES, remediation: null };

/** A draft before it has its event id (the id is given per attempt when it is recorded). */
export type ActionDraft = CaseEventDraft extends infer D ? (D extends CaseEventDraft ? Omit<D, 'id'> : never) : never;

export interface DraftContext {
  before: CaseState | null;
  actor: Agent;
  agentsById: Readonly<Record<string, Agent>>;
  now: number;
}

/**
 * Runs the case policy on what the agent is about to record, the way the service will when it
 * arrives: an action the service would refuse is disabled here with the same reason. Facts only
 * the service knows (the customer's branch, the session's device) are left to the service.
 */
export function decideDraft(draft: ActionDraft, { before, actor, agentsById, now }: DraftContext): Decision {
  const parsed = parseCaseEvent({
    ...draft,
    // Any id will do: the policy judges what the event says, not which attempt it is.
    id: '00000000-0000-4000-8000-000000000000',
    schemaVersion: EVENT_SCHEMA_VERSION,
    at: new Date(now).toISOString(),
    hlc: `${now}:0:this-desktop`,
    actorId: actor.id,
    deviceId: 'this-desktop',
  });
  if (!parsed.ok) return { allowed: false, code: 'invalid_state', reason: parsed.reason };
  return decideCaseEvent({
    event: parsed.event,
    before,
    actor,
    // The owner's team comes from the agent directory this desktop holds, so a supervisor's team reach is judged here too.
    facts: { origin: 'desktop', agent: (agentId) => agentsById[agentId], scope: { ownerTeamId: before?.ownerId ? (agentsById[before.ownerId]?.teamId ?? null) : null } },
    config: DESKTOP_POLICY_CONFIG,
  });
}
