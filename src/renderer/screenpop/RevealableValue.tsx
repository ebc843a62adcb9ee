import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ActionDecision } from '../../shared/policy/guardedActions';
import type { RevealableField } from '../../shared/screenpop/popProtocol';
import { useServices } from '../ui/context';
import { ModalDialog } from './ModalDialog';
import { DialogActions } from '../ui/DialogActions';
import { ProblemAlert } from '../ui/ProblemAlert';

/** A revealed value goes back to masked on its own: nobody leaves a full number on screen by accident. */
const SHOW_FOR_MS = 2 * 60_000;

/**
 * A masked value with a Reveal button. Revealing needs the permission and a reason; main records
 * sensitive.revealed on the contact's case and the service audits it before the value comes back.
 * The value lives in this component's memory only, never in the read model.
 */
export function RevealableValue(props: {
  masked: string;
  label: string;
  field: RevealableField;
  targetId: string;
  customerId: string;
  caseId: string | null;
  decision: ActionDecision;
  mono?: boolean;
}) {
  const { masked, label, decision, caseId, mono } = props;
  const [asking, setAsking] = useState(false);
  const [value, setValue] = useState<string | null>(null);

  useEffect(() => {
    if (value === null) return;
    const timer = setTimeout(() => setValue(null), SHOW_FOR_MS);
    return () => clearTimeout(timer);
  }, [value]);

  const disabled = !decision.allowed || !caseId;
  return (
    <span className="revealable">
      <span className={mono ? 'mono' : undefined} aria-label={value === null ? `${label}, masked` : `${label}, revealed`}>
        {value ?? masked}
      </span>{' '}
      {value === null ? (
        <button
          type="button"
          className="reveal-button"
          disabled={disabled}
          aria-describedby={!decision.allowed ? 'reveal-reason' : undefined}
          title={!decision.allowed ? decision.reason : !caseId ? 'Available once the contact is recorded on a case' : undefined}
          onClick={() => setAsking(true)}
        >
          Reveal<span className="visually-hidden"> {label}</span>
        </button>
      ) : (
        <button type="button" className="reveal-button" onClick={() => setValue(null)}>
          Hide<span className="visually-hidden"> {label}</span>
        </button>
      )}
      {asking && caseId && <RevealDialog {...props} caseId={caseId} onDone={(revealed) => (setAsking(false), revealed !== null && setValue(revealed))} />}
    </span>
  );
}

function RevealDialog({ label, field, targetId, customerId, caseId, onDone }: { label: string; field: RevealableField; targetId: string; customerId: string; caseId: string; onDone(value: string | null): void }) {
  const { bridge } = useServices();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const reasonId = useId();
  const input = useRef<HTMLTextAreaElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setProblem('Say why you need to see it (at least 3 characters).');
      input.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await bridge.invoke('sensitive.reveal', { caseId, customerId, field, targetId, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    onDone(result.value.value);
  }

  return (
    <ModalDialog title={`Reveal the ${label}`} titleId={titleId} onCancel={() => onDone(null)} className="reveal-dialog">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p className="hint">The reveal is recorded on case {caseId} with your name and reason, and audited by the case service.</p>
        <label htmlFor={reasonId}>Reason for revealing</label>
        <textarea id={reasonId} ref={input} data-autofocus rows={3} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} aria-invalid={problem ? true : undefined} />
        <ProblemAlert problem={problem} />
        <DialogActions onCancel={() => onDone(null)} busy={busy} submitLabel="Reveal" busyLabel="Revealing…" />
      </form>
    </ModalDialog>
  );
}
