import { z } from 'zod';
import type { CaseState } from '../../shared/domain/caseState';
import type { CaseType, Role } from '../../shared/domain/enums';
import bundledMatrix from '../../../resources/escalation-matrix.json' with { type: 'json' };

/**
 * The escalation matrix of REQUIREMENTS.md, as data (resources/escalation-matrix.json). Level 1
 * is the frontline owner every new case starts with; manual escalations (the workflow targets
 * in src/shared/workflow/definition.ts) and this sweeper use the same levels. A breached service
 * clock moves the case up to the step its business time overdue (on the clock's own calendar,
 * so nights, holidays and waits on the customer do not count) has reached, and only up: a case
 * someone escalated by hand keeps moving along the matrix while it stays overdue.
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

const hours = z.number().nonnegative().max(24 * 365);

/** One rung of the matrix file. Level 1 is the case's own owner: nothing escalates to it. */
const MatrixLevel = z.strictObject({
  level: z.number().int().min(1).max(4),
  owner: z.union([z.literal('case_owner'), EscalationTarget]),
  label: z.string().trim().min(1).max(60),
  /** The time frame REQUIREMENTS.md gives the rung, from the case's start (null: open-ended). */
  window: z.strictObject({ fromHours: hours, toHours: hours.nullable() }).refine((w) => w.toHours === null || w.toHours >= w.fromHours, 'toHours must not be before fromHours'),
  /** Business hours past a breached clock's due instant after which the case moves here; null for level 1. */
  afterOverdueHours: hours.nullable(),
});

export const EscalationMatrix = z
  .strictObject({
    version: z.number().int().positive(),
    source: z.string().trim().min(1),
    description: z.string().max(1000).optional(),
    levels: z.array(MatrixLevel).length(4, 'the matrix has four levels: frontline, supervisor, specialist, executive/legal'),
  })
  .superRefine((matrix, context) => {
    matrix.levels.forEach((entry, index) => {
      if (entry.level !== index + 1) context.addIssue({ code: 'custom', path: ['levels', index, 'level'], message: `expected level ${index + 1}: levels are listed 1 to 4 in order` });
      const frontline = index === 0;
      if (frontline !== (entry.owner === 'case_owner')) context.addIssue({ code: 'custom', path: ['levels', index, 'owner'], message: frontline ? 'level 1 is owned by the case owner' : 'only level 1 is owned by the case owner' });
      if (frontline !== (entry.afterOverdueHours === null)) {
        context.addIssue({ code: 'custom', path: ['levels', index, 'afterOverdueHours'], message: frontline ? 'nothing escalates to level 1' : 'give the business hours overdue after which a case reaches this level' });
      }
    });
  });
export type EscalationMatrix = z.infer<typeof EscalationMatrix>;

/** The steps the sweeper takes (levels 2–4), validated again as steps (ascending thresholds). */
export function escalationStepsOf(matrix: EscalationMatrix): EscalationStep[] {
  return EscalationSteps.parse(
    matrix.levels.flatMap((entry) =>
      entry.owner === 'case_owner' || entry.afterOverdueHours === null
        ? []
        : [{ level: entry.level, afterOverdueMinutes: Math.round(entry.afterOverdueHours * 60), target: entry.owner, label: entry.label }],
    ),
  );
}

export const BUNDLED_ESCALATION_MATRIX: EscalationMatrix = EscalationMatrix.parse(bundledMatrix);

export const DEFAULT_ESCALATION_STEPS: readonly EscalationStep[] = escalationStepsOf(BUNDLED_ESCALATION_MATRIX);

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
