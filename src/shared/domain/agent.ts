import { z } from 'zod';
import { Role } from './enums';

export const Agent = z.object({
  id: z.string().min(1),
  username: z.string().min(1),
  displayName: z.string().min(1),
  role: Role,
  teamId: z.string().min(1),
  /** Branch staff belong to a branch; contact-centre staff do not. */
  branchId: z.string().nullable(),
  timeZone: z.string().min(1),
  /**
   * What this person is trained for (e.g. `fraud`, `disputes`, `aml`, `senior`): queues and restricted
   * case types name the skills they need (resources/queues.json, resources/roles.json).
   */
  skills: z.array(z.string().min(1).max(32)).max(32).default([]),
});
export type Agent = z.infer<typeof Agent>;

/** The case service's own actor for automatic SLA escalations: not a person, never signs in. */
export const SLA_ACTOR_ID = 'system:sla';

/** How a non-agent actor reads in the console; agent ids resolve through the agent directory instead. */
export function systemActorName(actorId: string): string {
  if (actorId === SLA_ACTOR_ID) return 'SLA monitor (automatic)';
  if (actorId.startsWith('system:')) return 'Case service (automatic)';
  return actorId;
}
