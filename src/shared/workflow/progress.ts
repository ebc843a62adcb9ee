import type { CaseEvent } from '../domain/caseEvent';
import type { JsonValue } from './answers';

/**
 * What has been done in one run of one workflow version, folded from case events (or
 * built by hand in tests). Answers are keyed by field id, latest value wins; disclosure
 * confirmations sit beside them under `disclosure:<id>` (see disclosureFieldId).
 */
export interface WorkflowProgress {
  answers: Readonly<Record<string, JsonValue>>;
  /** step id each answer was given on, as recorded (kept for answers the definition does not know) */
  answeredOnStep: Readonly<Record<string, string>>;
  completedSteps: readonly string[];
  completionRecorded: boolean;
  /** when the workflow started: time windows are measured to this instant, so replays agree */
  startedAt: string | null;
  customerVerified: boolean;
  /** Remediation kinds requested on the case so far (a step whose purpose is one cannot be completed before it). */
  requestedRemediations: readonly string[];
}

export interface AnswerRecord {
  eventId: string;
  stepId: string;
  fieldId: string;
  value: JsonValue;
  at: string;
  actorId: string;
}

export interface WorkflowRunRecord {
  workflowId: string;
  version: number;
  startedAt: string | null;
  startedBy: string | null;
  progress: WorkflowProgress;
  /** every answer ever given, in order: the audit trail behind `progress.answers` */
  answerLog: AnswerRecord[];
}

export function emptyProgress(overrides: Partial<WorkflowProgress> = {}): WorkflowProgress {
  return { answers: {}, answeredOnStep: {}, completedSteps: [], completionRecorded: false, startedAt: null, customerVerified: false, requestedRemediations: [], ...overrides };
}

/** Each (workflow, version) run recorded on a case, in the order they first appear. Events are taken in the order given. */
export function foldWorkflowRuns(events: readonly CaseEvent[]): WorkflowRunRecord[] {
  const runs = new Map<string, { record: WorkflowRunRecord; answers: Record<string, JsonValue>; steps: Record<string, string>; completed: string[] }>();
  let customerVerified = false;
  const requestedRemediations: string[] = [];
  const runFor = (workflowId: string, version: number) => {
    const key = `${workflowId}@${version}`;
    let run = runs.get(key);
    if (!run) {
      run = {
        record: { workflowId, version, startedAt: null, startedBy: null, progress: emptyProgress(), answerLog: [] },
        answers: {},
        steps: {},
        completed: [],
      };
      runs.set(key, run);
    }
    return run;
  };
  let completedKeys = new Set<string>();
  for (const event of events) {
    switch (event.type) {
      case 'customer.verified':
        customerVerified = true;
        break;
      case 'remediation.requested':
        if (!requestedRemediations.includes(event.payload.kind)) requestedRemediations.push(event.payload.kind);
        break;
      case 'workflow.started': {
        const run = runFor(event.payload.workflowId, event.payload.version);
        if (run.record.startedAt === null) {
          run.record.startedAt = event.at;
          run.record.startedBy = event.actorId;
        }
        break;
      }
      case 'workflow.answered': {
        const p = event.payload;
        const run = runFor(p.workflowId, p.version);
        const value = p.value as JsonValue;
        run.answers[p.fieldId] = value;
        run.steps[p.fieldId] = p.stepId;
        run.record.answerLog.push({ eventId: event.id, stepId: p.stepId, fieldId: p.fieldId, value, at: event.at, actorId: event.actorId });
        break;
      }
      case 'workflow.step_completed': {
        const run = runFor(event.payload.workflowId, event.payload.version);
        if (!run.completed.includes(event.payload.stepId)) run.completed.push(event.payload.stepId);
        break;
      }
      case 'workflow.completed':
        completedKeys = new Set([...completedKeys, `${event.payload.workflowId}@${event.payload.version}`]);
        runFor(event.payload.workflowId, event.payload.version);
        break;
      default:
        break;
    }
  }
  return [...runs.entries()].map(([key, run]) => ({
    ...run.record,
    progress: {
      answers: run.answers,
      answeredOnStep: run.steps,
      completedSteps: run.completed,
      completionRecorded: completedKeys.has(key),
      startedAt: run.record.startedAt,
      customerVerified,
      requestedRemediations,
    },
  }));
}

/** The progress of one workflow version on a case; empty when it never ran there. */
export function foldWorkflowProgress(events: readonly CaseEvent[], workflowId: string, version: number): WorkflowProgress {
  const run = foldWorkflowRuns(events).find((r) => r.workflowId === workflowId && r.version === version);
  return run
    ? run.progress
    : emptyProgress({
        customerVerified: events.some((e) => e.type === 'customer.verified'),
        requestedRemediations: [...new Set(events.flatMap((e) => (e.type === 'remediation.requested' ? [e.payload.kind] : [])))],
      });
}
