import { asSentence } from '../format';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { Decision } from '../../../shared/policy/casePolicy';
import { ModalDialog } from '../../screenpop/ModalDialog';
import { DialogActions } from '../DialogActions';
import { ProblemAlert } from '../ProblemAlert';
import { useRecordAction, type ActionDraft } from './useRecordAction';

export interface ActionDialogProps {
  title: string;
  submitLabel: string;
  busyLabel: string;
  /** The event the form describes now, or what is still missing in words. */
  draft(): ActionDraft | { missing: string };
  /** The case policy on a draft (the same function the service runs). */
  decide(draft: ActionDraft): Decision;
  onCancel(): void;
  /** Recorded: says what happened (for the page's status line) and closes. */
  onDone(message: string): void;
  doneMessage: string;
  /** The id of a live problem in the fields (unusable text): the form cannot be sent while it shows. */
  blockedBy?: string | null;
  children: ReactNode;
}

/** One case action as a dialog: the fields, then the policy's verdict, then main records it. */
export function ActionDialog({ title, submitLabel, busyLabel, draft, decide, onCancel, onDone, doneMessage, blockedBy, children }: ActionDialogProps) {
  const titleId = useId();
  const { record, busy } = useRecordAction();
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy || blockedBy) return;
    const built = draft();
    if ('missing' in built) {
      setProblem(built.missing);
      return;
    }
    const decision = decide(built);
    if (!decision.allowed) {
      setProblem(`Not allowed. ${asSentence(decision.reason)}`);
      return;
    }
    setProblem(null);
    const failure = await record(built);
    if (failure) {
      setProblem(`Not recorded: ${failure} What you entered is still here; try again.`);
      return;
    }
    onDone(doneMessage);
  }

  return (
    <ModalDialog title={title} titleId={titleId} onCancel={onCancel} className="case-action-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        {children}
        <ProblemAlert problem={problem} />
        <DialogActions onCancel={onCancel} busy={busy} submitLabel={submitLabel} busyLabel={busyLabel} blockedBy={blockedBy} />
      </form>
    </ModalDialog>
  );
}
