import { describeUnsafeText } from './unsafeText';

export interface HostileValue {
  /** Where in the value, from its root (object keys and array indexes). */
  path: (string | number)[];
  message: string;
}

/** Keys that name an object's prototype machinery: no legitimate input has them, and some parsers act on them. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first part of a parsed JSON value that must not be accepted: a string or key with a NUL or an
 * unpaired surrogate, a prototype key, or nesting deeper than `maxDepth` arrays/objects. Walks with
 * an explicit stack, so a value nested 10,000 deep is refused rather than overflowing the call stack.
 */
export function findHostileValue(root: unknown, maxDepth: number): HostileValue | null {
  const stack: { value: unknown; path: (string | number)[]; depth: number }[] = [{ value: root, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = describeUnsafeText(value);
      if (problem) return { path, message: problem };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > maxDepth) return { path, message: `is nested deeper than ${maxDepth} levels` };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], path: [...path, index], depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index -= 1) {
      const key = keys[index]!;
      if (PROTOTYPE_KEYS.has(key)) return { path: [...path, key], message: `uses the reserved key "${key}"` };
      const keyProblem = describeUnsafeText(key);
      if (keyProblem) return { path, message: `has a key that ${keyProblem}` };
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key], depth: depth + 1 });
    }
  }
  return null;
}

/** Deep paths are cut after this many steps: the start says which field, the rest is noise. */
const PATH_STEPS_SHOWN = 6;

/** "payload.value.0.answer" — how a path is named in messages (the same way zod issues are). */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(root)';
  const shown = path.slice(0, PATH_STEPS_SHOWN).join('.');
  return path.length > PATH_STEPS_SHOWN ? `${shown}…` : shown;
}
