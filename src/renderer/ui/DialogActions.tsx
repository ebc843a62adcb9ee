/** A dialog form's footer: Cancel, and the submit button that says what it is doing while busy. */
export function DialogActions({ onCancel, busy, submitLabel, busyLabel }: { onCancel(): void; busy: boolean; submitLabel: string; busyLabel: string }) {
  return (
    <div className="modal-actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </div>
  );
}
