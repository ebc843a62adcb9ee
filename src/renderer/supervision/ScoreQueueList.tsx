import type { ScoreTarget } from './ScoreForm';

export type SampleReason = 'escalation' | 'critical' | 'random';

/** Why an interaction is in a QA sample, in words (the sample's 100 % rules first). */
export const SAMPLE_REASON: Record<SampleReason, string> = { escalation: 'Escalated (always sampled)', critical: 'Critical flow (always sampled)', random: 'Random' };

export interface ScoreQueueItem {
  caseId: string;
  sampleId: string;
  reason: SampleReason;
  agentId: string;
  /** What the score form is titled when this one is scored. */
  title: string;
}

/** The first dozen sampled interactions still to score, each a button that opens the score form. */
export function ScoreQueueList({ label, items, name, onScore }: { label: string; items: readonly ScoreQueueItem[]; name(id: string): string; onScore(target: ScoreTarget): void }) {
  return (
    <ul className="score-list" aria-label={label}>
      {items.slice(0, 12).map((item) => (
        <li key={`${item.sampleId}-${item.caseId}`}>
          <button type="button" onClick={() => onScore({ caseId: item.caseId, sampleId: item.sampleId, calibrationId: null, title: item.title })}>
            Score {item.caseId}
          </button>{' '}
          <span className="muted">
            {SAMPLE_REASON[item.reason]} · {name(item.agentId)}
          </span>
        </li>
      ))}
    </ul>
  );
}
