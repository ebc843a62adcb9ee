import { useMemo, useState } from 'react';
import { DateTime } from 'luxon';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QaReviewResponse } from '../../shared/reports/protocol';
import { useSession } from '../ui/context';
import { formatInstant } from '../ui/format';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatShare, percent } from './format';
import { reportDates } from './reportDates';
import { ScoreForm, type ScoreTarget } from './ScoreForm';
import { SAMPLE_REASON, ScoreQueueList } from './ScoreQueueList';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type QueueItem = QaReviewResponse['queue'][number];
type CriterionRow = QaReviewResponse['byCriterion'][number];
type ActionRow = QaReviewResponse['actionsDue'][number];


function dueWords(row: ActionRow): string {
  if (row.status === 'overdue') return `Overdue by ${-row.daysLeft} day${row.daysLeft === -1 ? '' : 's'}`;
  if (row.daysLeft === 0) return 'Due today';
  return row.status === 'due_soon' ? `Due soon: in ${row.daysLeft} day${row.daysLeft === 1 ? '' : 's'}` : `In ${row.daysLeft} days`;
}

/**
 * The QA reviewer's own view, computed by the case service from the supervision log
 * (src/shared/qa/reviewerView.ts): the sampled interactions still to evaluate, the last 30 days'
 * scores by criterion, the corrective-action plans due, and the calibration sessions to score.
 */
export function ReviewScreen() {
  const agent = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = agent?.timeZone ?? 'UTC';
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const from = useMemo(() => DateTime.fromISO(dates.now).minus({ days: 30 }).toUTC().toISO() as string, [dates.now]);
  const review = useReport('qa.review', { from, to: dates.now });
  const overview = useReport('qa.overview', {});
  const [scoring, setScoring] = useState<ScoreTarget | null>(null);
  const name = (id: string) => agentsById[id]?.displayName ?? id;
  const card = overview.value?.scorecard ?? null;
  const value = review.value;
  const reload = () => {
    review.reload();
    overview.reload();
  };

  if (scoring && card) {
    return (
      <ReportScreen titleId="review-title" title="Review queue">
        <ScoreForm
          card={card}
          target={scoring}
          onDone={reload}
          onCancel={() => {
            setScoring(null);
            reload();
          }}
        />
      </ReportScreen>
    );
  }

  const queueColumns: TableColumn<QueueItem>[] = [
    { key: 'case', header: 'Case', value: (row) => row.caseId },
    { key: 'agent', header: 'Agent', value: (row) => name(row.agentId) },
    { key: 'reason', header: 'Why sampled', value: (row) => SAMPLE_REASON[row.reason] },
    { key: 'type', header: 'Case type', value: (row) => row.caseType.replace(/_/g, ' ') },
    { key: 'closed', header: 'Closed', value: (row) => formatInstant(row.closedAt, timeZone) },
    { key: 'sample', header: 'Sample', value: (row) => row.sampleId },
  ];
  const criterionColumns: TableColumn<CriterionRow>[] = [
    { key: 'criterion', header: 'Criterion', value: (row) => row.label },
    { key: 'weight', header: 'Weight', value: (row) => row.weight, numeric: true },
    { key: 'evaluations', header: 'Evaluations', value: (row) => row.evaluations, numeric: true },
    { key: 'mean', header: 'Mean points', value: (row) => (row.meanPoints === null ? null : Math.round(row.meanPoints * 100) / 100), numeric: true },
    { key: 'share', header: 'Mean (% of scale)', value: (row) => formatShare(row.meanShare), numeric: true },
    { key: 'below', header: 'Scored below the threshold', value: (row) => row.belowThreshold, numeric: true },
  ];
  const actionColumns: TableColumn<ActionRow>[] = [
    { key: 'action', header: 'Plan', value: (row) => row.actionId },
    { key: 'agent', header: 'Agent', value: (row) => name(row.agentId) },
    { key: 'owner', header: 'Owner', value: (row) => name(row.ownerId) },
    { key: 'due', header: 'Due date', value: (row) => row.dueDate },
    { key: 'status', header: 'When', value: dueWords },
    { key: 'reason', header: 'Reason', value: (row) => row.reason },
  ];

  return (
    <ReportScreen
      titleId="review-title"
      title="Review queue"
      summary={value && `${value.queue.length} to evaluate · ${value.evaluated} of ${value.sampled} sampled interactions evaluated`}
      reports={[review]}
      loadingText="Loading your review queue…"
    >
      {value && (
        <>
          <ChartPanel title="Your evaluation queue" description="Sampled interactions nobody has evaluated yet: escalations and critical flows first, then the oldest sample. Your own interactions are left to another reviewer." columns={queueColumns} rows={value.queue} exportSuffix={dates.today}>
            {card && value.queue.length > 0 && (
              <ScoreQueueList label="Interactions to evaluate" items={value.queue.map((item) => ({ ...item, title: `Score ${item.caseId}` }))} name={name} onScore={setScoring} />
            )}
          </ChartPanel>
          <ChartPanel
            title="Scores by criterion"
            description={`Mean points per criterion over the ${value.evaluationsInPeriod} evaluation${value.evaluationsInPeriod === 1 ? '' : 's'} of the last 30 days (calibration scores left out).`}
            columns={criterionColumns}
            rows={value.evaluationsInPeriod > 0 ? value.byCriterion : []}
            exportSuffix={dates.today}
            chart={
              <ResponsiveContainer width="100%" height={Math.max(200, value.byCriterion.length * 44)}>
                <BarChart data={value.byCriterion.map((row) => ({ label: row.label, 'Mean (% of scale)': percent(row.meanShare) }))} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" domain={[0, 100]} unit=" %" />
                  <YAxis type="category" dataKey="label" width={160} />
                  <Tooltip />
                  <Bar dataKey="Mean (% of scale)" fill="#1d4ed8" />
                </BarChart>
              </ResponsiveContainer>
            }
          />
          <ChartPanel title="Corrective-action plans due" description="Open plans, the most urgent first." columns={actionColumns} rows={value.actionsDue} exportSuffix={dates.today} />
          <section className="panel" aria-labelledby="review-calibrations">
            <h2 id="review-calibrations">Calibration sessions to score</h2>
            {value.calibrationsToScore.length === 0 ? (
              <p className="muted">No calibration session waits for your score.</p>
            ) : (
              <ul className="score-list" aria-label="Calibration sessions to score">
                {value.calibrationsToScore.map((session) => (
                  <li key={session.calibrationId}>
                    <button type="button" disabled={!card} onClick={() => setScoring({ caseId: session.caseId, sampleId: null, calibrationId: session.calibrationId, title: `Calibration: score ${session.caseId}` })}>
                      Score {session.caseId} for “{session.title}”
                    </button>{' '}
                    <span className="muted">
                      {session.reviewers} reviewer{session.reviewers === 1 ? '' : 's'} so far · opened {formatInstant(session.openedAt, timeZone)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </ReportScreen>
  );
}
