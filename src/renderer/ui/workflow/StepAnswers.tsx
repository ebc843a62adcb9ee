import { useImperativeHandle, useState, type Ref } from 'react';
import type { Transaction } from '../../../shared/domain/customer';
import type { DraftFields } from '../../../shared/ipc/contract';
import type { JsonValue, WorkflowDefinition, WorkflowStep } from '../../../shared/workflow';
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
 * the console host does not lose it. A draft found when the step opens is put back and each field
 * saves it the way leaving the field saves it (the reload took the focus away): what cannot be
 * saved (not an amount, say, or refused by main) stays in the field, a draft still, beside the
 * reason, for the agent to correct.
 */
export function StepAnswers({ caseId, definition, step, answers, invalid, timeZone, transactions, commitAnswer, ref }: StepAnswersProps) {
  const [typed, setTyped] = useState<DraftFields>({});
  /** The fields whose text was put back from a draft: each saves it once, as leaving the field would. */
  const [restoredIds, setRestoredIds] = useState<ReadonlySet<string>>(new Set());

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
    setRestoredIds(new Set(Object.keys(restored)));
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
          restored={restoredIds.has(field.id)}
          onTyped={(text) => setTyped((current) => ({ ...current, [field.id]: text }))}
          onSaved={(text) => saved(field.id, text)}
        />
      ))}
    </div>
  );
}
