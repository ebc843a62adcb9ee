import { remediationLabel, type RemediationKind, type WorkflowStep } from './definition';
import { selectDefinition, type WorkflowRegistry } from './registry';

/**
 * A step whose purpose is a remediation ("Reverse the fee": its script tells the customer the
 * reversal is going through) cannot be completed until that remediation was requested on the
 * case. The console disables "Complete step" with this reason (engine.ts) and the case service
 * refuses a pushed `workflow.step_completed` with it (casePolicy.ts), so both say the same thing.
 */
export interface OwedRemediation {
  kind: RemediationKind;
  label: string;
  reason: string;
}

/** What to do next, when the caller knows better than "request it" (the console knows whether the customer is verified). */
const DEFAULT_NEXT_MOVE = 'request it first';

export function remediationOwedOn(step: WorkflowStep, requested: Iterable<string>, nextMove: string = DEFAULT_NEXT_MOVE): OwedRemediation | null {
  const kind = step.remediationRequired;
  if (!kind || new Set(requested).has(kind)) return null;
  const label = remediationLabel[kind];
  return { kind, label, reason: `${label} has not been requested: this step tells the customer it is being done, so ${nextMove} (or go back and take another path)` };
}

export type StepCompletionRuling = { ok: true } | { ok: false; reason: string };

/**
 * Judges a recorded step completion against the definition the case runs (the exact version it
 * names) and the remediation kinds requested on the case so far. A workflow or step the registry
 * does not hold cannot be judged, so it is refused rather than waved through.
 */
export function judgeStepCompletion(
  registry: WorkflowRegistry,
  completion: { workflowId: string; version: number; stepId: string },
  requested: Iterable<string>,
): StepCompletionRuling {
  const selected = selectDefinition(registry, completion.workflowId, completion.version);
  if (!selected.ok) return { ok: false, reason: `${selected.reason} on the case service, so its steps cannot be completed` };
  const step = selected.definition.steps.find((candidate) => candidate.id === completion.stepId);
  if (!step) return { ok: false, reason: `workflow "${completion.workflowId}" version ${completion.version} has no step "${completion.stepId}"` };
  const owed = remediationOwedOn(step, requested);
  return owed ? { ok: false, reason: `step "${step.title}" cannot be completed: ${owed.reason}` } : { ok: true };
}
