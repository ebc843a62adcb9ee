import { DateTime } from 'luxon';
import { isIsoDateTimeWithZone, parseMoneyInput, type JsonValue, type WorkflowField } from '../../shared/workflow';

/** What an input shows for a recorded answer. */
export function draftOf(field: WorkflowField, value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (field.type === 'money' && typeof value === 'number') return (value / 100).toFixed(2);
  return typeof value === 'string' ? value : '';
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})(?::\d{2})?$/;

/**
 * Accepts ISO 8601 with a zone as it is, or a local "2026-03-05 14:30" read in the agent's time
 * zone (what a customer reads off a statement) and written with its offset. Anything else is
 * passed on unchanged so the engine's validation gives the reason.
 */
export function normaliseDateTime(text: string, timeZone: string): string {
  const trimmed = text.trim();
  if (isIsoDateTimeWithZone(trimmed)) return trimmed;
  const match = LOCAL_DATE_TIME.exec(trimmed);
  if (!match) return trimmed;
  const local = DateTime.fromISO(`${match[1]}T${(match[2] ?? '').padStart(5, '0')}`, { zone: timeZone });
  return local.isValid ? (local.toISO({ suppressMilliseconds: true, suppressSeconds: false }) ?? trimmed) : trimmed;
}

/** The stored-form value of what was typed, or why it cannot be one; validateAnswer checks the rest. */
export function valueOfDraft(field: WorkflowField, draft: string, timeZone: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const trimmed = draft.trim();
  if (trimmed === '') return { ok: true, value: null };
  switch (field.type) {
    case 'money': {
      const parsed = parseMoneyInput(trimmed);
      return parsed.ok ? { ok: true, value: parsed.cents } : parsed;
    }
    case 'datetime':
      return { ok: true, value: normaliseDateTime(trimmed, timeZone) };
    default:
      return { ok: true, value: draft };
  }
}
