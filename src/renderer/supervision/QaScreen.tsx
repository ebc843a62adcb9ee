import { useId, useMemo, useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { hasPermission } from '../../shared/policy/rolesConfig';
import type { QaOverviewResponse } from '../../shared/reports/protocol';
import { useServices, useSession } from '../ui/context';
import { formatInstant } from '../ui/format';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatSeconds, formatShare } from './format';
import { reportDates } from './reportDates';
import { ScoreForm, type ScoreTarget } from './ScoreForm';
import { SAMPLE_REASON, ScoreQueueList } from './ScoreQueueList';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type Sample = QaOverviewResponse['samples'][number];
type Calibration = QaOverviewResponse['calibrations'][number];
type Spread = Calibration['spread']['perCriterion'][number];
type Action = QaOverviewResponse['correctiveActions'][number];


/**
 * Quality assurance: draw a reproducible sample of closed interactions (the seed is recorded and
 * shown), score them on the scorecard, follow corrective-action plans, and calibrate reviewers.
 * Roles with view_reports but not score_qa (compliance) read it all but change nothing.
 */
export function QaScreen() {
  const agent = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = agent?.timeZone ?? 'UTC';
  const canScore = agent ? hasPermission(agent.role, 'score_qa') : false;
  const overview = useReport('qa.overview', {});
  const [scoring, setScoring] = useState<ScoreTarget | null>(null);
  const qa = overview.value;
  const name = (id: string) => agentsById[id]?.displayName ?? id;

  if (scoring && qa) {
    return (
      <ReportScreen titleId="qa-title" title="Quality assurance">
        <ScoreForm card={qa.scorecard} target={scoring} onDone={overview.reload} onCancel={() => setScoring(null)} />
      </ReportScreen>
    );
  }

  return (
    <ReportScreen
      titleId="qa-title"
      title="Quality assurance"
      summary={qa && `Average QA score ${qa.averageScore === null ? 'not yet available' : formatShare(qa.averageScore)} (target ${qa.scorecard.targetScore * 100} %)`}
      reports={[overview]}
      loadingText="Loading QA…"
    >
      {qa && canScore && <DrawSampleForm card={qa.scorecard} timeZone={timeZone} onDrawn={overview.reload} />}
      {qa && qa.samples.length === 0 && <p className="muted">No sample has been drawn yet.</p>}
      {qa?.samples.slice(0, 3).map((sample) => <SamplePanel key={sample.sampleId} sample={sample} timeZone={timeZone} canScore={canScore} name={name} onScore={setScoring} />)}
      {qa && <ActionsPanel actions={qa.correctiveActions} name={name} onClosed={overview.reload} />}
      {qa && <CalibrationPanel qa={qa} canScore={canScore} timeZone={timeZone} onScore={setScoring} onOpened={overview.reload} name={name} />}
    </ReportScreen>
  );
}

function DrawSampleForm({ card, timeZone, onDrawn }: { card: QaOverviewResponse['scorecard']; timeZone: string; onDrawn(): void }) {
  const { bridge } = useServices();
  const id = useId();
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const [from, setFrom] = useState(DateTime.fromISO(dates.today).minus({ days: 7 }).toISODate() as string);
  const [to, setTo] = useState(dates.today);
  const [ratePercent, setRatePercent] = useState(String(card.sampling.defaultRate * 100));
  const [seed, setSeed] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);

  async function draw(event: FormEvent) {
    event.preventDefault();
    const start = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
    const end = DateTime.fromISO(to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
    if (!start.isValid || !end.isValid || end <= start) return setMessage({ kind: 'alert', text: 'Choose a period whose last day is on or after its first.' });
    const rate = Number(ratePercent) / 100;
    setBusy(true);
    setMessage(null);
    const result = await bridge.invoke('qa.drawSample', { from: start.toUTC().toISO() as string, to: end.toUTC().toISO() as string, rate, ...(seed.trim() ? { seed: Number(seed) } : {}) });
    setBusy(false);
    if (!result.ok) return setMessage({ kind: 'alert', text: result.error.message });
    const drawn = result.value;
    setMessage({ kind: 'status', text: `Sample ${drawn.sampleId} drawn with seed ${drawn.seed}: ${drawn.items.length} interactions (${drawn.randomCount} at random from ${drawn.population} closed, plus every escalation and critical flow).` });
    onDrawn();
  }

  return (
    <form className="panel qa-draw" aria-labelledby={`${id}-title`} onSubmit={(event) => void draw(event)}>
      <h2 id={`${id}-title`}>Draw a QA sample</h2>
      <div className="form-row">
        <label htmlFor={`${id}-from`}>
          Closed from
          <input id={`${id}-from`} type="date" value={from} onChange={(event) => setFrom(event.target.value)} required />
        </label>
        <label htmlFor={`${id}-to`}>
          Closed until
          <input id={`${id}-to`} type="date" value={to} onChange={(event) => setTo(event.target.value)} required />
        </label>
        <label htmlFor={`${id}-rate`}>
          Sample rate (%)
          <input id={`${id}-rate`} type="number" min={card.sampling.minRate * 100} max={card.sampling.maxRate * 100} step={0.5} value={ratePercent} onChange={(event) => setRatePercent(event.target.value)} required />
        </label>
        <label htmlFor={`${id}-seed`}>
          Seed (blank: a new random seed)
          <input id={`${id}-seed`} type="number" min={0} max={4294967295} step={1} value={seed} onChange={(event) => setSeed(event.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Draw sample
        </button>
      </div>
      <p className="hint">
        Between {card.sampling.minRate * 100} % and {card.sampling.maxRate * 100} % of closed interactions at random, plus every escalation and critical flow. The seed is recorded, so anyone can draw the same sample again.
      </p>
      {message && (
        <p className={message.kind === 'alert' ? 'alert' : 'hint'} role={message.kind}>
          {message.text}
        </p>
      )}
    </form>
  );
}

type Item = Sample['items'][number];

function SamplePanel({ sample, timeZone, canScore, name, onScore }: { sample: Sample; timeZone: string; canScore: boolean; name(id: string): string; onScore(target: ScoreTarget): void }) {
  const columns: TableColumn<Item>[] = [
    { key: 'case', header: 'Case', value: (row) => row.caseId },
    { key: 'agent', header: 'Agent', value: (row) => name(row.agentId) },
    { key: 'reason', header: 'Why sampled', value: (row) => SAMPLE_REASON[row.reason] },
    { key: 'type', header: 'Case type', value: (row) => row.caseType.replace(/_/g, ' ') },
    { key: 'channel', header: 'Channel', value: (row) => row.channel.replace(/_/g, ' ') },
    { key: 'closed', header: 'Closed', value: (row) => formatInstant(row.closedAt, timeZone) },
    { key: 'handle', header: 'Handle time', value: (row) => (row.summary?.handleSeconds ? formatSeconds(row.summary.handleSeconds) : null) },
    { key: 'score', header: 'QA score', value: (row) => (row.score === null ? 'Not scored' : formatShare(row.score)), numeric: true },
  ];
  const me = useSession((state) => state.agent?.id);
  // The service's rule: nobody scores their own interaction, so those are not offered.
  const open = sample.items.filter((item) => item.evaluationId === null && item.agentId !== me);
  return (
    <ChartPanel
      title={`Sample ${sample.sampleId}`}
      description={`Rate ${Math.round(sample.rate * 1000) / 10} %, seed ${sample.seed}; ${sample.items.length} of ${sample.population} closed interactions; drawn by ${name(sample.drawnBy)} on ${formatInstant(sample.drawnAt, timeZone)}.`}
      columns={columns}
      rows={sample.items}
      exportSuffix={sample.drawnAt.slice(0, 10)}
    >
      {canScore && open.length > 0 && (
        <ScoreQueueList
          label={`Interactions to score in sample ${sample.sampleId}`}
          items={open.map((item) => ({ ...item, sampleId: sample.sampleId, title: `Score ${item.caseId}${item.summary ? `: ${item.summary.subject}` : ''}` }))}
          name={name}
          onScore={onScore}
        />
      )}
    </ChartPanel>
  );
}

function ActionsPanel({ actions, name, onClosed }: { actions: readonly Action[]; name(id: string): string; onClosed(): void }) {
  const agent = useSession((state) => state.agent);
  // The service's rule: the plan's owner or a QA reviewer closes it.
  const closable = actions.filter((action) => action.closedAt === null && agent && (action.ownerId === agent.id || agent.role === 'qa_reviewer'));
  const columns: TableColumn<Action>[] = [
    { key: 'action', header: 'Plan', value: (row) => row.actionId },
    { key: 'agent', header: 'Agent', value: (row) => name(row.agentId) },
    { key: 'owner', header: 'Owner', value: (row) => name(row.ownerId) },
    { key: 'due', header: 'Due date', value: (row) => row.dueDate },
    { key: 'reason', header: 'Reason', value: (row) => row.reason },
    { key: 'state', header: 'State', value: (row) => (row.closedAt ? `Closed ${row.closedAt.slice(0, 10)}: ${row.note ?? ''}` : 'Open') },
  ];
  return (
    <ChartPanel title="Corrective-action plans" description="Opened by every evaluation below the threshold; the agent’s supervisor owns the plan." columns={columns} rows={actions} exportSuffix="plans">
      {closable.length > 0 && (
        <ul className="score-list" aria-label="Plans you can close">
          {closable.slice(0, 10).map((action) => (
            <li key={action.actionId}>
              <CloseActionForm action={action} name={name} onClosed={onClosed} />
            </li>
          ))}
        </ul>
      )}
    </ChartPanel>
  );
}

function CloseActionForm({ action, name, onClosed }: { action: Action; name(id: string): string; onClosed(): void }) {
  const { bridge } = useServices();
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function close(event: FormEvent) {
    event.preventDefault();
    const result = await bridge.invoke('qa.closeAction', { actionId: action.actionId, note });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    onClosed();
  }
  return (
    <form className="form-row" aria-label={`Close plan ${action.actionId}`} onSubmit={(event) => void close(event)}>
      <label htmlFor={`${id}-note`}>
        What was done for {name(action.agentId)} ({action.actionId}, due {action.dueDate})
        <input id={`${id}-note`} value={note} maxLength={2000} required onChange={(event) => setNote(event.target.value)} />
      </label>
      <button type="submit">Close plan</button>
      {error && (
        <span className="alert" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}

function CalibrationPanel({ qa, canScore, timeZone, onScore, onOpened, name }: { qa: QaOverviewResponse; canScore: boolean; timeZone: string; onScore(target: ScoreTarget): void; onOpened(): void; name(id: string): string }) {
  const { bridge } = useServices();
  const me = useSession((state) => state.agent?.id);
  const id = useId();
  const scoredCases = [...new Set(qa.samples.flatMap((sample) => sample.items.map((item) => item.caseId)))].slice(0, 50);
  const [caseId, setCaseId] = useState('');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function open(event: FormEvent) {
    event.preventDefault();
    const chosen = caseId || scoredCases[0];
    if (!chosen) return setError('Draw a sample first: a calibration scores one of its interactions.');
    const result = await bridge.invoke('qa.openCalibration', { calibrationId: `CAL-${crypto.randomUUID().slice(0, 8)}`, caseId: chosen, title: title.trim() || `Calibration on ${chosen}` });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setTitle('');
    onOpened();
  }

  const columns: TableColumn<Spread>[] = [
    { key: 'criterion', header: 'Criterion', value: (row) => row.label },
    { key: 'reviewers', header: 'Reviewers', value: (row) => row.reviewers, numeric: true },
    { key: 'min', header: 'Lowest', value: (row) => row.min, numeric: true },
    { key: 'max', header: 'Highest', value: (row) => row.max, numeric: true },
    { key: 'range', header: 'Spread (highest − lowest)', value: (row) => row.range, numeric: true },
    { key: 'mean', header: 'Mean', value: (row) => Math.round(row.mean * 100) / 100, numeric: true },
    { key: 'sd', header: 'Standard deviation', value: (row) => Math.round(row.standardDeviation * 100) / 100, numeric: true },
  ];

  return (
    <section className="panel calibration" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Calibration sessions</h2>
      <p className="hint">Several reviewers score the same interaction; a wide spread on a criterion means the scorecard is read differently.</p>
      {canScore && (
        <form className="form-row" onSubmit={(event) => void open(event)} aria-label="Open a calibration session">
          <label htmlFor={`${id}-case`}>
            Interaction
            <select id={`${id}-case`} value={caseId} onChange={(event) => setCaseId(event.target.value)}>
              {scoredCases.length === 0 && <option value="">No sampled interaction yet</option>}
              {scoredCases.map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor={`${id}-name`}>
            Session title
            <input id={`${id}-name`} value={title} maxLength={200} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <button type="submit">Open calibration session</button>
        </form>
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      {qa.calibrations.length === 0 ? (
        <p className="muted">No calibration session yet.</p>
      ) : (
        qa.calibrations.slice(0, 5).map((session) => {
          const scoredByMe = session.evaluations.some((evaluation) => evaluation.reviewerId === me);
          return (
            <ChartPanel
              key={session.calibrationId}
              title={session.title}
              description={`${session.caseId} (agent ${name(session.agentId)}), opened by ${name(session.openedBy)} on ${formatInstant(session.openedAt, timeZone)}; ${session.evaluations.length} reviewer${session.evaluations.length === 1 ? '' : 's'} so far${session.spread.overall ? `, overall score from ${formatShare(session.spread.overall.min)} to ${formatShare(session.spread.overall.max)}` : ''}.`}
              columns={columns}
              rows={session.evaluations.length > 0 ? session.spread.perCriterion : []}
              exportSuffix={session.calibrationId}
              chart={<SpreadChart spread={session.spread.perCriterion} />}
            >
              {canScore && !scoredByMe && (
                <button type="button" onClick={() => onScore({ caseId: session.caseId, sampleId: null, calibrationId: session.calibrationId, title: `Calibration: score ${session.caseId}` })}>
                  Score {session.caseId} for “{session.title}”
                </button>
              )}
            </ChartPanel>
          );
        })
      )}
    </section>
  );
}

/** The spread per criterion: each criterion's lowest, mean and highest points side by side (the table view has them all). */
function SpreadChart({ spread }: { spread: readonly Spread[] }) {
  const data = spread.map((row) => ({ label: row.label, Lowest: row.min, Mean: Math.round(row.mean * 100) / 100, Highest: row.max }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(200, spread.length * 44)}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} label={{ value: 'Points', position: 'insideBottom', offset: -4 }} />
        <YAxis type="category" dataKey="label" width={160} />
        <Tooltip />
        <Legend />
        <Bar dataKey="Lowest" fill="#b45309" />
        <Bar dataKey="Mean" fill="#1d4ed8" />
        <Bar dataKey="Highest" fill="#047857" />
      </BarChart>
    </ResponsiveContainer>
  );
}
