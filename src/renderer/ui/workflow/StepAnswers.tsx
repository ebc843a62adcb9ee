import { useImperativeHandle, useState, type Ref } from 'react';
import type { Transaction } from '../../../shared/domain/customer';
import type { DraftFields } from '../../../shared/ipc/contract';
import type { JsonValue, WorkflowDefinition, WorkflowStep } from '../../../shared/workflow';
import { valueOfDraft } from '../../workflow/answerDrafts';
import { useDraft } from '../drafts/useDraft';
import { FieldInput } from './FieldInput';

/** Field types answered by typing; the others are recorded the moment they are chosen, so they never wait as a draft. */
const CHOSEN = new Set(['choice', 'yes_no', 'transaction', 'attachments']);

export interface StepDraft {
  /** The step was completed: what was typed on it and never saved is dropped. */
  clear(): void;
}

export interface StepAnswersProps {
  caseId: string;
  definition: WorkflowDefinition;
  step: WorkflowStep;
  answers: Readonly<Record<string, JsonValue>>;
  invalid: ReadonlyMap<string, string>;
  timeZone: string;
  transactions: readonly Transaction[] | undefined;
  commitAnswer(step: WorkflowStep, fieldId: string, value: unknown): Promise<string | null>;
  ref?: Ref<StepDraft>;
}

/**
 * The fields of one workflow step (mounted anew for each step). What is typed into them is held
 * here until it is recorded (a pause, leaving the field, Enter), and kept meanwhile as a draft in
 * main under `workflow:<case>:<workflow>:<step>`, so a reload, a lock, a reconnect or a restart of
 * the console host does not lose it. A draft found when the step opens is put back and saved the
 * way leaving the field saves it (the reload took the focus away); what cannot be saved (not an
 * amount, say) stays in the field for the agent to correct.
 */
export function StepAnswers({ caseId, definition, step, answers, invalid, timeZone, transactions, commitAnswer, ref }: StepAnswersProps) {
  const [typed, setTyped] = useState<DraftFields>({});

  const saved = (fieldId: string, text: string) =>
    setTyped((current) => {
      if (current[fieldId] !== text) return current; // typing went on: that is still a draft
      const { [fieldId]: _saved, ...rest } = current;
      return rest;
    });

  const draft = useDraft(`workflow:${caseId}:${definition.id}:${step.id}`, typed, (kept) => {
    const restored: DraftFields = {};
    for (const field of step.fields) {
      const text = kept[field.id];
      if (text !== undefined && !CHOSEN.has(field.type)) restored[field.id] = text;
    }
    setTyped(restored);
    for (const [fieldId, text] of Object.entries(restored)) {
      const field = step.fields.find((candidate) => candidate.id === fieldId);
      const parsed = field ? valueOfDraft(field, text, timeZone) : null;
      if (!parsed?.ok) continue;
      if (JSON.stringify(parsed.value ?? null) === JSON.stringify(answers[fieldId] ?? null)) saved(fieldId, text);
      else void commitAnswer(step, fieldId, parsed.value).then((refused) => refused === null && saved(fieldId, text));
    }
  });
  useImperativeHandle(ref, () => ({ clear: draft.clear }), [draft.clear]);

  if (step.fields.length === 0) return null;
  return (
    <div className="wf-fields">
      {step.fields.map((field) => (
        <FieldInput
          key={field.id}
          field={field}
          recorded={answers[field.id]}
          recordedProblem={invalid.get(field.id) ?? null}
          timeZone={timeZone}
          transactions={field.type === 'transaction' ? transactions : undefined}
          onCommit={(value) => commitAnswer(step, field.id, value)}
          typed={typed[field.id]}
          onTyped={(text) => setTyped((current) => ({ ...current, [field.id]: text }))}
          onSaved={(text) => saved(field.id, text)}
        />
      ))}
    </div>
  );
}
