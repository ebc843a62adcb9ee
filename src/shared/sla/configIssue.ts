import type { z } from 'zod';

/**
 * One reason a configuration file was rejected: which file, where in it, and why.
 * Loaders return these instead of throwing so the host can log them and keep running
 * on the last valid configuration.
 */
export type ConfigIssue = { file: string; path: string; reason: string };

export type LoadResult<T> = { ok: true; value: T } | { ok: false; errors: ConfigIssue[] };

/** "resources/calendars/x.json: weekly.mon[1]: overlaps 07:00–12:00" — one line per issue for logs and UI. */
export function formatConfigIssue(issue: ConfigIssue): string {
  return `${issue.file}: ${issue.path || '(root)'}: ${issue.reason}`;
}

/** Renders a zod path the way a person would point at the field in the JSON file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

export function issuesFromZod(file: string, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({ file, path: formatPath(issue.path), reason: issue.message }));
}

/**
 * Parsed configuration is shared by reference and its compiled forms are cached per
 * object, so it is frozen: an edit must produce a new object (and so a fresh cache).
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
