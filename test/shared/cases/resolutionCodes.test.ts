import { describe, expect, it } from 'vitest';
import { BUNDLED_RESOLUTION_CODES, ResolutionCodes, resolutionCodeLabel, resolutionCodesFor } from '../../../src/shared/cases/resolutionCodes';
import { CaseType } from '../../../src/shared/domain/enums';

describe('resolution codes (resources/resolution-codes.json)', () => {
  it('offers every case type its own codes first, then those that fit any case', () => {
    for (const caseType of CaseType.options) {
      const codes = resolutionCodesFor(caseType);
      expect(codes.some((entry) => entry.caseTypes.includes(caseType)), caseType).toBe(true);
      expect(codes.at(-1)?.caseTypes).toEqual([]);
    }
    expect(resolutionCodesFor('billing_dispute').map((entry) => entry.code)).toEqual(['fee_reversed', 'fee_explained', 'duplicate', 'customer_withdrew']);
  });

  it('names a code in words, and an unknown one without underscores', () => {
    expect(resolutionCodeLabel('card_blocked')).toBe('Card blocked and replaced');
    expect(resolutionCodeLabel('escalated_to_ombudsman')).toBe('escalated to ombudsman');
  });

  it('refuses a file that lists a code twice', () => {
    const doubled = { ...BUNDLED_RESOLUTION_CODES, codes: [...BUNDLED_RESOLUTION_CODES.codes, BUNDLED_RESOLUTION_CODES.codes[0]] };
    const parsed = ResolutionCodes.safeParse(doubled);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch('is listed twice');
  });
});
