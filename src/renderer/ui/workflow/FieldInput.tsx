import { useEffect, useEffectEvent, useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Transaction } from '../../../shared/domain/customer';
import { AttachmentRef, type JsonValue, type WorkflowField } from '../../../shared/workflow';
import { draftOf, valueOfDraft } from '../../workflow/answerDrafts';
import { afterPointerRelease } from '../afterPointerRelease';
import { formatInstant, formatUsd } from '../format';
import { Icon } from '../Icon';

/** Typing pauses this long before a text answer is saved, so a closed window loses at most a few words. */
const TEXT_SAVE_DELAY_MS = 2000;

export interface FieldInputProps {
  field: WorkflowField;
  recorded: JsonValue | undefined;
  /** Why the recorded answer does not count (it fails the field's rules), if it does not. */
  recordedProblem: string | null;
  timeZone: string;
  /** The case customer's transactions, for a transaction field (undefined while they are read). */
  transactions?: readonly Transaction[] | undefined;
  /** Saves the answer; resolves to the reason it was refused, or null once it is recorded. */
  onCommit(value: unknown): Promise<string | null>;
  /** What the agent has typed here and not saved yet (the step keeps it as a draft); undefined: the input shows the recorded answer. */
  typed: string | undefined;
  /** `typed` was put back from a draft (after a reload, say): it is saved at once, as leaving the field would save it. */
  restored: boolean;
  onTyped(text: string): void;
  /** `text` is now the recorded answer: it is no longer a draft (unless typing went on meanwhile). */
  onSaved(text: string): void;
}

/** One typed field of a workflow step. Answers are saved as the agent goes: on change for choices, on blur (or a pause) for typing. */
export function FieldInput({ field, recorded, recordedProblem, timeZone, transactions, onCommit, typed, restored, onTyped, onSaved }: FieldInputProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A choice shows as made at once, until the recorded answer changes (it is saved) or saving fails.
  const [pendingChoice, setPendingChoice] = useState<{ value: string; over: string } | null>(null);
  const describedBy = [field.help ? `${id}-help` : null, error || recordedProblem ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

  /** Resolves to whether the value is (now) the recorded answer. */
  async function commit(value: unknown): Promise<boolean> {
    if (JSON.stringify(value ?? null) === JSON.stringify(recorded ?? null)) {
      setError(null);
      return true;
    }
    setSaving(true);
    const reason = await onCommit(value);
    setSaving(false);
    setError(reason);
    return reason === null;
  }

  const label = (
    <>
      {field.label}
      {field.required ? <span className="required" aria-hidden="true"> *</span> : <span className="optional"> (optional)</span>}
    </>
  );
  const common = { 'aria-describedby': describedBy, 'aria-invalid': error || recordedProblem ? true : undefined, 'aria-required': field.required || undefined };

  let control;
  if (field.type === 'choice' || field.type === 'yes_no' || field.type === 'transaction') {
    const options =
      field.type === 'yes_no'
        ? [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]
        : field.type === 'transaction'
          ? transactionOptions(transactions ?? [], recorded, timeZone)
          : (field.options ?? []);
    const recordedChoice = field.type === 'yes_no' ? (recorded === true ? 'yes' : recorded === false ? 'no' : '') : typeof recorded === 'string' ? recorded : '';
    const current = pendingChoice && pendingChoice.over === recordedChoice ? pendingChoice.value : recordedChoice;
    const choose = (value: string) => {
      setPendingChoice({ value, over: recordedChoice });
      void commit(field.type === 'yes_no' ? value === 'yes' : value).then((saved) => {
        if (!saved) setPendingChoice(null);
      });
    };
    control = (
      // A radio group, said as such: aria-required belongs to radiogroup, not to a fieldset's plain group (axe aria-allowed-attr).
      <fieldset className="field-choice" role="radiogroup" {...common}>
        <legend>{label}</legend>
        {field.type === 'transaction' && options.length === 0 && (
          <p className="hint">{transactions === undefined ? 'Reading the customer’s transactions…' : 'None of this customer’s transactions are on this desktop yet: open the customer (Ctrl+K) to load them.'}</p>
        )}
        <div className={field.type === 'transaction' ? 'choice-list' : options.length > 3 ? 'choice-grid' : 'choice-row'}>
          {options.map((option) => (
            <label key={option.value} className="choice">
              <input type="radio" name={id} value={option.value} checked={current === option.value} onChange={() => choose(option.value)} /> {option.label}
            </label>
          ))}
        </div>
      </fieldset>
    );
  } else if (field.type === 'attachments') {
    control = <AttachmentsInput id={id} label={label} field={field} recorded={recorded} commit={commit} common={common} />;
  } else {
    control = (
      <TypedInput id={id} label={label} field={field} recorded={recorded} timeZone={timeZone} commit={commit} onDraftProblem={setError} typed={typed} restored={restored} onTyped={onTyped} onSaved={onSaved} common={common} />
    );
  }

  return (
    <div className={`field field-${field.type}`}>
      {control}
      {field.help && (
        <p id={`${id}-help`} className="hint">
          {field.help}
        </p>
      )}
      {(error ?? recordedProblem) && (
        <p id={`${id}-error`} className="field-error" role="alert">
          <Icon name="problem" />{' '}
          {error ? `Not saved: ${error}` : `The saved answer does not count: ${recordedProblem}`}
        </p>
      )}
      {/* Out of the flow (see styles.css): a status that comes and goes must never move the controls below it. */}
      <span className="field-saving" aria-live="polite">
        {saving ? 'Saving…' : ''}
      </span>
    </div>
  );
}

type Common = Record<string, unknown>;

/**
 * A transaction as the agent picks it: when (in the agent's zone, the console's one formatter),
 * merchant or description, amount. A recorded answer no longer among the recent ones stays shown.
 */
function transactionOptions(transactions: readonly Transaction[], recorded: JsonValue | undefined, timeZone: string): { value: string; label: string }[] {
  const options = transactions.map((transaction) => ({
    value: transaction.id,
    label: `${formatInstant(transaction.postedAt, timeZone)} · ${transaction.description} · ${formatUsd(transaction.amountCents)}${transaction.status === 'pending' ? ' (pending)' : ''}`,
  }));
  if (typeof recorded === 'string' && !options.some((option) => option.value === recorded)) options.push({ value: recorded, label: `${recorded} (recorded earlier, not among the recent transactions)` });
  return options;
}

function TypedInput(props: {
  id: string;
  label: ReactNode;
  field: WorkflowField;
  recorded: JsonValue | undefined;
  timeZone: string;
  commit(value: unknown): Promise<boolean>;
  onDraftProblem(reason: string | null): void;
  typed: string | undefined;
  restored: boolean;
  onTyped(text: string): void;
  onSaved(text: string): void;
  common: Common;
}) {
  const { id, field, recorded, timeZone, commit, onDraftProblem, typed, restored, onTyped, onSaved } = props;
  // Text just saved stays shown until its answer arrives in the read model (no flash of the old answer in between).
  const recordedKey = JSON.stringify(recorded ?? null);
  const [justSaved, setJustSaved] = useState<{ text: string; over: string } | null>(null);
  // Until the agent types, the recorded answer, so one changed elsewhere (another window, a resume) shows at once.
  const draft = typed ?? (justSaved && justSaved.over === recordedKey ? justSaved.text : draftOf(field, recorded));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  function save(text: string) {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const parsed = valueOfDraft(field, text, timeZone);
    if (!parsed.ok) {
      onDraftProblem(parsed.reason);
      return;
    }
    const over = recordedKey;
    void commit(parsed.value).then((saved) => {
      if (!saved) return;
      setJustSaved({ text, over });
      onSaved(text);
    });
  }

  /** Leaving the field (or Enter) saves what was typed; with nothing typed there is nothing to save. */
  function saveTyped() {
    if (typed !== undefined) save(typed);
  }

  // Through the same save as leaving the field, so a refusal shows its reason here just as for text typed now.
  // Once per field: StrictMode's second run of the effect must not record the answer twice.
  const restoredSaved = useRef(false);
  const saveRestored = useEffectEvent(() => {
    if (restoredSaved.current) return;
    restoredSaved.current = true;
    saveTyped();
  });
  useEffect(() => {
    if (restored) saveRestored();
  }, [restored]);

  function onChange(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) {
    const text = event.target.value;
    onTyped(text);
    if (field.type === 'text') {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => save(text), TEXT_SAVE_DELAY_MS);
    }
  }

  const long = field.type === 'text' && (field.maxLength ?? 2000) > 200;
  const placeholder = field.type === 'money' ? '0.00' : field.type === 'datetime' ? 'YYYY-MM-DD HH:MM (your time) or ISO 8601 with zone' : undefined;
  const input = long ? (
    <textarea id={id} rows={3} value={draft} onChange={onChange} onBlur={() => afterPointerRelease(saveTyped)} maxLength={field.maxLength} {...props.common} />
  ) : (
    <input
      id={id}
      type="text"
      inputMode={field.type === 'money' ? 'decimal' : undefined}
      value={draft}
      placeholder={placeholder}
      onChange={onChange}
      onBlur={() => afterPointerRelease(saveTyped)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          saveTyped();
        }
      }}
      maxLength={field.maxLength}
      {...props.common}
    />
  );
  return (
    <>
      <label htmlFor={id}>
        {props.label}
        {field.type === 'money' && <span className="unit"> (USD)</span>}
      </label>
      <div className={field.type === 'money' ? 'money-input' : undefined}>
        {field.type === 'money' && <span aria-hidden="true">$</span>}
        {input}
      </div>
    </>
  );
}

function AttachmentsInput(props: { id: string; label: ReactNode; field: WorkflowField; recorded: JsonValue | undefined; commit(value: unknown): Promise<boolean>; common: Common }) {
  const parsed = AttachmentRef.array().safeParse(props.recorded ?? []);
  const files = parsed.success ? parsed.data : [];
  function onChange(event: ChangeEvent<HTMLInputElement>) {
    // References only: the bytes go to the attachment store, never into a case event.
    const added = Array.from(event.target.files ?? [], (file) => ({ id: crypto.randomUUID(), fileName: file.name, mediaType: file.type || 'application/octet-stream', sizeBytes: file.size }));
    event.target.value = '';
    if (added.length > 0) void props.commit([...files, ...added]);
  }
  return (
    <>
      <label htmlFor={props.id}>{props.label}</label>
      <input id={props.id} type="file" multiple onChange={onChange} accept={(props.field.accept ?? ['application/pdf', 'image/png', 'image/jpeg']).join(',')} {...props.common} />
      {files.length > 0 && (
        <ul className="attachments" aria-label={`${props.field.label}: files`}>
          {files.map((file) => (
            <li key={file.id}>
              {file.fileName} <span className="muted">({Math.ceil(file.sizeBytes / 1024)} KB)</span>{' '}
              <button type="button" className="link" onClick={() => void props.commit(files.filter((f) => f.id !== file.id))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
