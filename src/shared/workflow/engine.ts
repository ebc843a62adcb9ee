import type { CaseEvent } from '../domain/caseEvent';
import type { Channel, Role, Severity } from '../domain/enums';
import { formatAnswer, validateAnswer, type JsonValue } from './answers';
import { evaluateCondition, type ConditionContext } from './conditions';
import {
  DISCLOSURE_FIELD_PREFIX,
  disclosuresFor,
  ESCALATION_TARGETS,
  MONEY_MOVING_REMEDIATIONS,
  SEVERITY_LEVELS,
  remediationLabel,
  severityCodeOf,
  type EscalationTargetId,
  type RemediationKind,
  type SeverityLevel,
  type WindowRuleId,
  type WorkflowDefinition,
  type WorkflowField,
  type WorkflowStep,
} from './definition';
import { requiredApproval, type ApprovalLevel, type RemediationLimits } from './limits';
import { foldWorkflowProgress, type WorkflowProgress } from './progress';
import { remediationOwedOn } from './remediationOwed';
import { checkWindow, describeRule, windowRule, type TimeWindowConfig } from './windows';

export interface WorkflowContext {
  /** who is running it: decides which remediations need approval */
  role: Role;
  limits: RemediationLimits;
  windows: TimeWindowConfig;
  /** instant windows are measured to; defaults to when the workflow started */
  asOfIso?: string;
  /** defaults to whether the case recorded a customer.verified event */
  customerVerified?: boolean;
  /** The case's channel: disclosures limited to other channels are not required. Absent, every disclosure is. */
  channel?: Channel;
}

export type WorkflowAction = 'answer' | 'confirm_disclosure' | 'complete_step' | 'complete_workflow' | 'go_back' | 'request_remediation' | 'escalate';

export interface MissingItem {
  fieldId: string;
  label: string;
  reason: string;
}

export interface RemediationOffer {
  kind: RemediationKind;
  label: string;
  /** from the step's amount field when it has one; otherwise the agent enters it and calls requiredApproval */
  amountCents: number | null;
  transactionId: string | null;
  /** sign-off this role needs for that amount; null until the amount is known */
  approval: ApprovalLevel | null;
  available: boolean;
  blockedReason: string | null;
}

export interface EscalationOffer {
  target: EscalationTargetId;
  level: number;
  label: string;
  reason: string;
  mandatory: boolean;
  stepId: string;
}

export interface WindowFinding {
  rule: WindowRuleId;
  fieldId: string;
  stepId: string;
  ok: boolean;
  daysElapsed: number | null;
  /** names the rule and its source; on success says how many days are left */
  message: string;
}

export interface SummaryAnswer {
  stepId: string;
  fieldId: string;
  label: string;
  value: JsonValue;
  display: string;
}

export interface WorkflowSummary {
  workflowId: string;
  version: number;
  title: string;
  completed: boolean;
  severity: SeverityLevel;
  severityCode: Severity;
  steps: { stepId: string; title: string; completed: boolean; disclosuresConfirmed: string[]; answers: SummaryAnswer[] }[];
  /** answers kept from a branch no longer taken */
  offPathAnswers: SummaryAnswer[];
  /** plain-text rendering for a case note or a printed acknowledgement */
  text: string;
}

export interface WorkflowRunResult {
  workflowId: string;
  version: number;
  currentStepId: string;
  currentStep: WorkflowStep;
  /** steps on the path the answers lead through, start first, current last */
  visitedSteps: string[];
  /** how each visited step was left, for the audit trail ("took branch 0 of assess_fee") */
  route: { from: string; to: string; via: RouteVia }[];
  /** steps still ahead if the answers stay as they are (unanswered branches take the default) */
  plannedSteps: string[];
  completedSteps: string[];
  missingRequired: MissingItem[];
  missingDisclosures: { id: string; title: string }[];
  severity: SeverityLevel;
  severityCode: Severity;
  severityReasons: string[];
  allowedActions: WorkflowAction[];
  allowedRemediations: RemediationOffer[];
  escalations: EscalationOffer[];
  windowFindings: WindowFinding[];
  /** recorded answers that fail their field's rules; kept, shown, treated as unanswered */
  invalidAnswers: { fieldId: string; stepId: string; reason: string }[];
  /** answers for fields on steps no longer on the path: kept, never dropped */
  offPathAnswers: { fieldId: string; stepId: string }[];
  /** answers this version does not know (e.g. from a newer client); kept, ignored */
  unknownAnswers: { fieldId: string; stepId: string | null }[];
  completed: boolean;
  summary: WorkflowSummary;
}

/**
 * Runs a definition against what has been recorded: which step the agent is on, what is
 * still missing there, the derived severity, and what the agent may do now. Pure: the
 * same definition and answers always give the same result, so every replica and every
 * replay agree. Pass case events to fold them (only this definition's id and version
 * are taken) or a progress object.
 */
export function runWorkflow(definition: WorkflowDefinition, input: WorkflowProgress | readonly CaseEvent[], context: WorkflowContext): WorkflowRunResult {
  const progress = isEventList(input) ? foldWorkflowProgress(input, definition.id, definition.version) : input;
  const steps = new Map(definition.steps.map((s) => [s.id, s]));
  const fieldHome = new Map<string, { field: WorkflowField; step: WorkflowStep }>();
  const disclosureHome = new Map<string, WorkflowStep>();
  for (const step of definition.steps) {
    for (const field of step.fields) fieldHome.set(field.id, { field, step });
    for (const disclosure of step.disclosures) disclosureHome.set(disclosure.id, step);
  }

  const valid = new Map<string, JsonValue>();
  const confirmed = new Set<string>();
  const invalidAnswers: WorkflowRunResult['invalidAnswers'] = [];
  const unknownAnswers: WorkflowRunResult['unknownAnswers'] = [];
  for (const [fieldId, value] of Object.entries(progress.answers)) {
    if (fieldId.startsWith(DISCLOSURE_FIELD_PREFIX)) {
      const disclosureId = fieldId.slice(DISCLOSURE_FIELD_PREFIX.length);
      if (!disclosureHome.has(disclosureId)) unknownAnswers.push({ fieldId, stepId: progress.answeredOnStep[fieldId] ?? null });
      else if (value === true) confirmed.add(disclosureId);
      continue;
    }
    const home = fieldHome.get(fieldId);
    if (!home) {
      unknownAnswers.push({ fieldId, stepId: progress.answeredOnStep[fieldId] ?? null });
      continue;
    }
    if (value === null) continue; // cleared
    const check = validateAnswer(home.field, value);
    if (check.ok && check.value !== null) valid.set(fieldId, check.value);
    else if (!check.ok) invalidAnswers.push({ fieldId, stepId: home.step.id, reason: check.reason });
  }

  const asOfIso = context.asOfIso ?? progress.startedAt;
  const conditions: ConditionContext = { answers: valid, windows: context.windows, asOfIso };
  const customerVerified = context.customerVerified ?? progress.customerVerified;
  const completedSet = new Set(progress.completedSteps);

  const requested = new Set(progress.requestedRemediations ?? []);
  const missingOn = (step: WorkflowStep): MissingItem[] => [
    ...step.fields
      .filter((f) => f.required && !valid.has(f.id))
      .map((f) => ({
        fieldId: f.id,
        label: f.label,
        reason: invalidAnswers.find((i) => i.fieldId === f.id)?.reason ?? `${f.label} is required`,
      })),
    ...remediationStillOwed(step, requested, valid, customerVerified),
  ];
  const unconfirmedOn = (step: WorkflowStep) => disclosuresFor(step, context.channel).filter((d) => !confirmed.has(d.id)).map((d) => ({ id: d.id, title: d.title }));

  const visited: string[] = [];
  const route: WorkflowRunResult['route'] = [];
  let current = stepOrThrow(steps, definition.start);
  let completed = false;
  for (;;) {
    if (visited.includes(current.id)) throw new Error(`workflow ${definition.id} loops at step "${current.id}"`);
    visited.push(current.id);
    const done = completedSet.has(current.id) && missingOn(current).length === 0 && unconfirmedOn(current).length === 0;
    if (!done) break;
    const next = selectNext(current, conditions);
    if (next === null) {
      completed = true;
      break;
    }
    route.push({ from: current.id, to: next.to, via: next.via });
    current = stepOrThrow(steps, next.to);
  }

  const plannedSteps: string[] = [];
  if (!completed) {
    for (let nextId = resolveNext(current, conditions); nextId !== null; ) {
      if (visited.includes(nextId) || plannedSteps.includes(nextId)) break;
      plannedSteps.push(nextId);
      nextId = resolveNext(stepOrThrow(steps, nextId), conditions);
    }
  }

  const pathSteps = visited.map((id) => stepOrThrow(steps, id));
  const severity = deriveSeverity(definition, pathSteps, conditions);
  const escalations = escalationOffers(pathSteps, conditions);
  const windowFindings = findWindows(current, pathSteps, valid, context.windows, asOfIso);
  const allowedRemediations = remediationOffers(current, valid, windowFindings, customerVerified, context);
  const missingRequired = completed ? [] : missingOn(current);
  const missingDisclosures = completed ? [] : unconfirmedOn(current);

  const allowedActions: WorkflowAction[] = [];
  if (current.fields.length > 0) allowedActions.push('answer');
  if (missingDisclosures.length > 0) allowedActions.push('confirm_disclosure');
  if (!completed && missingRequired.length === 0 && missingDisclosures.length === 0) {
    allowedActions.push(resolveNext(current, conditions) === null ? 'complete_workflow' : 'complete_step');
  }
  if (visited.length > 1) allowedActions.push('go_back');
  if (allowedRemediations.some((r) => r.available)) allowedActions.push('request_remediation');
  if (escalations.length > 0) allowedActions.push('escalate');

  const onPath = new Set(visited);
  const offPathAnswers = [...valid.keys()]
    .map((fieldId) => ({ fieldId, stepId: fieldHome.get(fieldId)?.step.id ?? '' }))
    .filter((a) => !onPath.has(a.stepId));

  const completedSteps = visited.filter((id) => completedSet.has(id) && (id !== current.id || completed));
  const summary = summarise(definition, pathSteps, completedSteps, valid, confirmed, offPathAnswers, fieldHome, completed, severity.level);

  return {
    workflowId: definition.id,
    version: definition.version,
    currentStepId: current.id,
    currentStep: current,
    visitedSteps: visited,
    route,
    plannedSteps,
    completedSteps,
    missingRequired,
    missingDisclosures,
    severity: severity.level,
    severityCode: severityCodeOf[severity.level],
    severityReasons: severity.reasons,
    allowedActions,
    allowedRemediations,
    escalations,
    windowFindings,
    invalidAnswers,
    offPathAnswers,
    unknownAnswers,
    completed,
    summary,
  };
}

/** How a step was left: its single next, a branch (by index), or the default. */
export type RouteVia = 'next' | 'default' | number;

/** The step the answers lead to after `step`: branches in order, then the default; null for a terminal step. */
export function selectNext(step: WorkflowStep, conditions: ConditionContext): { to: string; via: RouteVia } | null {
  if (step.next === undefined) return null;
  if (typeof step.next === 'string') return { to: step.next, via: 'next' };
  const index = step.next.branches.findIndex((b) => evaluateCondition(b.when, conditions));
  const branch = step.next.branches[index];
  return branch ? { to: branch.goto, via: index } : { to: step.next.default, via: 'default' };
}

export function resolveNext(step: WorkflowStep, conditions: ConditionContext): string | null {
  return selectNext(step, conditions)?.to ?? null;
}

function isEventList(input: WorkflowProgress | readonly CaseEvent[]): input is readonly CaseEvent[] {
  return Array.isArray(input);
}

function stepOrThrow(steps: ReadonlyMap<string, WorkflowStep>, id: string): WorkflowStep {
  const step = steps.get(id);
  // The loader rejects dangling references; reaching this means an unvalidated definition.
  if (!step) throw new Error(`workflow has no step "${id}"`);
  return step;
}

function deriveSeverity(definition: WorkflowDefinition, path: readonly WorkflowStep[], conditions: ConditionContext): { level: SeverityLevel; reasons: string[] } {
  const matched = path.flatMap((step) => step.severityRules.filter((rule) => evaluateCondition(rule.when, conditions)));
  const rank = (level: SeverityLevel) => SEVERITY_LEVELS.indexOf(level);
  const level = matched.reduce<SeverityLevel>((highest, rule) => (rank(rule.severity) > rank(highest) ? rule.severity : highest), definition.defaultSeverity);
  const reasons = [...matched].sort((a, b) => rank(b.severity) - rank(a.severity)).map((rule) => `${rule.severity}: ${rule.reason}`);
  return { level, reasons };
}

function escalationOffers(path: readonly WorkflowStep[], conditions: ConditionContext): EscalationOffer[] {
  const offers = new Map<EscalationTargetId, EscalationOffer>();
  for (const step of path) {
    for (const option of step.escalationTargets) {
      if (option.when && !evaluateCondition(option.when, conditions)) continue;
      const earlier = offers.get(option.target);
      if (earlier && (earlier.mandatory || !option.mandatory)) continue;
      const target = ESCALATION_TARGETS[option.target];
      offers.set(option.target, { target: option.target, level: target.level, label: target.label, reason: option.reason, mandatory: option.mandatory, stepId: step.id });
    }
  }
  return [...offers.values()].sort((a, b) => a.level - b.level);
}

function findWindows(
  current: WorkflowStep,
  path: readonly WorkflowStep[],
  answers: ReadonlyMap<string, JsonValue>,
  windows: TimeWindowConfig,
  asOfIso: string | null,
): WindowFinding[] {
  const checks = [
    ...path.flatMap((step) => step.windowChecks.map((check) => ({ ...check, stepId: step.id }))),
    ...current.remediationOptions.flatMap((option) => (option.window ? [{ ...option.window, stepId: current.id }] : [])),
  ];
  const findings: WindowFinding[] = [];
  for (const check of checks) {
    if (findings.some((f) => f.rule === check.rule && f.fieldId === check.field)) continue;
    const from = answers.get(check.field);
    if (typeof from !== 'string') continue;
    const rule = windowRule(windows, check.rule);
    if (asOfIso === null) {
      findings.push({ rule: check.rule, fieldId: check.field, stepId: check.stepId, ok: false, daysElapsed: null, message: `${describeRule(rule)}: cannot be checked before the workflow has a start time` });
      continue;
    }
    const result = checkWindow(rule, from, asOfIso);
    findings.push({
      rule: check.rule,
      fieldId: check.field,
      stepId: check.stepId,
      ok: result.ok,
      daysElapsed: result.daysElapsed,
      message: result.ok ? `${describeRule(rule)}: day ${result.daysElapsed} of ${rule.days}, open through ${result.lastDay}` : result.message,
    });
  }
  return findings;
}

/**
 * A step that promises the customer a remediation is not done until it is requested: otherwise
 * the customer is told "it's going through" while nothing is recorded. Says what stands in the way.
 */
/** The remediation the step exists for, when not yet requested: the shared rule (remediationOwed.ts) with the console's hint of what to do next. */
function remediationStillOwed(step: WorkflowStep, requested: ReadonlySet<string>, answers: ReadonlyMap<string, JsonValue>, customerVerified: boolean): MissingItem[] {
  const kind = step.remediationRequired;
  if (!kind) return [];
  const option = step.remediationOptions.find((o) => o.kind === kind);
  const amountMissing = option?.amountField !== undefined && !answers.has(option.amountField);
  const nextMove = MONEY_MOVING_REMEDIATIONS.includes(kind) && !customerVerified ? "verify the customer's identity first, then request it" : amountMissing ? 'enter the amount, then request it' : 'request it below';
  const owed = remediationOwedOn(step, requested, nextMove);
  return owed ? [{ fieldId: `remediation:${owed.kind}`, label: owed.label, reason: owed.reason }] : [];
}

function remediationOffers(
  step: WorkflowStep,
  answers: ReadonlyMap<string, JsonValue>,
  findings: readonly WindowFinding[],
  customerVerified: boolean,
  context: WorkflowContext,
): RemediationOffer[] {
  return step.remediationOptions.map((option) => {
    const amount = option.amountField ? answers.get(option.amountField) : undefined;
    const amountCents = typeof amount === 'number' ? amount : option.kind === 'executive_review' ? 0 : null;
    const transaction = option.transactionIdField ? answers.get(option.transactionIdField) : undefined;
    const windowProblem = option.window ? findings.find((f) => f.rule === option.window?.rule && f.fieldId === option.window.field && !f.ok) : undefined;
    const windowUnknown = option.window && !answers.has(option.window.field);
    let blockedReason: string | null = null;
    if (windowProblem) blockedReason = windowProblem.message;
    else if (windowUnknown) blockedReason = 'record the transaction date and time first, so the time window can be checked';
    else if (MONEY_MOVING_REMEDIATIONS.includes(option.kind) && !customerVerified) blockedReason = "verify the customer's identity before moving money";
    return {
      kind: option.kind,
      label: remediationLabel[option.kind],
      amountCents,
      transactionId: typeof transaction === 'string' ? transaction : null,
      approval: amountCents === null ? null : requiredApproval(context.role, amountCents, context.limits, option.kind),
      available: blockedReason === null,
      blockedReason,
    };
  });
}

function summarise(
  definition: WorkflowDefinition,
  path: readonly WorkflowStep[],
  completedSteps: readonly string[],
  answers: ReadonlyMap<string, JsonValue>,
  confirmed: ReadonlySet<string>,
  offPath: readonly { fieldId: string; stepId: string }[],
  fieldHome: ReadonlyMap<string, { field: WorkflowField; step: WorkflowStep }>,
  completed: boolean,
  severity: SeverityLevel,
): WorkflowSummary {
  const answerOf = (field: WorkflowField, stepId: string): SummaryAnswer | null => {
    const value = answers.get(field.id);
    return value === undefined ? null : { stepId, fieldId: field.id, label: field.label, value, display: formatAnswer(field, value) };
  };
  const steps = path.map((step) => ({
    stepId: step.id,
    title: step.title,
    completed: completedSteps.includes(step.id),
    disclosuresConfirmed: step.disclosures.filter((d) => confirmed.has(d.id)).map((d) => d.title),
    answers: step.fields.map((f) => answerOf(f, step.id)).filter((a): a is SummaryAnswer => a !== null),
  }));
  const offPathAnswers = offPath
    .map(({ fieldId, stepId }) => {
      const home = fieldHome.get(fieldId);
      return home ? answerOf(home.field, stepId) : null;
    })
    .filter((a): a is SummaryAnswer => a !== null);
  const lines = [
    `${definition.title} (v${definition.version}) — ${completed ? 'completed' : 'in progress'}`,
    `Severity: ${severity} (${severityCodeOf[severity]})`,
    ...steps.flatMap((s) => [
      `${s.completed ? '✓' : '…'} ${s.title}`,
      ...s.disclosuresConfirmed.map((d) => `    disclosure read: ${d}`),
      ...s.answers.map((a) => `    ${a.label}: ${a.display}`),
    ]),
  ];
  return { workflowId: definition.id, version: definition.version, title: definition.title, completed, severity, severityCode: severityCodeOf[severity], steps, offPathAnswers, text: lines.join('\n') };
}
