import { z } from 'zod';
import { deepFreeze, issuesFromZod, type LoadResult } from '../sla/configIssue';

/**
 * KPI targets (resources/kpi-targets.json): for each KPI the green band (on target) and the
 * wider amber band (close to target); anything outside amber is red. A KPI may have no target
 * (rated "no target set"). Ratings are always given in words beside any colour.
 */
export const KPI_IDS = [
  'csat_share',
  'csat_mean',
  'nps',
  'fcr',
  'aht_phone',
  'asa',
  'service_level_80_20',
  'service_level_95_20',
  'abandonment',
  'escalations_per_1000',
  'occupancy',
  'qa_average',
  'sla_compliance',
  'same_business_day_share',
  'complaints_per_staff_quarter',
] as const;
export const KpiId = z.enum(KPI_IDS);
export type KpiId = z.infer<typeof KpiId>;

const Band = z
  .strictObject({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .refine((band) => band.min !== undefined || band.max !== undefined, 'give "min", "max" or both')
  .refine((band) => band.min === undefined || band.max === undefined || band.min <= band.max, '"min" must not be above "max"');
export type Band = z.infer<typeof Band>;

const Target = z
  .strictObject({
    green: Band,
    amber: Band,
    /** Where the number comes from (REQUIREMENTS.md line, operating guide), shown in the UI. */
    source: z.string().min(1).max(300),
  })
  .refine(
    ({ green, amber }) =>
      (green.min === undefined || (amber.min !== undefined && amber.min <= green.min)) && (green.max === undefined || (amber.max !== undefined && amber.max >= green.max)),
    'the amber band must contain the green band (amber.min ≤ green.min, amber.max ≥ green.max)',
  );
export type KpiTarget = z.infer<typeof Target>;

export const KpiTargetsFile = z.strictObject({
  version: z.number().int().positive(),
  source: z.string().optional(),
  /** The "20" of 80/20 and 95/20: a contact answered within this many seconds is within service level. */
  serviceLevelAnswerSeconds: z.number().int().min(1).max(600),
  /** Abandons quicker than this are left out of the service level (the caller hung up before anyone could answer). */
  shortAbandonSeconds: z.number().min(0).max(60),
  targets: z.partialRecord(KpiId, z.union([Target, z.null()])).superRefine((targets, ctx) => {
    for (const id of KPI_IDS) if (!(id in targets)) ctx.addIssue({ code: 'custom', path: [id], message: `missing: give a target for "${id}" (or null for none)` });
  }),
});
export type KpiTargetsFile = z.infer<typeof KpiTargetsFile>;

export function parseKpiTargetsFile(fileName: string, json: unknown): LoadResult<KpiTargetsFile> {
  const result = KpiTargetsFile.safeParse(json);
  if (!result.success) return { ok: false, errors: issuesFromZod(fileName, result.error) };
  return { ok: true, value: deepFreeze(result.data) };
}

export type RatingStatus = 'green' | 'amber' | 'red' | 'no_data' | 'no_target';

export type Rating = {
  status: RatingStatus;
  /** "On target", "Close to target", "Off target", "No data", "No target set". */
  words: string;
  /** The green band in words, e.g. "≥ 90 %", "6–9 min", or "" when there is no target. */
  targetText: string;
};

const WORDS: Record<RatingStatus, string> = {
  green: 'On target',
  amber: 'Close to target',
  red: 'Off target',
  no_data: 'No data',
  no_target: 'No target set',
};

export type KpiUnit = 'share' | 'seconds' | 'score5' | 'nps' | 'per1000' | 'count';

/** Rates a value against its target; the words never depend on colour. */
export function rateKpi(value: number | null, target: KpiTarget | null | undefined, unit: KpiUnit): Rating {
  const targetText = target ? bandText(target.green, unit) : '';
  if (value === null || Number.isNaN(value)) return { status: 'no_data', words: WORDS.no_data, targetText };
  if (!target) return { status: 'no_target', words: WORDS.no_target, targetText };
  const status: RatingStatus = within(value, target.green) ? 'green' : within(value, target.amber) ? 'amber' : 'red';
  return { status, words: WORDS[status], targetText };
}

function within(value: number, band: Band): boolean {
  // Rounding noise (0.8 computed as 0.7999999999) must not flip a rating.
  const epsilon = 1e-9;
  return (band.min === undefined || value >= band.min - epsilon) && (band.max === undefined || value <= band.max + epsilon);
}

/** A band in words: "≥ 90 %", "≤ 45 s", "70–85 %". */
export function bandText(band: Band, unit: KpiUnit): string {
  if (band.min !== undefined && band.max !== undefined) return `${formatKpiValue(band.min, unit, true)}–${formatKpiValue(band.max, unit)}`;
  if (band.min !== undefined) return `≥ ${formatKpiValue(band.min, unit)}`;
  return `≤ ${formatKpiValue(band.max ?? 0, unit)}`;
}

/** A KPI value for people: 91.2 %, 4.6 / 5, +42, 38 s, 6 min 12 s, 12.5 per 1,000. */
export function formatKpiValue(value: number | null, unit: KpiUnit, bare = false): string {
  if (value === null || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'share':
      return bare ? trimNumber(value * 100, 1) : `${trimNumber(value * 100, 1)} %`;
    case 'seconds':
      if (value >= 120) {
        const minutes = Math.floor(value / 60);
        const seconds = Math.round(value - minutes * 60);
        return bare ? trimNumber(value / 60, 1) : seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
      }
      return bare ? trimNumber(value, 0) : `${trimNumber(value, 0)} s`;
    case 'score5':
      return bare ? trimNumber(value, 2) : `${trimNumber(value, 2)} / 5`;
    case 'nps':
      return `${value > 0 ? '+' : ''}${trimNumber(value, 1)}`;
    case 'per1000':
      return bare ? trimNumber(value, 1) : `${trimNumber(value, 1)} per 1,000`;
    case 'count':
      return trimNumber(value, 2);
  }
}

function trimNumber(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  return decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
}
