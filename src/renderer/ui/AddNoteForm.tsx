import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { caseEventPayloads } from '../../shared/domain/caseEvent';
import { describeZodError } from '../../shared/domain/caseEvent';
import { useReadModels, useServices, useUi } from './context';
import { ProblemAlert } from './ProblemAlert';
import { useDraft } from './drafts/useDraft';
import { describeTypedText, TypedTextProblem, typedTextProblem } from './typedText';

const NOTE_TEXT = caseEventPayloads['note.added'].shape.text;

/**
 * The id of an attempt stays with its text: a retry of the same words reuses the id, so if the
 * first try reached main after all, main sees a duplicate rather than recording the note twice.
 */
interface Attempt {
  id: string;
  text: string;
}

export function AddNoteForm({ caseId }: { caseId: string }) {
  const { ui } = useServices();
  const { sync } = useReadModels();
  const text = useUi((state) => state.noteDrafts[caseId] ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const lastAttempt = useRef<Attempt | null>(null);
  const noteId = useId();
  const typedProblem = describeTypedText('This note', typedTextProblem(NOTE_TEXT, text));
  const problemId = `${noteId}-problem`;

  // Kept in main too, so a reload or a reconnect does not lose it; emptied once added.
  useDraft(`note:${caseId}`, { text }, (fields) => ui.getState().setNoteDraft(caseId, fields.text ?? ''));

  function setText(value: string) {
    ui.getState().setNoteDraft(caseId, value);
    setSaved(false);
  }

  async function submit() {
    if (saving || typedProblem) return;
    const checked = caseEventPayloads['note.added'].safeParse({ text });
    if (!checked.success) {
      setError(`Your note was not added: ${describeZodError(checked.error).replace(/^text: /, '')}.`);
      return;
    }
    const attempt = lastAttempt.current?.text === text ? lastAttempt.current : { id: crypto.randomUUID(), text };
    lastAttempt.current = attempt;
    setSaving(true);
    setError(null);
    const result = await sync.append({ id: attempt.id, caseId, type: 'note.added', payload: checked.data });
    setSaving(false);
    if (!result.ok) {
      setError(`Your note was not saved: ${result.error.message} Your text is still here; try again.`);
      return;
    }
    lastAttempt.current = null;
    // Only clear what was sent: anything typed while saving stays.
    if ((ui.getState().noteDrafts[caseId] ?? '') === attempt.text) ui.getState().setNoteDraft(caseId, '');
    setSaved(true);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void submit();
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form className="panel add-note" onSubmit={onSubmit}>
      <h2 id={`${noteId}-title`} className="visually-hidden">
        Add a note
      </h2>
      <label htmlFor={noteId}>Note</label>
      <textarea
        id={noteId}
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={typedProblem ? `${problemId} ${noteId}-hint` : `${noteId}-hint`}
        aria-invalid={error || typedProblem ? true : undefined}
      />
      <TypedTextProblem id={problemId} problem={typedProblem} />
      <ProblemAlert problem={error} />
      <div className="form-actions">
        <span id={`${noteId}-hint`} className="hint">
          Ctrl+Enter to add
        </span>
        <span role="status" className="saved">
          {saved ? 'Note added' : ''}
        </span>
        <button type="submit" className="primary" disabled={saving || Boolean(typedProblem)} aria-describedby={typedProblem ? problemId : undefined}>
          {saving ? 'Adding…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
