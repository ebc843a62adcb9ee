import { useId, useState, type FormEvent } from 'react';
import type { QaEvaluationResponse, QaOverviewResponse } from '../../shared/reports/protocol';
import { scoreEvaluation } from '../../shared/qa/scorecard';
import { useServices, useSession } from '../ui/context';
import { formatShare } from './format';

type Scorecard = QaOverviewResponse['scorecard'];

export interface ScoreTarget {
  caseId: string;
  sampleId: string | null;
  calibrationId: string | null;
  /** What the reviewer is scoring, for the form's heading. */
  title: string;
}

/**
 * The reviewer's scorecard: one group of choices per criterion (criteria and scale are data,
 * resources/qa-scorecard.json), the weighted score shown as it is filled in with the same shared
 * function the service scores with. Below the corrective-action threshold, the service opens a
 * plan and its owner and due date are shown here.
 */
export function ScoreForm({ card, target, onDone, onCancel }: { card: Scorecard; target: ScoreTarget; onDone(): void; onCancel(): void }) {
  const { bridge } = useServices();
  const agentsById = useSession((state) => state.agentsById);
  const id = useId();
  const [points, setPoints] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<QaEvaluationResponse | null>(null);
  const scored = scoreEvaluation(card, points);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!scored.ok) return setError(`Not recorded: ${scored.reason}.`);
    setBusy(true);
    setError(null);
    const response = await bridge.invoke('qa.submitEvaluation', {
      evaluationId: `E-${crypto.randomUUID()}`,
      caseId: target.caseId,
      sampleId: target.sampleId,
      calibrationId: target.calibrationId,
      points,
      comment,
    });
    setBusy(false);
    if (!response.ok) return setError(`${response.error.message}${response.error.hint ? ` ${response.error.hint}` : ''}`);
    setResult(response.value);
    onDone();
  }

  const ownerName = (ownerId: string) => agentsById[ownerId]?.displayName ?? ownerId;

  if (result) {
    const plan = result.correctiveAction;
    return (
      <section className="panel score-result" aria-labelledby={`${id}-result`}>
        <h2 id={`${id}-result`}>Evaluation recorded for {target.caseId}</h2>
        <p role="status">
          Score {formatShare(result.evaluation.score)} ({result.evaluation.score >= card.targetScore ? `meets the ${card.targetScore * 100} % target` : `below the ${card.targetScore * 100} % target`}).
        </p>
        {plan && (
          <div className="alert" role="alert">
            <p>
              <strong>Corrective-action plan {plan.actionId} opened</strong>: the score is below {card.correctiveActionBelow * 100} %.
            </p>
            <dl className="plan-details">
              <dt>Owner</dt>
              <dd>{ownerName(plan.ownerId)}</dd>
              <dt>Due date</dt>
              <dd>{plan.dueDate}</dd>
            </dl>
          </div>
        )}
        <button type="button" onClick={onCancel}>
          Back to the sample
        </button>
      </section>
    );
  }

  return (
    <form className="panel score-form" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)}>
      <h2 id={`${id}-title`}>{target.title}</h2>
      {card.criteria.map((criterion) => (
        <fieldset key={criterion.id} className="criterion">
          <legend>
            {criterion.label} <span className="muted">(weight {criterion.weight})</span>
          </legend>
          <p className="hint">{criterion.description}</p>
          <div className="scale">
            {Array.from({ length: card.scale.max - card.scale.min + 1 }, (_, index) => {
              const value = card.scale.min + index;
              const label = card.scale.labels?.[index] ?? '';
              return (
                <label key={value}>
                  <input type="radio" name={`${id}-${criterion.id}`} value={value} checked={points[criterion.id] === value} onChange={() => setPoints((current) => ({ ...current, [criterion.id]: value }))} required />
                  {label ? `${value} ${label}` : value}
                </label>
              );
            })}
          </div>
        </fieldset>
      ))}
      <label htmlFor={`${id}-comment`}>Comment for the agent</label>
      <textarea id={`${id}-comment`} value={comment} maxLength={2000} rows={3} onChange={(event) => setComment(event.target.value)} />
      <p className="score-live" aria-live="polite">
        {scored.ok
          ? `Score ${formatShare(scored.value.score)}${scored.value.needsCorrectiveAction && !target.calibrationId ? `: below ${card.correctiveActionBelow * 100} %, recording it opens a corrective-action plan` : ''}.`
          : `Scored ${Object.keys(points).length} of ${card.criteria.length} criteria.`}
      </p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          Record evaluation
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
