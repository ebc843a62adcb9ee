import { z } from 'zod';
import { CaseType, Channel, CustomerTier, Severity } from '../domain/enums';
import { openDayMinutes, parseCalendarFile, type Calendar } from './calendar';
import { deepFreeze, issuesFromZod, type ConfigIssue, type LoadResult } from './configIssue';
import { scriptAnswerKey } from './scriptAnswers';

/**
 * SLA policies (resources/sla-policies.json): which clocks a case gets, how long each may run
 * and on which calendar, chosen by case type × severity × customer tier × channel.
 *
 * Matching precedence (documented for policy authors):
 * 1. A rule applies to a case when every dimension it lists in `match` contains the case's
 *    value; an empty `match` applies to every case.
 * 2. Each clock (by key, e.g. "first_response") is taken from the applicable rules that define
 *    it with the most dimensions listed in `match` ("chat + premium" beats "chat" beats the
 *    default).
 * 3. When equally specific rules define the same clock, the strictest wins: the one due first
 *    for this case (e.g. a fraud case at severity S1 gets S1's 15 minutes, not fraud's 30).
 *    A `disabled` entry loses such a tie to any enabled one; a remaining tie goes to the rule
 *    listed first.
 * A clock key always has the same `type` in every rule, so the winning entry never changes
 * what meets the clock.
 */

/** What starts and meets a clock: see clocks.ts for the exact events. */
export const ClockType = z.enum(['first_response', 'response', 'resolution', 'status_update', 'evidence']);
export type ClockType = z.infer<typeof ClockType>;

const positive = z.number().positive('must be greater than 0').finite();

/**
 * How long a clock runs, in open time of its calendar: exactly one of seconds, minutes, hours
 * or days, where a day is the calendar's business day (`openDayMinutes`: 12 h on Mon–Fri
 * 08:00–20:00, 24 h on a 24/7 calendar, so "days" on `calendar-days` are calendar days).
 */
export const ClockTarget = z
  .strictObject({ seconds: positive.optional(), minutes: positive.optional(), hours: positive.optional(), days: positive.optional() })
  .refine((target) => Object.values(target).filter((value) => value !== undefined).length === 1, 'give exactly one of seconds, minutes, hours or days');
export type ClockTarget = z.infer<typeof ClockTarget>;

/** An answer given in a script (a `workflow.answered` event), e.g. a billing inquiry marked simple. */
export const ScriptAnswerMatch = z.strictObject({
  workflowId: z.string().min(1).max(64),
  fieldId: z.string().min(1).max(64),
  equals: z.union([z.string().max(200), z.number().finite(), z.boolean()]),
});
export type ScriptAnswerMatch = z.infer<typeof ScriptAnswerMatch>;

/** Fractions of a clock's time at which it warns, strictly ascending, each in (0, 1). */
const WarningThresholds = z
  .array(z.number().gt(0, 'a threshold is a fraction above 0').lt(1, 'a threshold is a fraction below 1'))
  .min(1)
  .refine((values) => values.every((value, i) => i === 0 || value > values[i - 1]!), 'thresholds must be strictly ascending');

const ClockEntryInput = z
  .strictObject({
    type: ClockType,
    label: z.string().trim().min(1).max(80).optional(),
    target: ClockTarget.optional(),
    calendar: z.string().min(1).optional(),
    /** Default: true for resolution and status_update clocks, false for response clocks. */
    pauseWhileWaitingOnCustomer: z.boolean().optional(),
    /** Switches off a clock a less specific rule would give (e.g. no first response on AML cases). */
    disabled: z.literal(true).optional(),
    /** This clock's own warning thresholds instead of the file's (e.g. evidence "in 7–14 days": [0.5] warns at day 7 of 14). */
    warningThresholds: WarningThresholds.optional(),
    /**
     * Evidence clocks only: a script answer that asks the customer for evidence (e.g. the card-dispute
     * script's "Customer agreed to send remaining evidence within 14 days"), besides the case
     * starting to wait on the customer.
     */
    requestedBy: ScriptAnswerMatch.optional(),
  })
  .superRefine((entry, ctx) => {
    if (entry.requestedBy && entry.type !== 'evidence') ctx.addIssue({ code: 'custom', path: ['requestedBy'], message: 'only an evidence clock is started by a script answer' });
    if (entry.disabled) return;
    for (const field of ['label', 'target', 'calendar'] as const) {
      if (entry[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: `required unless the clock is "disabled": true` });
    }
  });

export type EnabledClockSpec = {
  disabled: false;
  type: ClockType;
  label: string;
  target: ClockTarget;
  calendar: string;
  pauseWhileWaitingOnCustomer: boolean;
  warningThresholds?: number[];
  requestedBy?: ScriptAnswerMatch;
};
export type ClockSpec = EnabledClockSpec | { disabled: true; type: ClockType };

const ClockEntry = ClockEntryInput.transform((entry): ClockSpec => {
  if (entry.disabled || !entry.label || !entry.target || !entry.calendar) return { disabled: true, type: entry.type };
  return {
    disabled: false,
    type: entry.type,
    label: entry.label,
    target: entry.target,
    calendar: entry.calendar,
    pauseWhileWaitingOnCustomer: entry.pauseWhileWaitingOnCustomer ?? (entry.type === 'resolution' || entry.type === 'status_update'),
    ...(entry.warningThresholds ? { warningThresholds: entry.warningThresholds } : {}),
    ...(entry.requestedBy ? { requestedBy: entry.requestedBy } : {}),
  };
});

const nonEmpty = <T extends z.ZodType>(item: T) => z.array(item).min(1, 'list at least one value, or leave the dimension out');


export const RuleMatch = z.strictObject({
  caseType: nonEmpty(CaseType).optional(),
  severity: nonEmpty(Severity).optional(),
  tier: nonEmpty(CustomerTier).optional(),
  channel: nonEmpty(Channel).optional(),
  /** Applies once the case's latest answer to that script question equals the value; counts as one dimension. */
  scriptAnswer: ScriptAnswerMatch.optional(),
  /**
   * Applies while the case stands at one of these escalation levels (resources/escalation-matrix.json);
   * the rule's clocks count from the instant the case first reached the lowest level listed (level 4's
   * weekly status, say). Counts as one dimension.
   */
  escalationLevel: nonEmpty(z.number().int().min(1).max(4)).optional(),
});
export type RuleMatch = z.infer<typeof RuleMatch>;

const slug = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'expected lower-case letters, digits, "_" or "-"');

export const PolicyRule = z.strictObject({
  id: slug,
  description: z.string().max(500).optional(),
  match: RuleMatch,
  clocks: z.record(slug, ClockEntry),
});
export type PolicyRule = z.infer<typeof PolicyRule>;

export const SlaPolicies = z
  .strictObject({
    version: z.number().int().positive(),
    description: z.string().max(1000).optional(),
    /** Fractions of a clock's time at which it warns, ascending (state "warning" from the first). */
    warningThresholds: WarningThresholds.default([0.75, 0.9]),
    /** Calendars the statutory clocks count on: calendar days, and the bank's business days. */
    statutoryCalendars: z.strictObject({ calendarDays: z.string().min(1), businessDays: z.string().min(1) }),
    rules: z.array(PolicyRule).min(1),
  })
  .superRefine((policies, ctx) => {
    const ruleIds = new Map<string, number>();
    const clockTypes = new Map<string, { type: ClockType; where: string }>();
    policies.rules.forEach((rule, index) => {
      const first = ruleIds.get(rule.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `duplicate rule id "${rule.id}" (already used by rules[${first}])` });
      else ruleIds.set(rule.id, index);
      for (const [key, spec] of Object.entries(rule.clocks)) {
        const seen = clockTypes.get(key);
        if (!seen) clockTypes.set(key, { type: spec.type, where: `rules[${index}]` });
        else if (seen.type !== spec.type) {
          ctx.addIssue({ code: 'custom', path: ['rules', index, 'clocks', key, 'type'], message: `clock "${key}" is a ${seen.type} clock in ${seen.where}; one key must keep one type` });
        }
      }
    });
  });
export type SlaPolicies = z.infer<typeof SlaPolicies>;

/** A validated, cross-checked configuration: policies plus every calendar by id. Frozen. */
export type SlaConfig = { policies: SlaPolicies; calendars: ReadonlyMap<string, Calendar> };

export type ConfigFile = { fileName: string; json: unknown };

/** Validates the policy file alone (shape, thresholds, unique rule ids, one type per clock key). */
export function parsePolicyFile(fileName: string, json: unknown): LoadResult<SlaPolicies> {
  const result = SlaPolicies.safeParse(json);
  if (!result.success) return { ok: false, errors: issuesFromZod(fileName, result.error) };
  return { ok: true, value: deepFreeze(result.data) };
}

/**
 * Validates calendar files and the policy file together, and cross-checks them: calendar ids
 * unique, every calendar a policy names exists. File I/O stays with the host (main process or
 * service), which passes each file's name and parsed JSON; every error names the file.
 */
export function loadSlaConfig(input: { calendars: readonly ConfigFile[]; policies: ConfigFile }): LoadResult<SlaConfig> {
  const errors: ConfigIssue[] = [];
  const calendars = new Map<string, Calendar>();
  const calendarFiles = new Map<string, string>();
  for (const file of input.calendars) {
    const parsed = parseCalendarFile(file.fileName, file.json);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const other = calendarFiles.get(parsed.value.id);
    if (other) errors.push({ file: file.fileName, path: 'id', reason: `calendar id "${parsed.value.id}" is already used by ${other}` });
    else {
      calendars.set(parsed.value.id, parsed.value);
      calendarFiles.set(parsed.value.id, file.fileName);
    }
  }
  const policies = parsePolicyFile(input.policies.fileName, input.policies.json);
  if (!policies.ok) return { ok: false, errors: [...errors, ...policies.errors] };
  // A calendar that failed to load is reported once, above; naming it again here would mislead.
  const known = (id: string) => calendars.has(id) || input.calendars.some((file) => isObjectWithId(file.json, id));
  const missing = (id: string) => !known(id);
  const missingReason = (id: string) => `unknown calendar "${id}" (loaded: ${[...calendars.keys()].sort().join(', ') || 'none'})`;
  const { statutoryCalendars, rules } = policies.value;
  for (const key of ['calendarDays', 'businessDays'] as const) {
    if (missing(statutoryCalendars[key])) errors.push({ file: input.policies.fileName, path: `statutoryCalendars.${key}`, reason: missingReason(statutoryCalendars[key]) });
  }
  rules.forEach((rule, index) => {
    for (const [key, spec] of Object.entries(rule.clocks)) {
      if (!spec.disabled && missing(spec.calendar)) errors.push({ file: input.policies.fileName, path: `rules[${index}].clocks.${key}.calendar`, reason: missingReason(spec.calendar) });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: Object.freeze({ policies: policies.value, calendars }) };
}

function isObjectWithId(json: unknown, id: string): boolean {
  return typeof json === 'object' && json !== null && (json as { id?: unknown }).id === id;
}

/**
 * Applies a reload: the new configuration if it is valid, otherwise the last valid one, with
 * the reasons to log or show. Clocks recompute from events, so a switch reaches open cases on
 * their next computation.
 */
export function keepLastValid(previous: SlaConfig | null, next: LoadResult<SlaConfig>): { config: SlaConfig | null; errors: ConfigIssue[] } {
  return next.ok ? { config: next.value, errors: [] } : { config: previous, errors: next.errors };
}

/** The case facts policies match on; `answers` by `<workflowId>/<fieldId>` (see scriptAnswers.ts). */
export type CaseFacts = { caseType: CaseType; severity: Severity; tier: CustomerTier; channel: Channel; answers?: ReadonlyMap<string, unknown>; escalationLevel?: number };

/** A clock definition that applies to a case, with the rule it came from. */
export type ApplicableClock = { key: string; spec: EnabledClockSpec; ruleId: string; match: RuleMatch };

function specificity(match: RuleMatch): number {
  return (match.caseType ? 1 : 0) + (match.severity ? 1 : 0) + (match.tier ? 1 : 0) + (match.channel ? 1 : 0) + (match.scriptAnswer ? 1 : 0) + (match.escalationLevel ? 1 : 0);
}

function applies(match: RuleMatch, facts: CaseFacts): boolean {
  return (
    (!match.caseType || match.caseType.includes(facts.caseType)) &&
    (!match.severity || match.severity.includes(facts.severity)) &&
    (!match.tier || match.tier.includes(facts.tier)) &&
    (!match.channel || match.channel.includes(facts.channel)) &&
    (!match.scriptAnswer || facts.answers?.get(scriptAnswerKey(match.scriptAnswer.workflowId, match.scriptAnswer.fieldId)) === match.scriptAnswer.equals) &&
    (!match.escalationLevel || match.escalationLevel.includes(facts.escalationLevel ?? 1))
  );
}

/**
 * The clocks a case gets, one per key, following the precedence above. `dueOf` gives the
 * nominal due instant (ms) of a candidate for the strictest-wins tie-break.
 */
export function resolveClocks(policies: SlaPolicies, facts: CaseFacts, dueOf: (spec: EnabledClockSpec) => number): ApplicableClock[] {
  const best = new Map<string, { spec: ClockSpec; ruleId: string; match: RuleMatch; specificity: number; due: number }>();
  for (const rule of policies.rules) {
    if (!applies(rule.match, facts)) continue;
    const level = specificity(rule.match);
    for (const [key, spec] of Object.entries(rule.clocks)) {
      const due = spec.disabled ? Number.POSITIVE_INFINITY : dueOf(spec);
      const current = best.get(key);
      if (!current || level > current.specificity || (level === current.specificity && due < current.due)) {
        best.set(key, { spec, ruleId: rule.id, match: rule.match, specificity: level, due });
      }
    }
  }
  const result: ApplicableClock[] = [];
  for (const [key, chosen] of best) if (!chosen.spec.disabled) result.push({ key, spec: chosen.spec, ruleId: chosen.ruleId, match: chosen.match });
  return result;
}

/** A clock target in milliseconds of open time on its calendar. */
export function targetMs(target: ClockTarget, calendar: Calendar): number {
  if (target.seconds !== undefined) return Math.round(target.seconds * 1000);
  if (target.minutes !== undefined) return Math.round(target.minutes * 60_000);
  if (target.hours !== undefined) return Math.round(target.hours * 3_600_000);
  return Math.round((target.days ?? 0) * openDayMinutes(calendar) * 60_000);
}
