/**
 * A dialog form's footer: Cancel, and the submit button that says what it is doing while busy.
 * `blockedBy`: the id of a shown problem that keeps the form from being sent (the button is disabled and described by it).
 */
export function DialogActions({ onCancel, busy, submitLabel, busyLabel, blockedBy }: { onCancel(): void; busy: boolean; submitLabel: string; busyLabel: string; blockedBy?: string | null }) {
  return (
    <div className="modal-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy || Boolean(blockedBy)} aria-describedby={blockedBy ?? undefined}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
