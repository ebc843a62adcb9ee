import { z } from 'zod';
import { CaseType, Channel, Severity } from '../domain/enums';

/**
 * A scripted complaint workflow is data, not code: this schema is the contract for
 * resources/workflows/*.json. Structural rules that zod cannot express (dangling
 * branches, unreachable steps, branching on unknown fields) are checked in load.ts.
 */

/** Step, field and disclosure ids: short, stable, and free of ':' (reserved for disclosure answers). */
const Id = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an id is a letter followed by letters, digits or _ (at most 64)');

/** transaction: one of the case customer's recent transactions, picked from a list (its id is the answer). */
export const FIELD_TYPES = ['text', 'money', 'datetime', 'choice', 'yes_no', 'attachments', 'transaction'] as const;
export const FieldType = z.enum(FIELD_TYPES, {
  error: (issue) => `unknown field type ${JSON.stringify(issue.input)}; expected one of ${FIELD_TYPES.join(', ')}`,
});
export type FieldType = z.infer<typeof FieldType>;

export const SEVERITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const SeverityLevel = z.enum(SEVERITY_LEVELS);
export type SeverityLevel = z.infer<typeof SeverityLevel>;

/** REQUIREMENTS.md: low/medium/high/critical ↔ S4–S1. */
export const severityCodeOf: Record<SeverityLevel, Severity> = { low: 'S4', medium: 'S3', high: 'S2', critical: 'S1' };
export const severityLevelOf: Record<Severity, SeverityLevel> = { S4: 'low', S3: 'medium', S2: 'high', S1: 'critical' };

export const REMEDIATION_KINDS = ['fee_reversal', 'refund', 'provisional_credit', 'expedited_payment_posting', 'executive_review'] as const;
export const RemediationKind = z.enum(REMEDIATION_KINDS);
export type RemediationKind = z.infer<typeof RemediationKind>;

/** Remediations that move money, and so wait for the customer to be verified. */
export const MONEY_MOVING_REMEDIATIONS: readonly RemediationKind[] = ['fee_reversal', 'refund', 'provisional_credit', 'expedited_payment_posting'];

export const remediationLabel: Record<RemediationKind, string> = {
  fee_reversal: 'Fee reversal',
  refund: 'Refund / credit',
  provisional_credit: 'Provisional credit',
  expedited_payment_posting: 'Expedited payment posting',
  executive_review: 'Executive review',
};

export const WINDOW_RULE_IDS = ['refund_eligibility', 'chargeback_initiation', 'dispute_investigation'] as const;
export const WindowRuleId = z.enum(WINDOW_RULE_IDS);
export type WindowRuleId = z.infer<typeof WindowRuleId>;

/**
 * Escalation targets along the escalation matrix (REQUIREMENTS.md): the level is fixed by
 * the target so a definition cannot send a case to the wrong rung.
 */
export const ESCALATION_TARGETS = {
  supervisor: { level: 2, label: 'Supervisor / team lead' },
  fraud_investigations: { level: 3, label: 'Fraud investigations' },
  disputes_team: { level: 3, label: 'Card disputes specialists' },
  aml_investigations: { level: 3, label: 'AML investigations' },
  digital_banking_support: { level: 3, label: 'Tier 2 digital banking support' },
  compliance_office: { level: 3, label: 'Compliance office' },
  privacy_office: { level: 3, label: 'Privacy office' },
  executive_review: { level: 4, label: 'Executive review' },
  legal: { level: 4, label: 'Legal' },
} as const satisfies Record<string, { level: 1 | 2 | 3 | 4; label: string }>;
export type EscalationTargetId = keyof typeof ESCALATION_TARGETS;
export const EscalationTargetId = z.enum(Object.keys(ESCALATION_TARGETS) as [EscalationTargetId, ...EscalationTargetId[]]);

export const CONDITION_OPERATORS = ['equals', 'in', 'gt', 'lt', 'outsideWindow'] as const;

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/**
 * One test on one answer. Exactly one operator per condition. Money is compared in
 * integer cents; `outsideWindow` is true when a date-time answer lies outside a time
 * window measured to the moment the workflow started.
 */
export const FieldCondition = z
  .strictObject({
    field: Id,
    equals: Scalar.optional(),
    in: z.array(Scalar).min(1).optional(),
    gt: z.number().optional(),
    lt: z.number().optional(),
    outsideWindow: WindowRuleId.optional(),
  })
  .refine((c) => CONDITION_OPERATORS.filter((op) => c[op] !== undefined).length === 1, {
    message: 'a condition has exactly one of equals, in, gt, lt, outsideWindow',
  });
export type FieldCondition = z.infer<typeof FieldCondition>;

/** A single condition, or all/any of several (one level deep keeps definitions readable). */
export const Condition = z.union([
  FieldCondition,
  z.strictObject({ all: z.array(FieldCondition).min(1) }),
  z.strictObject({ any: z.array(FieldCondition).min(1) }),
]);
export type Condition = z.infer<typeof Condition>;

export const ChoiceOption = z.strictObject({ value: Id, label: z.string().trim().min(1) });
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const DEFAULT_ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

export const WorkflowField = z
  .strictObject({
    id: Id,
    label: z.string().trim().min(1),
    type: FieldType,
    required: z.boolean(),
    help: z.string().optional(),
    /** choice only */
    options: z.array(ChoiceOption).min(2).optional(),
    /** text only: longest accepted answer */
    maxLength: z.number().int().positive().max(20_000).optional(),
    /** attachments only: accepted media types and largest file */
    accept: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1).optional(),
    maxBytes: z.number().int().positive().optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === 'choice' && !field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice field needs at least two options' });
    if (field.type !== 'choice' && field.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `options only apply to choice fields, not ${field.type}` });
    if (field.type !== 'text' && field.maxLength !== undefined) ctx.addIssue({ code: 'custom', path: ['maxLength'], message: 'maxLength only applies to text fields' });
    if (field.type !== 'attachments' && (field.accept || field.maxBytes !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [field.accept ? 'accept' : 'maxBytes'], message: 'accept and maxBytes only apply to attachments fields' });
    }
  });
export type WorkflowField = z.infer<typeof WorkflowField>;

export const Disclosure = z.strictObject({
  id: Id,
  title: z.string().trim().min(1),
  /** Read aloud word for word; the agent confirms each one. */
  text: z.string().trim().min(1),
  source: z.string().optional(),
  /**
   * The channels it applies on (a call recording notice: phone); absent, every channel. Elsewhere
   * it is neither shown nor required: a secure message is not a recorded call.
   */
  channels: z.array(Channel).min(1, 'list at least one channel, or leave channels out for every channel').optional(),
});
export type Disclosure = z.infer<typeof Disclosure>;

/** The disclosures of a step that apply to a case on this channel (all of them when the channel is not known). */
export function disclosuresFor(step: { disclosures: readonly Disclosure[] }, channel: Channel | undefined): Disclosure[] {
  return step.disclosures.filter((disclosure) => !channel || !disclosure.channels || disclosure.channels.includes(channel));
}

export const KnowledgeSnippet = z.strictObject({ title: z.string().trim().min(1), text: z.string().trim().min(1), source: z.string().optional() });
export type KnowledgeSnippet = z.infer<typeof KnowledgeSnippet>;

export const Branch = z.strictObject({ when: Condition, goto: Id });
export type Branch = z.infer<typeof Branch>;

/** A step id, or branches tried in order and then the default. A terminal step has no next. */
export const StepNext = z.union([Id, z.strictObject({ branches: z.array(Branch).min(1), default: Id })]);
export type StepNext = z.infer<typeof StepNext>;

export const SeverityRule = z.strictObject({ when: Condition, severity: SeverityLevel, reason: z.string().trim().min(1) });
export type SeverityRule = z.infer<typeof SeverityRule>;

export const RemediationOption = z.strictObject({
  kind: RemediationKind,
  /** money field whose answer is the amount offered */
  amountField: Id.optional(),
  /** transaction (or text) field holding the transaction the remediation applies to */
  transactionIdField: Id.optional(),
  /** the option is withdrawn when this date-time answer is outside the window */
  window: z.strictObject({ rule: WindowRuleId, field: Id }).optional(),
});
export type RemediationOption = z.infer<typeof RemediationOption>;

export const EscalationOption = z.strictObject({
  target: EscalationTargetId,
  reason: z.string().trim().min(1),
  /** offered only when the answers match */
  when: Condition.optional(),
  /** policy requires it (e.g. every confirmed fraud goes to investigations) */
  mandatory: z.boolean().default(false),
});
export type EscalationOption = z.infer<typeof EscalationOption>;

export const WindowCheck = z.strictObject({ rule: WindowRuleId, field: Id });
export type WindowCheck = z.infer<typeof WindowCheck>;

export const WorkflowStep = z.strictObject({
  id: Id,
  title: z.string().trim().min(1),
  /** Verbatim text for the agent to say. */
  script: z.string().trim().min(1),
  disclosures: z.array(Disclosure).default([]),
  knowledge: z.array(KnowledgeSnippet).default([]),
  fields: z.array(WorkflowField).default([]),
  next: StepNext.optional(),
  severityRules: z.array(SeverityRule).default([]),
  remediationOptions: z.array(RemediationOption).default([]),
  /**
   * The step's purpose is this remediation (its script tells the customer it is being done): the
   * step cannot be completed until it has been requested on the case. Must be one of its options.
   */
  remediationRequired: RemediationKind.optional(),
  escalationTargets: z.array(EscalationOption).default([]),
  windowChecks: z.array(WindowCheck).default([]),
});
export type WorkflowStep = z.infer<typeof WorkflowStep>;

export const WorkflowDefinition = z.strictObject({
  id: Id,
  version: z.number().int().positive(),
  title: z.string().trim().min(1),
  description: z.string().optional(),
  caseTypes: z.array(CaseType).min(1),
  /** Limits the workflow to some channels (walk-in); absent means every channel. */
  channels: z.array(Channel).min(1).optional(),
  defaultSeverity: SeverityLevel,
  start: Id,
  steps: z.array(WorkflowStep).min(1),
});
export type WorkflowDefinition = z.infer<typeof WorkflowDefinition>;
export type WorkflowDefinitionInput = z.input<typeof WorkflowDefinition>;

/** Disclosure confirmations travel as `workflow.answered` events under this reserved field id. */
export const DISCLOSURE_FIELD_PREFIX = 'disclosure:';
export function disclosureFieldId(disclosureId: string): string {
  return `${DISCLOSURE_FIELD_PREFIX}${disclosureId}`;
}
