import { z } from 'zod';
import type { CaseState } from '../../shared/domain/caseState';
import type { CaseType, Role } from '../../shared/domain/enums';

/**
 * The escalation matrix of REQUIREMENTS.md. The frontline owner is level 1 (as every new case
 * starts, and the same levels manual escalations use); a breached
 * service clock moves the case up one step per threshold of business time overdue (on the
 * clock's own calendar, so nights, holidays and waits on the customer do not count):
 *   2. supervisor of the owner's team, at the breach;
 *   3. specialist / investigations (fraud, AML, disputes; compliance for regulatory complaints
 *      and data subject requests), after 24 business hours overdue;
 *   4. executive review / legal, after 72 business hours overdue.
 * The directory has no executive role: the compliance officer (demo agent "compliance") takes
 * executive-review and legal escalations.
 */
export const EscalationTarget = z.enum(['team_supervisor', 'specialist', 'executive_review']);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

export const EscalationStep = z.strictObject({
  level: z.number().int().min(1).max(4),
  /** Business minutes past the clock's due instant after which this step applies. */
  afterOverdueMinutes: z.number().int().nonnegative(),
  target: EscalationTarget,
  label: z.string().min(1).max(60),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

export const EscalationSteps = z
  .array(EscalationStep)
  .min(1)
  .max(4)
  .superRefine((steps, context) => {
    steps.forEach((step, index) => {
      const previous = steps[index - 1];
      if (previous && step.level <= previous.level) context.addIssue({ code: 'custom', path: [index, 'level'], message: 'levels must increase from step to step' });
      if (previous && step.afterOverdueMinutes < previous.afterOverdueMinutes) {
        context.addIssue({ code: 'custom', path: [index, 'afterOverdueMinutes'], message: 'a higher level cannot start earlier than a lower one' });
      }
    });
  });

const HOUR_MINUTES = 60;

export const DEFAULT_ESCALATION_STEPS: readonly EscalationStep[] = EscalationSteps.parse([
  { level: 2, afterOverdueMinutes: 0, target: 'team_supervisor', label: 'team supervisor' },
  { level: 3, afterOverdueMinutes: 24 * HOUR_MINUTES, target: 'specialist', label: 'specialist' },
  { level: 4, afterOverdueMinutes: 72 * HOUR_MINUTES, target: 'executive_review', label: 'executive review' },
]);

/** What the matrix needs to know about an agent. */
export interface DirectoryAgent {
  id: string;
  role: Role;
  teamId: string;
}

/** The highest step whose threshold an overdue clock has passed; null before the breach. */
export function stepForOverdue(steps: readonly EscalationStep[], overdueBusinessMs: number, breached: boolean): EscalationStep | null {
  if (!breached) return null;
  let reached: EscalationStep | null = null;
  for (const step of steps) if (overdueBusinessMs >= step.afterOverdueMinutes * 60_000) reached = step;
  return reached;
}

const COMPLIANCE_CASES: readonly CaseType[] = ['regulatory_complaint', 'data_subject_request'];

/**
 * Who takes the case at a step, chosen deterministically (lowest agent id among equals) so two
 * service instances pick the same person. Null when the directory has nobody for the step.
 */
export function escalationOwner(target: EscalationTarget, caseState: Pick<CaseState, 'ownerId' | 'caseType'>, agents: readonly DirectoryAgent[]): string | null {
  const sorted = [...agents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const withRole = (role: Role) => sorted.filter((agent) => agent.role === role);
  switch (target) {
    case 'team_supervisor': {
      const owner = sorted.find((agent) => agent.id === caseState.ownerId);
      const supervisors = withRole('supervisor');
      const others = supervisors.filter((agent) => agent.id !== caseState.ownerId);
      // The owner's own team lead first; a team without one (or a supervisor's own case) goes to another supervisor.
      return (owner && others.find((agent) => agent.teamId === owner.teamId)?.id) ?? others[0]?.id ?? supervisors[0]?.id ?? null;
    }
    case 'specialist': {
      const preferred: Role[] = COMPLIANCE_CASES.includes(caseState.caseType) ? ['compliance', 'specialist'] : ['specialist', 'compliance'];
      for (const role of preferred) {
        const candidate = withRole(role)[0];
        if (candidate) return candidate.id;
      }
      return null;
    }
    case 'executive_review':
      return withRole('compliance')[0]?.id ?? withRole('supervisor')[0]?.id ?? null;
  }
}
