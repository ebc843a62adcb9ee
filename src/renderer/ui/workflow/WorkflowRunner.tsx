import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { CaseEvent, CaseEventDraft } from '../../../shared/domain/caseEvent';
import type { CaseState } from '../../../shared/domain/caseState';
import { caseTypeLabel, channelLabel } from '../../../shared/domain/enums';
import {
  DISCLOSURE_FIELD_PREFIX,
  disclosuresFor,
  foldWorkflowRuns,
  prepareAnswer,
  prepareDisclosureConfirmation,
  runWorkflow,
  selectDefinition,
  workflowsFor,
  type WorkflowDefinition,
  type WorkflowRunResult,
  type WorkflowStep,
} from '../../../shared/workflow';
import { readableEvents, loadCaseEvents } from '../../workflow/caseEvents';
import type { WorkflowSetup } from '../../workflow/workflowSetup';
import { SeverityBadge } from '../badges';
import { severityLabel } from '../format';
import { AcknowledgementActions } from '../walkin/AcknowledgementActions';
import { useReadModels, useSession } from '../context';
import { EscalationOffers } from './EscalationOffers';
import { useCaseCustomerTransactions } from '../../workflow/caseCustomerTransactions';
import { RemediationOffers } from './RemediationOffers';
import { StepAnswers, type StepDraft } from './StepAnswers';
import { useWorkflowSetup } from './WorkflowProvider';
import { WorkflowSummaryView } from './WorkflowSummaryView';
import { ProblemAlert } from '../ProblemAlert';
import { Icon } from '../Icon';

/**
 * The scripted workflow on the case screen: start one for the case type, then one step at a
 * time. Every answer, disclosure and step is an event on the case, recorded as the agent goes,
 * so closing the window or losing the network loses nothing, and opening the case again
 * resumes on the step the answers lead to.
 */
export function WorkflowRunner({ caseId, caseState }: { caseId: string; caseState: CaseState }) {
  const { load } = useWorkflowSetup();
  const { db } = useReadModels();
  const records = useLiveQuery(() => db.events.where('caseId').equals(caseId).toArray(), [db, caseId]);
  const events = useMemo(() => (records ? readableEvents(records) : null), [records]);

  let body;
  if (!load || !events) body = <p role="status">Loading the workflow…</p>;
  else if (!load.ok) body = <p className="alert" role="alert">Workflows could not be loaded: {load.error.message}</p>;
  else body = <RunnerBody caseId={caseId} caseState={caseState} events={events} setup={load.setup} />;
  return (
    <>
      <section className="panel workflow-runner" aria-labelledby={`wf-title-${caseId}`}>
        {body}
      </section>
      {/* A walk-in customer can be handed their acknowledgement again from the case, not only at intake. */}
      {caseState.channel === 'walk_in' && events && <AcknowledgementActions caseId={caseId} events={events} />}
    </>
  );
}

function RunnerBody({ caseId, caseState, events, setup }: { caseId: string; caseState: CaseState; events: CaseEvent[]; setup: WorkflowSetup }) {
  const { sync } = useReadModels();
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runs = useMemo(() => foldWorkflowRuns(events), [events]);
  const [restart, setRestart] = useState(false);
  const run = restart ? undefined : runs.at(-1);

  if (!setup.limits || !setup.windows) {
    return (
      <p className="alert" role="alert">
        Workflows are unavailable: the remediation limits or time windows failed to load. An administrator can see why under “Workflow problems”.
      </p>
    );
  }

  if (!run) {
    const choices = workflowsFor(setup.registry, caseState.caseType, caseState.channel);
    async function start(definition: WorkflowDefinition) {
      setStarting(definition.id);
      setError(null);
      const result = await sync.append({ id: crypto.randomUUID(), caseId, type: 'workflow.started', payload: { workflowId: definition.id, version: definition.version } });
      setStarting(null);
      if (!result.ok) setError(result.error.message);
      else setRestart(false);
    }
    return (
      <>
        <h2 id={`wf-title-${caseId}`}>Scripted workflow</h2>
        {choices.length === 0 ? (
          <p className="muted">
            No workflow applies to a {caseTypeLabel[caseState.caseType].toLowerCase()} case by {channelLabel[caseState.channel].toLowerCase()}.
          </p>
        ) : (
          <ul className="wf-choices">
            {choices.map((definition) => (
              <li key={definition.id}>
                <button type="button" className="primary" disabled={starting !== null} onClick={() => void start(definition)}>
                  Start “{definition.title}”
                </button>
                {definition.description && <p className="hint">{definition.description}</p>}
              </li>
            ))}
          </ul>
        )}
        {restart && (
          <button type="button" className="link" onClick={() => setRestart(false)}>
            Back to the last workflow
          </button>
        )}
        {error && (
          <p className="alert" role="alert">
            The workflow was not started: {error}
          </p>
        )}
      </>
    );
  }

  const selected = selectDefinition(setup.registry, run.workflowId, run.version);
  if (!selected.ok) {
    return (
      <p className="alert" role="alert">
        This case ran {run.workflowId} version {run.version}, which cannot be shown: {selected.reason}. Its answers are kept on the case.
      </p>
    );
  }
  return <StepRunner caseId={caseId} caseState={caseState} events={events} setup={setup} definition={selected.definition} onStartAnother={() => setRestart(true)} />;
}

function StepRunner(props: { caseId: string; caseState: CaseState; events: CaseEvent[]; setup: WorkflowSetup; definition: WorkflowDefinition; onStartAnother(): void }) {
  const { caseId, caseState, events, setup, definition } = props;
  const { db, sync } = useReadModels();
  const agent = useSession((state) => state.agent);
  const role = agent?.role ?? 'tier1_agent';
  const timeZone = agent?.timeZone ?? 'UTC';
  const limits = setup.limits;
  const windows = setup.windows;
  const [viewedStepId, setViewedStepId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pending = useRef(new Set<Promise<unknown>>());
  const heading = useRef<HTMLHeadingElement>(null);
  /** The current step's typed-but-unsaved answers, dropped once the step is completed. */
  const stepDraft = useRef<StepDraft>(null);
  const transactions = useCaseCustomerTransactions(db, caseState.customerId);

  const evaluate = useCallback(
    (list: readonly CaseEvent[]): WorkflowRunResult | null => (limits && windows ? runWorkflow(definition, list, { role, limits, windows, channel: caseState.channel }) : null),
    [definition, role, limits, windows, caseState.channel],
  );
  const result = useMemo(() => evaluate(events), [evaluate, events]);
  const progress = useMemo(() => foldWorkflowRuns(events).find((r) => r.workflowId === definition.id && r.version === definition.version)?.progress, [events, definition]);

  /** Work the Next step must wait for: an answer being checked and recorded when the agent presses Alt+N. */
  const track = useCallback(<T,>(work: Promise<T>): Promise<T> => {
    pending.current.add(work);
    return work.finally(() => pending.current.delete(work));
  }, []);
  const append = useCallback((draft: CaseEventDraft) => track(sync.append(draft)), [sync, track]);

  const commitAnswer = useCallback(
    (step: WorkflowStep, fieldId: string, value: unknown): Promise<string | null> =>
      track(
        (async () => {
          // A transaction answer must be one of the case customer's, as far as this desktop knows them.
          const prepared = prepareAnswer(definition, step.id, fieldId, value, transactions && transactions.length > 0 ? { transactions } : {});
          if (!prepared.ok) return prepared.reason;
          const saved = await append({ id: crypto.randomUUID(), caseId, type: 'workflow.answered', payload: prepared.payload });
          return saved.ok ? null : saved.error.message;
        })(),
      ),
    [definition, caseId, append, track, transactions],
  );

  // Ticked at once; unticked again only if main refuses to record it.
  const [confirming, setConfirming] = useState<ReadonlySet<string>>(new Set());
  async function confirmDisclosure(step: WorkflowStep, disclosureId: string) {
    const prepared = prepareDisclosureConfirmation(definition, step.id, disclosureId);
    if (!prepared.ok) return setProblem(prepared.reason);
    setConfirming((ids) => new Set([...ids, disclosureId]));
    const saved = await append({ id: crypto.randomUUID(), caseId, type: 'workflow.answered', payload: prepared.payload });
    if (!saved.ok) {
      setProblem(saved.error.message);
      setConfirming((ids) => new Set([...ids].filter((id) => id !== disclosureId)));
    }
  }

  const visited = useMemo(() => result?.visitedSteps ?? [], [result]);
  const viewedIndex = viewedStepId ? visited.indexOf(viewedStepId) : -1;
  const showingIndex = viewedIndex >= 0 ? viewedIndex : visited.length - 1;
  const step = (viewedIndex >= 0 ? definition.steps.find((s) => s.id === viewedStepId) : result?.currentStep) ?? result?.currentStep;
  const isCurrent = !result || step?.id === result.currentStepId;
  const total = visited.length + (result?.plannedSteps.length ?? 0);

  const goBack = useCallback(() => {
    if (showingIndex <= 0) return;
    setProblem(null);
    setViewedStepId(visited[showingIndex - 1] ?? null);
  }, [showingIndex, visited]);

  const goNext = useCallback(async () => {
    if (busy) return;
    // Let answers being typed land first: blur commits them.
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    await new Promise((resolve) => setTimeout(resolve, 0));
    await Promise.allSettled([...pending.current]);
    setProblem(null);
    if (!isCurrent) {
      const next = visited[showingIndex + 1];
      setViewedStepId(next && next !== result?.currentStepId ? next : null);
      return;
    }
    const fresh = evaluate(await loadCaseEvents(db, caseId));
    if (!fresh || fresh.completed) {
      setViewedStepId(null);
      return;
    }
    const missing = [...fresh.missingDisclosures.map((d) => `read aloud and tick “${d.title}”`), ...fresh.missingRequired.map((m) => m.reason)];
    if (missing.length > 0) {
      setProblem(`Before the next step: ${missing.join('; ')}.`);
      return;
    }
    setBusy(true);
    const payload = { workflowId: definition.id, version: definition.version, stepId: fresh.currentStepId };
    const done = await append({ id: crypto.randomUUID(), caseId, type: 'workflow.step_completed', payload });
    if (done.ok) stepDraft.current?.clear();
    if (done.ok && fresh.allowedActions.includes('complete_workflow')) {
      const finished = await append({ id: crypto.randomUUID(), caseId, type: 'workflow.completed', payload: { workflowId: definition.id, version: definition.version } });
      if (!finished.ok) setProblem(finished.error.message);
    } else if (!done.ok) setProblem(done.error.message);
    setBusy(false);
    setViewedStepId(null);
    heading.current?.focus();
  }, [busy, isCurrent, visited, showingIndex, result?.currentStepId, evaluate, db, caseId, definition, append]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.code === 'KeyN') {
        event.preventDefault();
        void goNext();
      } else if (event.code === 'KeyB') {
        event.preventDefault();
        goBack();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [goNext, goBack]);

  if (!result || !step || !limits) return null;

  const header = (
    <>
      <div className="wf-head">
        <h2 id={`wf-title-${caseId}`}>{definition.title}</h2>
        <span className="muted">v{definition.version}</span>
      </div>
      <SeverityProposal caseId={caseId} caseState={caseState} result={result} title={definition.title} append={append} />
    </>
  );

  if (result.completed && !viewedStepId) {
    return (
      <>
        {header}
        <WorkflowSummaryView result={result} caseId={caseId} remediations={caseState.remediations} onReview={() => setViewedStepId(visited[0] ?? null)} onStartAnother={props.onStartAnother} />
        <EscalationOffers caseId={caseId} offers={result.escalations} events={events} />
      </>
    );
  }

  const answers = progress?.answers ?? {};
  const invalid = new Map(result.invalidAnswers.map((i) => [i.fieldId, i.reason]));
  const stepFindings = result.windowFindings.filter((f) => f.stepId === step.id || (isCurrent && step.remediationOptions.some((o) => o.window?.field === f.fieldId)));
  const isLast = isCurrent && result.plannedSteps.length === 0 && !step.next;
  // Only those for this case's channel: no call recording notice on a secure message.
  const disclosures = disclosuresFor(step, caseState.channel);

  return (
    <>
      {header}
      <div className="wf-progress">
        <h3 ref={heading} tabIndex={-1} aria-live="polite">
          Step {showingIndex + 1} of {total}: {step.title}
        </h3>
        <progress max={total} value={showingIndex + (isCurrent ? 0 : 1)} aria-hidden="true" />
        {!isCurrent && <p className="hint">You are looking back at an earlier step. Changing an answer here may change the steps that follow.</p>}
      </div>

      <blockquote className="wf-script" aria-label="Script">
        {step.script}
      </blockquote>

      {disclosures.length > 0 && (
        <section className="wf-disclosures" aria-label="Disclosures">
          {disclosures.map((disclosure) => {
            const confirmed = answers[`${DISCLOSURE_FIELD_PREFIX}${disclosure.id}`] === true || confirming.has(disclosure.id);
            return (
              <div key={disclosure.id} className={`wf-disclosure${confirmed ? ' confirmed' : ''}`}>
                <p className="wf-disclosure-title">
                  <strong>{disclosure.title}</strong> <span className="muted">— read word for word</span>
                </p>
                <p className="wf-disclosure-text">{disclosure.text}</p>
                {disclosure.source && <p className="hint">Source: {disclosure.source}</p>}
                <label className="read-aloud">
                  <input type="checkbox" checked={confirmed} disabled={confirmed} onChange={() => void confirmDisclosure(step, disclosure.id)} /> Read aloud: {disclosure.title}
                </label>
              </div>
            );
          })}
        </section>
      )}

      {step.knowledge.length > 0 && (
        <details className="wf-knowledge">
          <summary>Knowledge ({step.knowledge.length})</summary>
          {step.knowledge.map((snippet) => (
            <div key={snippet.title}>
              <strong>{snippet.title}</strong>
              <p>{snippet.text}</p>
              {snippet.source && <p className="hint">Source: {snippet.source}</p>}
            </div>
          ))}
        </details>
      )}

      <StepAnswers
        key={`${definition.id}@${definition.version}:${step.id}`}
        ref={stepDraft}
        caseId={caseId}
        definition={definition}
        step={step}
        answers={answers}
        invalid={invalid}
        timeZone={timeZone}
        transactions={transactions}
        commitAnswer={commitAnswer}
      />

      {stepFindings.length > 0 && (
        <ul className="wf-windows" aria-label="Time windows">
          {stepFindings.map((finding) => (
            <li key={`${finding.rule}-${finding.fieldId}`} className={finding.ok ? 'ok' : 'closed'} role={finding.ok ? undefined : 'alert'}>
              <Icon name={finding.ok ? 'clock' : 'blocked'} />{' '}
              {finding.message}
            </li>
          ))}
        </ul>
      )}

      {isCurrent && (
        <RemediationOffers
          caseId={caseId}
          caseState={caseState}
          offers={result.allowedRemediations}
          role={role}
          limits={limits}
          defaultReason={`${definition.title} — ${step.title}`}
        />
      )}
      <EscalationOffers caseId={caseId} offers={result.escalations} events={events} />

      <ProblemAlert problem={problem} />
      <div className="wf-nav">
        <button type="button" onClick={goBack} disabled={showingIndex <= 0}>
          <Icon name="back" /> Back <kbd>Alt+B</kbd>
        </button>
        <button type="button" className="primary" onClick={() => void goNext()} disabled={busy}>
          {!isCurrent ? 'Next step' : isLast ? 'Finish workflow' : 'Complete step'} <kbd>Alt+N</kbd>
        </button>
      </div>
      <p className="hint">Answers are saved as you go. Keys: Alt+N next · Alt+B back · Tab between fields.</p>
    </>
  );
}

/**
 * A workflow proposes a severity; the agent decides. The answers' severity rules (a fee over
 * $100, say) may suggest another severity than the case has; it used to be set on the case as the
 * agent typed, lowering an S2 case to S3 and swapping its SLA clocks behind their back. Now the
 * suggestion is shown with its reason, and only the agent's "Set" records a severity change (with
 * the severity they saw, so a concurrent change is kept as a conflict). Nothing is proposed when
 * no rule fired: a workflow's default severity says nothing about this case.
 */
function SeverityProposal(props: { caseId: string; caseState: CaseState; result: WorkflowRunResult; title: string; append(draft: CaseEventDraft): Promise<{ ok: true } | { ok: false; error: { message: string } }> }) {
  const { caseId, caseState, result, title, append } = props;
  const [kept, setKept] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const proposed = result.severityCode;
  const reason = result.severityReasons[0]?.replace(/^\w+: /, '');
  if (!reason || proposed === caseState.severity || kept === `${caseState.severity}>${proposed}`) return null;

  async function accept() {
    setBusy(true);
    setProblem(null);
    const saved = await append({ id: crypto.randomUUID(), caseId, type: 'severity.set', payload: { severity: proposed, from: caseState.severity, reason: `${title}: ${reason}`.slice(0, 500) } });
    setBusy(false);
    if (!saved.ok) setProblem(saved.error.message);
  }

  return (
    <section className="wf-severity-proposal" aria-label="Proposed severity">
      <p>
        The answers suggest <SeverityBadge severity={proposed} /> ({reason}). The case is <SeverityBadge severity={caseState.severity} />; changing it changes its SLA clocks.
      </p>
      <div className="wf-severity-actions">
        <button type="button" disabled={busy} onClick={() => void accept()}>
          Set severity to {proposed} {severityLabel[proposed]}
        </button>
        <button type="button" disabled={busy} onClick={() => setKept(`${caseState.severity}>${proposed}`)}>
          Keep {caseState.severity} {severityLabel[caseState.severity]}
        </button>
      </div>
      <ProblemAlert problem={problem} />
    </section>
  );
}
