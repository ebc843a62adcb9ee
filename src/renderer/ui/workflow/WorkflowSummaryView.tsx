import { useState } from 'react';
import type { Remediation } from '../../../shared/domain/caseState';
import { approvalLabel, formatMoney, remediationLabel, type RemediationKind, type WorkflowRunResult } from '../../../shared/workflow';
import { useReadModels } from '../context';
import { Icon } from '../Icon';

/** The end of a workflow: what was read, answered and decided, and a way to put it on the case as a note. */
export function WorkflowSummaryView(props: { result: WorkflowRunResult; caseId: string; remediations: readonly Remediation[]; onReview(): void; onStartAnother(): void }) {
  const { result, caseId, remediations, onReview, onStartAnother } = props;
  const { sync } = useReadModels();
  const [noted, setNoted] = useState<string | null>(null);
  const { summary } = result;

  async function addNote() {
    const outcome = await sync.append({ id: crypto.randomUUID(), caseId, type: 'note.added', payload: { text: summary.text.slice(0, 5000) } });
    setNoted(outcome.ok ? 'Summary added to the case notes' : `Not added: ${outcome.error.message}`);
  }

  return (
    <section className="wf-summary" aria-label="Workflow summary">
      <p className="done">
        <Icon name="done" /> Workflow complete
      </p>
      {result.severityReasons.length > 0 && <p className="hint">Severity because: {result.severityReasons.join('; ')}</p>}
      <ol className="wf-summary-steps">
        {summary.steps.map((step) => (
          <li key={step.stepId}>
            <strong>{step.title}</strong>
            {step.disclosuresConfirmed.length > 0 && <p className="hint">Read aloud: {step.disclosuresConfirmed.join(', ')}</p>}
            {step.answers.length > 0 && (
              <dl>
                {step.answers.map((answer) => (
                  <div key={answer.fieldId}>
                    <dt>{answer.label}</dt>
                    <dd>{answer.display}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
      {remediations.length > 0 && (
        <>
          <h3>Remediation on this case</h3>
          <ul aria-label="Remediation on this case">
            {remediations.map((r) => (
              <li key={r.requestId} className={`remediation-${r.status}`}>
                {remediationLabel[r.kind as RemediationKind] ?? r.kind}
                {r.kind === 'executive_review' ? '' : ` of ${formatMoney(r.amountCents)}`}: {r.status === 'pending_approval' ? approvalLabel[r.approval].toLowerCase() : r.status}
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.offPathAnswers.length > 0 && <p className="hint">Also recorded on a branch no longer taken: {summary.offPathAnswers.map((a) => `${a.label}: ${a.display}`).join('; ')}</p>}
      <div className="wf-nav">
        <button type="button" onClick={onReview}>
          Review the steps
        </button>
        <button type="button" onClick={() => void addNote()}>
          Add summary as a case note
        </button>
        <button type="button" onClick={onStartAnother}>
          Start another workflow
        </button>
      </div>
      {noted && <p role="status">{noted}</p>}
    </section>
  );
}
