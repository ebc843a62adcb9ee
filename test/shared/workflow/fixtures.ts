import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RemediationLimits,
  TimeWindowConfig,
  buildWorkflowRegistry,
  runWorkflow,
  disclosureFieldId,
  emptyProgress,
  type JsonValue,
  type WorkflowContext,
  type WorkflowDefinition,
  type WorkflowProgress,
  type WorkflowRunResult,
} from '../../../src/shared/workflow';

const resources = join(import.meta.dirname, '../../../resources');

export function readResourceJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(resources, relative), 'utf8'));
}

export const limits = RemediationLimits.parse(readResourceJson('remediation-limits.json'));
export const windows = TimeWindowConfig.parse(readResourceJson('time-windows.json'));

export function workflowFiles(): { fileName: string; json: unknown }[] {
  const dir = join(resources, 'workflows');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((fileName) => ({ fileName, json: readFileSync(join(dir, fileName), 'utf8') }));
}

export function builtInRegistry() {
  const built = buildWorkflowRegistry(workflowFiles());
  if (built.errors.length > 0) throw new Error(`built-in workflows failed to load: ${JSON.stringify(built.errors, null, 2)}`);
  return built.registry;
}

export function tier1Context(overrides: Partial<WorkflowContext> = {}): WorkflowContext {
  return { role: 'tier1_agent', limits, windows, ...overrides };
}

/** The instant built-in scenarios start at: 15:00 in New York on 31 March 2026. */
export const STARTED_AT = '2026-03-31T19:00:00Z';

/**
 * Plays a workflow the way an agent does: on each step, read every disclosure, give the
 * scenario's answers for that step's fields, complete the step, and go on until the
 * engine says the workflow is complete (or, with `stopAt`, until that step is answered
 * but not yet completed). Fails loudly when the scenario leaves a required
 * answer out, so a scenario can only pass by really walking the path.
 */
export function playThrough(
  definition: WorkflowDefinition,
  answers: Record<string, JsonValue>,
  options: { context?: WorkflowContext; progress?: Partial<WorkflowProgress>; stopAt?: string } = {},
): { result: WorkflowRunResult; progress: WorkflowProgress } {
  const context = options.context ?? tier1Context();
  let progress = emptyProgress({ startedAt: STARTED_AT, customerVerified: true, ...options.progress });
  for (let guard = 0; guard < definition.steps.length + 1; guard += 1) {
    let result = runWorkflow(definition, progress, context);
    if (result.completed) return { result, progress };
    const step = result.currentStep;
    const given: Record<string, JsonValue> = { ...progress.answers };
    for (const disclosure of step.disclosures) given[disclosureFieldId(disclosure.id)] = true;
    for (const field of step.fields) if (field.id in answers) given[field.id] = answers[field.id] as JsonValue;
    // Like an agent: a step whose purpose is a remediation gets it requested before it is completed.
    const requested = step.remediationRequired ? [...new Set([...progress.requestedRemediations, step.remediationRequired])] : progress.requestedRemediations;
    progress = { ...progress, answers: given, requestedRemediations: requested };
    result = runWorkflow(definition, progress, context);
    if (result.missingRequired.length > 0 || result.missingDisclosures.length > 0) {
      throw new Error(`scenario stops at step "${step.id}": missing ${JSON.stringify([...result.missingRequired, ...result.missingDisclosures])}`);
    }
    if (step.id === options.stopAt) return { result, progress };
    const action = result.allowedActions.find((a) => a === 'complete_step' || a === 'complete_workflow');
    if (!action) throw new Error(`step "${step.id}" cannot be completed: ${JSON.stringify(result.allowedActions)}`);
    progress = { ...progress, completedSteps: [...progress.completedSteps, step.id] };
  }
  throw new Error(`workflow ${definition.id} did not finish`);
}
