import type { z } from 'zod';
import type { caseEventPayloads } from '../domain/caseEvent';
import { validateAnswer, type AnswerContext } from './answers';
import { disclosureFieldId, type WorkflowDefinition } from './definition';

export type AnsweredPayload = z.input<(typeof caseEventPayloads)['workflow.answered']>;

export type PreparedAnswer = { ok: true; payload: AnsweredPayload } | { ok: false; reason: string };

/**
 * Turns an agent's answer into the `workflow.answered` payload to record, or the reason it
 * is refused. Checked here, before it is written, so a wrong type never reaches the case.
 */
export function prepareAnswer(definition: WorkflowDefinition, stepId: string, fieldId: string, value: unknown, context: AnswerContext = {}): PreparedAnswer {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) return { ok: false, reason: `${definition.title} has no step "${stepId}"` };
  const field = step.fields.find((f) => f.id === fieldId);
  if (!field) return { ok: false, reason: `step "${step.title}" has no field "${fieldId}"` };
  const check = validateAnswer(field, value, context);
  if (!check.ok) return { ok: false, reason: check.reason };
  return { ok: true, payload: { workflowId: definition.id, version: definition.version, stepId, fieldId, value: check.value } };
}

/** The payload recording that a disclosure was read aloud on a step. */
export function prepareDisclosureConfirmation(definition: WorkflowDefinition, stepId: string, disclosureId: string): PreparedAnswer {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) return { ok: false, reason: `${definition.title} has no step "${stepId}"` };
  if (!step.disclosures.some((d) => d.id === disclosureId)) return { ok: false, reason: `step "${step.title}" has no disclosure "${disclosureId}"` };
  return { ok: true, payload: { workflowId: definition.id, version: definition.version, stepId, fieldId: disclosureFieldId(disclosureId), value: true } };
}
