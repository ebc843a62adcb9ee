import { z } from 'zod';
import type { Calendar } from '../sla/calendar';
import { formatConfigIssue, type ConfigIssue, type LoadResult } from '../sla/configIssue';
import { loadSlaConfig, type SlaConfig, type SlaPolicies } from '../sla/policy';
import { parseShiftFile, type ShiftSchedule } from '../shifts/shiftSchedule';

/**
 * The SLA configuration as it travels: service → desktop main (GET /v1/config/sla) → encrypted
 * cache → renderer (`config.sla`). It carries the files' JSON, not parsed objects, so every hop
 * validates it with the same loader as the files on disk (loadSlaConfig, parseShiftFile) and a
 * bad document is refused with the file, the field and the reason.
 */
export const SlaConfigDocument = z.object({
  /** Content hash of policies + calendars (+ shifts): equal documents have equal versions. */
  version: z.string().min(1).max(64),
  /** The policy file's JSON (resources/sla-policies.json). */
  policies: z.unknown(),
  /** One calendar file's JSON per calendar (resources/calendars/*.json). */
  calendars: z.array(z.unknown()).max(500),
  /** The shift file's JSON (resources/shifts.json), or null when the sender has none. */
  shifts: z.unknown().nullable(),
});
export type SlaConfigDocument = z.infer<typeof SlaConfigDocument>;

/** A validated document: what the clocks and the alert routing run on. */
export type SlaSettings = { config: SlaConfig; shifts: ShiftSchedule; version: string };

/**
 * Validates a document the way the files are validated; `origin` prefixes the file names in
 * errors ("service", "cache", "bundled") so a log says which copy was bad. Shifts are optional:
 * without any, `fallbackShifts` (the desktop's bundled file) is used.
 */
export function readSlaConfigDocument(document: SlaConfigDocument, origin: string, fallbackShifts?: unknown): LoadResult<SlaSettings> {
  const calendars = document.calendars.map((json, index) => ({ fileName: `${origin}:calendars/${calendarFileName(json, index)}`, json }));
  const loaded = loadSlaConfig({ calendars, policies: { fileName: `${origin}:sla-policies.json`, json: document.policies } });
  if (!loaded.ok) return loaded;
  const shiftsJson = document.shifts ?? fallbackShifts;
  if (shiftsJson === undefined || shiftsJson === null) return { ok: false, errors: [{ file: `${origin}:shifts.json`, path: '', reason: 'no shift file: agents’ working hours are needed to route SLA alerts' }] };
  const shifts = parseShiftFile(`${origin}:shifts.json`, shiftsJson, loaded.value.calendars);
  if (!shifts.ok) return shifts;
  return { ok: true, value: { config: loaded.value, shifts: shifts.value, version: document.version } };
}

/** One line per issue, for logs and the UI. */
export function describeConfigIssues(errors: readonly ConfigIssue[]): string[] {
  return errors.map(formatConfigIssue);
}

/**
 * A loaded configuration back in file form (the inverse of the policy loader's normalisation:
 * disabled clocks become `{ type, disabled: true }`, defaults are written out), so a host that
 * only keeps the parsed configuration can still serve it. Calendars in id order.
 */
export function slaConfigToFiles(config: SlaConfig): { policies: unknown; calendars: Calendar[] } {
  return { policies: policiesToFileJson(config.policies), calendars: [...config.calendars.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

function policiesToFileJson(policies: SlaPolicies): unknown {
  return {
    version: policies.version,
    ...(policies.description !== undefined ? { description: policies.description } : {}),
    warningThresholds: policies.warningThresholds,
    statutoryCalendars: policies.statutoryCalendars,
    rules: policies.rules.map((rule) => ({
      id: rule.id,
      ...(rule.description !== undefined ? { description: rule.description } : {}),
      match: rule.match,
      clocks: Object.fromEntries(
        Object.entries(rule.clocks).map(([key, spec]) => [
          key,
          spec.disabled
            ? { type: spec.type, disabled: true }
            : {
                type: spec.type,
                label: spec.label,
                target: spec.target,
                calendar: spec.calendar,
                pauseWhileWaitingOnCustomer: spec.pauseWhileWaitingOnCustomer,
                ...(spec.warningThresholds ? { warningThresholds: spec.warningThresholds } : {}),
                ...(spec.requestedBy ? { requestedBy: spec.requestedBy } : {}),
              },
        ]),
      ),
    })),
  };
}

/** Builds a document from file contents, versioned by their content. */
export function buildSlaConfigDocument(files: { policies: unknown; calendars: readonly unknown[]; shifts: unknown }): SlaConfigDocument {
  const body = { policies: files.policies, calendars: [...files.calendars], shifts: files.shifts ?? null };
  return { version: contentVersion(JSON.stringify(body)), ...body };
}

/**
 * A 53-bit content hash (cyrb53) as 14 hex digits: a cache key and ETag, not a security
 * measure (the document comes over the authenticated service connection).
 */
export function contentVersion(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

function calendarFileName(json: unknown, index: number): string {
  const id = json && typeof json === 'object' && 'id' in json && typeof json.id === 'string' ? json.id.slice(0, 64) : `#${index}`;
  return `${id}.json`;
}
