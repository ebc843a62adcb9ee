import type { Condition, FieldCondition } from './definition';
import type { JsonValue } from './answers';
import { checkWindow, windowRule, type TimeWindowConfig } from './windows';

export interface ConditionContext {
  /** valid answers by field id; an unanswered field makes every test on it false */
  answers: ReadonlyMap<string, JsonValue>;
  windows: TimeWindowConfig;
  /** when window tests are measured to (the workflow's start); null makes them false */
  asOfIso: string | null;
}

export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateFieldCondition(c, context));
  if ('any' in condition) return condition.any.some((c) => evaluateFieldCondition(c, context));
  return evaluateFieldCondition(condition, context);
}

function evaluateFieldCondition(condition: FieldCondition, context: ConditionContext): boolean {
  const answer = context.answers.get(condition.field);
  if (answer === undefined || answer === null) return false;
  if (condition.equals !== undefined) return answer === condition.equals;
  if (condition.in !== undefined) return condition.in.some((v) => v === answer);
  if (condition.gt !== undefined) return typeof answer === 'number' && answer > condition.gt;
  if (condition.lt !== undefined) return typeof answer === 'number' && answer < condition.lt;
  if (condition.outsideWindow !== undefined) {
    if (typeof answer !== 'string' || context.asOfIso === null) return false;
    const result = checkWindow(windowRule(context.windows, condition.outsideWindow), answer, context.asOfIso);
    // A date after the check time is a data problem, not an expired window: it is reported, not branched on.
    return !result.ok && result.daysElapsed !== null && result.daysElapsed > 0;
  }
  return false;
}

/** Every field test in a condition, with its JSON path suffix for load-time messages. */
export function conditionLeaves(condition: Condition): { leaf: FieldCondition; path: (string | number)[] }[] {
  if ('all' in condition) return condition.all.map((leaf, i) => ({ leaf, path: ['all', i] }));
  if ('any' in condition) return condition.any.map((leaf, i) => ({ leaf, path: ['any', i] }));
  return [{ leaf: condition, path: [] }];
}
