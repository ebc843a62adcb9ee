import type { z } from 'zod';
import { conditionLeaves } from './conditions';
import { WorkflowDefinition, type Condition, type FieldCondition, type FieldType, type WorkflowField, type WorkflowStep } from './definition';

/** One problem in one definition file: `path` is a JSON path inside it, e.g. `$.steps[2].next.default`. */
export interface DefinitionError {
  file: string;
  path: string;
  message: string;
}

export type LoadResult = { ok: true; definition: WorkflowDefinition } | { ok: false; errors: DefinitionError[] };

type PathSegment = string | number;

/**
 * Validates one workflow file (its text or its parsed JSON). Nothing is half-loaded: a
 * definition with any error is rejected whole, with every error found named by file and path.
 */
export function loadWorkflowDefinition(fileName: string, json: unknown): LoadResult {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (error) {
      return { ok: false, errors: [{ file: fileName, path: '$', message: `not valid JSON: ${(error as Error).message}` }] };
    }
  }
  const parsed = WorkflowDefinition.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: flattenIssues(parsed.error.issues).map((i) => ({ file: fileName, path: formatJsonPath(i.path), message: i.message })) };
  }
  const problems = structuralProblems(parsed.data);
  if (problems.length > 0) return { ok: false, errors: problems.map((p) => ({ file: fileName, path: formatJsonPath(p.path), message: p.message })) };
  return { ok: true, definition: parsed.data };
}

export function formatJsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const key = String(segment);
    return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${out}.${key}` : `${out}[${JSON.stringify(key)}]`;
  }, '$');
}

interface Problem {
  path: PathSegment[];
  message: string;
}

/**
 * A union error says only "invalid input"; the alternative that got furthest into the
 * value is what the author meant, so its issues are reported instead.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  const out: { path: PropertyKey[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = closestAlternative(issue.errors);
      if (best) {
        out.push(...flattenIssues(best, path));
        continue;
      }
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

function closestAlternative(alternatives: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | null {
  let best: readonly z.core.$ZodIssue[] | null = null;
  let bestDepth = 0;
  for (const alternative of alternatives) {
    const shapeMismatch = alternative.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'unrecognized_keys'));
    if (shapeMismatch) continue;
    const depth = Math.max(1, ...alternative.map((i) => i.path.length));
    if (!best || depth > bestDepth) {
      best = alternative;
      bestDepth = depth;
    }
  }
  return best;
}

interface FieldLocation {
  stepIndex: number;
  stepId: string;
  fieldIndex: number;
  field: WorkflowField;
}

function structuralProblems(definition: WorkflowDefinition): Problem[] {
  const problems: Problem[] = [];
  const stepIndex = new Map<string, number>();
  const fields = new Map<string, FieldLocation>();
  const disclosures = new Map<string, PathSegment[]>();

  definition.steps.forEach((step, i) => {
    const seen = stepIndex.get(step.id);
    if (seen !== undefined) problems.push({ path: ['steps', i, 'id'], message: `duplicate step id "${step.id}" (first at ${formatJsonPath(['steps', seen])})` });
    else stepIndex.set(step.id, i);
    step.fields.forEach((field, j) => {
      const earlier = fields.get(field.id);
      if (earlier) {
        problems.push({
          path: ['steps', i, 'fields', j, 'id'],
          message: `duplicate field id "${field.id}" (first at ${formatJsonPath(['steps', earlier.stepIndex, 'fields', earlier.fieldIndex])}); field ids are unique in a workflow`,
        });
      } else fields.set(field.id, { stepIndex: i, stepId: step.id, fieldIndex: j, field });
      const values = new Set<string>();
      field.options?.forEach((option, k) => {
        if (values.has(option.value)) problems.push({ path: ['steps', i, 'fields', j, 'options', k, 'value'], message: `duplicate option "${option.value}"` });
        values.add(option.value);
      });
    });
    step.disclosures.forEach((disclosure, j) => {
      const path: PathSegment[] = ['steps', i, 'disclosures', j, 'id'];
      const earlier = disclosures.get(disclosure.id);
      if (earlier) problems.push({ path, message: `duplicate disclosure id "${disclosure.id}" (first at ${formatJsonPath(earlier.slice(0, -1))})` });
      else disclosures.set(disclosure.id, path);
    });
  });

  if (!stepIndex.has(definition.start)) {
    problems.push({ path: ['start'], message: `start step "${definition.start}" is not a step in this workflow` });
  }

  // Edges, keeping only those that land on a real step so later checks do not repeat the dangling ones.
  const successors = new Map<string, { to: string; path: PathSegment[] }[]>();
  definition.steps.forEach((step, i) => {
    const edges: { to: string; path: PathSegment[] }[] = [];
    for (const edge of outgoingEdges(step, i)) {
      if (stepIndex.has(edge.to)) edges.push(edge);
      else problems.push({ path: edge.path, message: `goes to step "${edge.to}", which does not exist` });
    }
    if (!successors.has(step.id)) successors.set(step.id, edges);
  });

  const reachableFrom = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      for (const edge of successors.get(id) ?? []) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          stack.push(edge.to);
        }
      }
    }
    return seen;
  };
  const reach = new Map<string, Set<string>>([...stepIndex.keys()].map((id) => [id, reachableFrom(id)]));

  if (stepIndex.has(definition.start)) {
    const reachable = new Set([definition.start, ...(reach.get(definition.start) ?? [])]);
    definition.steps.forEach((step, i) => {
      if (!reachable.has(step.id) && stepIndex.get(step.id) === i) {
        problems.push({ path: ['steps', i], message: `step "${step.id}" can never be reached from the start step "${definition.start}"` });
      }
    });
  }

  for (const [id, edges] of successors) {
    for (const edge of edges) {
      if (edge.to === id || reach.get(edge.to)?.has(id)) {
        problems.push({ path: edge.path, message: `step "${id}" leads back to step "${edge.to}": a workflow may not loop` });
      }
    }
  }

  // A test on an answer makes sense only if that answer can have been given by then.
  const fieldBefore = (fieldId: string, step: WorkflowStep, path: PathSegment[], purpose: string, allowed?: readonly FieldType[]): FieldLocation | null => {
    const location = fields.get(fieldId);
    if (!location) {
      problems.push({ path, message: `${purpose} unknown field "${fieldId}"` });
      return null;
    }
    if (location.stepId !== step.id && !reach.get(location.stepId)?.has(step.id)) {
      problems.push({ path, message: `${purpose} field "${fieldId}", which is on step "${location.stepId}" and never comes before step "${step.id}"` });
      return null;
    }
    if (allowed && !allowed.includes(location.field.type)) {
      problems.push({ path, message: `${purpose} field "${fieldId}" of type ${location.field.type}; it must be ${allowed.join(' or ')}` });
      return null;
    }
    return location;
  };

  const checkCondition = (condition: Condition, step: WorkflowStep, path: PathSegment[], purpose: string) => {
    for (const { leaf, path: suffix } of conditionLeaves(condition)) {
      const leafPath = [...path, ...suffix];
      const location = fieldBefore(leaf.field, step, [...leafPath, 'field'], purpose);
      if (location) {
        const mismatch = operatorMismatch(leaf, location.field);
        if (mismatch) problems.push({ path: [...leafPath, mismatch.operator], message: mismatch.message });
      }
    }
  };

  definition.steps.forEach((step, i) => {
    const at = (...rest: PathSegment[]): PathSegment[] => ['steps', i, ...rest];
    if (step.next && typeof step.next === 'object') {
      step.next.branches.forEach((branch, k) => checkCondition(branch.when, step, at('next', 'branches', k, 'when'), 'branches on'));
    }
    step.severityRules.forEach((rule, k) => checkCondition(rule.when, step, at('severityRules', k, 'when'), 'severity rule tests'));
    step.escalationTargets.forEach((target, k) => {
      if (target.when) checkCondition(target.when, step, at('escalationTargets', k, 'when'), 'escalation tests');
    });
    step.remediationOptions.forEach((option, k) => {
      if (option.amountField) fieldBefore(option.amountField, step, at('remediationOptions', k, 'amountField'), 'remediation amount is', ['money']);
      if (option.transactionIdField) fieldBefore(option.transactionIdField, step, at('remediationOptions', k, 'transactionIdField'), 'remediation transaction is', ['transaction', 'text']);
      if (option.window) fieldBefore(option.window.field, step, at('remediationOptions', k, 'window', 'field'), 'remediation window counts from', ['datetime']);
    });
    step.windowChecks.forEach((check, k) => fieldBefore(check.field, step, at('windowChecks', k, 'field'), 'window check counts from', ['datetime']));
    if (step.remediationRequired && !step.remediationOptions.some((option) => option.kind === step.remediationRequired)) {
      problems.push({ path: at('remediationRequired'), message: `requires a ${step.remediationRequired} the step does not offer: add it to remediationOptions` });
    }
  });

  return problems;
}

function outgoingEdges(step: WorkflowStep, i: number): { to: string; path: PathSegment[] }[] {
  if (step.next === undefined) return [];
  if (typeof step.next === 'string') return [{ to: step.next, path: ['steps', i, 'next'] }];
  return [
    ...step.next.branches.map((branch, k) => ({ to: branch.goto, path: ['steps', i, 'next', 'branches', k, 'goto'] as PathSegment[] })),
    { to: step.next.default, path: ['steps', i, 'next', 'default'] },
  ];
}

const comparableWith: Record<'equals' | 'in' | 'gt' | 'lt' | 'outsideWindow', readonly FieldType[]> = {
  equals: ['text', 'money', 'choice', 'yes_no'],
  in: ['text', 'money', 'choice'],
  gt: ['money'],
  lt: ['money'],
  outsideWindow: ['datetime'],
};

function operatorMismatch(leaf: FieldCondition, field: WorkflowField): { operator: string; message: string } | null {
  for (const operator of ['equals', 'in', 'gt', 'lt', 'outsideWindow'] as const) {
    const operand = leaf[operator];
    if (operand === undefined) continue;
    if (!comparableWith[operator].includes(field.type)) {
      return { operator, message: `cannot test a ${field.type} field with ${operator}; ${operator} works on ${comparableWith[operator].join(', ')}` };
    }
    const values = Array.isArray(operand) ? operand : [operand];
    for (const value of values) {
      const wrong = valueMismatch(field, value);
      if (wrong) return { operator, message: wrong };
    }
  }
  return null;
}

function valueMismatch(field: WorkflowField, value: unknown): string | null {
  switch (field.type) {
    case 'choice':
      return typeof value === 'string' && field.options?.some((o) => o.value === value)
        ? null
        : `${JSON.stringify(value)} is not an option of "${field.id}" (${(field.options ?? []).map((o) => o.value).join(', ')})`;
    case 'yes_no':
      return typeof value === 'boolean' ? null : `"${field.id}" is yes/no: compare with true or false`;
    case 'money':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : `"${field.id}" is money: compare with whole cents, e.g. 10000 for $100.00`;
    case 'text':
      return typeof value === 'string' ? null : `"${field.id}" is text: compare with a string`;
    default:
      return null;
  }
}
