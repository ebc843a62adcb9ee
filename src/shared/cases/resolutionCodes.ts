import { z } from 'zod';
import bundledCodes from '../../../resources/resolution-codes.json' with { type: 'json' };
import { CaseType } from '../domain/enums';

/** One way a case can end; `caseTypes` empty means it fits every type (a duplicate, a withdrawn request). */
export const ResolutionCode = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'codes are lower-case letters, digits and underscores'),
  label: z.string().trim().min(1).max(80),
  caseTypes: z.array(CaseType),
});
export type ResolutionCode = z.infer<typeof ResolutionCode>;

export const ResolutionCodes = z
  .strictObject({ source: z.string().trim().min(1), codes: z.array(ResolutionCode).min(1) })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.codes.forEach((entry, index) => {
      if (seen.has(entry.code)) ctx.addIssue({ code: 'custom', path: ['codes', index, 'code'], message: `code "${entry.code}" is listed twice` });
      seen.add(entry.code);
    });
  });
export type ResolutionCodes = z.infer<typeof ResolutionCodes>;

/** The codes shipped with the product (resources/resolution-codes.json): the console offers them, the demo seed uses them. */
export const BUNDLED_RESOLUTION_CODES: ResolutionCodes = ResolutionCodes.parse(bundledCodes);

/** Codes made for this case type first, then those that fit any case. */
export function resolutionCodesFor(caseType: CaseType, config: ResolutionCodes = BUNDLED_RESOLUTION_CODES): ResolutionCode[] {
  return [...config.codes.filter((entry) => entry.caseTypes.includes(caseType)), ...config.codes.filter((entry) => entry.caseTypes.length === 0)];
}

/** Codes made for exactly this type (what the demo history draws from). */
export function specificResolutionCodes(caseType: CaseType, config: ResolutionCodes = BUNDLED_RESOLUTION_CODES): string[] {
  return config.codes.filter((entry) => entry.caseTypes.includes(caseType)).map((entry) => entry.code);
}

/** The words for a code; an unknown code (from an older file) is shown with its underscores as spaces. */
export function resolutionCodeLabel(code: string, config: ResolutionCodes = BUNDLED_RESOLUTION_CODES): string {
  return config.codes.find((entry) => entry.code === code)?.label ?? code.replaceAll('_', ' ');
}
