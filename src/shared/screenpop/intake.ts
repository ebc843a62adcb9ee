import { z } from 'zod';
import { describeZodError } from '../domain/caseEvent';
import { Channel } from '../domain/enums';
import { ACCOUNT_NUMBER_PATTERN, CASE_ID_PATTERN, E164_PATTERN } from './identifiers';
import { maskEmail, maskPhone } from '../privacy/masking';

/**
 * What a contact arrives with, from a softphone/CTI connector (POST /v1/screen-pop), a
 * telephony link (agentconsole://pop?…) or the agent's own search. One schema for all of
 * them, so every way in is checked the same way and ends in the same pop.
 */
const identifierFields = {
  /** Caller's number (automatic number identification), E.164. */
  ani: z.string().regex(E164_PATTERN, 'ani must be an E.164 number such as +15551234567').optional(),
  accountNumber: z.string().regex(ACCOUNT_NUMBER_PATTERN, 'accountNumber must be 8 to 20 digits, no spaces').optional(),
  caseId: z.string().regex(CASE_ID_PATTERN, 'caseId must be a case reference such as AC-7K4MP-9QX2H').optional(),
  email: z.email('email must be an e-mail address').max(254).optional(),
};

type Identifiers = { ani?: string | undefined; accountNumber?: string | undefined; caseId?: string | undefined; email?: string | undefined };
const hasIdentifier = (value: Identifiers) => value.ani !== undefined || value.accountNumber !== undefined || value.caseId !== undefined || value.email !== undefined;
const AT_LEAST_ONE = { message: 'give at least one identifier: ani, accountNumber, caseId or email' };

/** Just the identifiers of a contact (at least one). */
export const ScreenPopIdentifiers = z.object(identifierFields).strict().refine(hasIdentifier, AT_LEAST_ONE);
export type ScreenPopIdentifiers = z.infer<typeof ScreenPopIdentifiers>;

export const ScreenPopIntake = z
  .object({
    ...identifierFields,
    channel: Channel,
    /** The telephony or chat system's own id for this contact, kept so a retried event is recognised. */
    contactId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x21-\x7e]+$/, 'contactId must be printable ASCII without spaces')
      .optional(),
  })
  .strict()
  .refine(hasIdentifier, AT_LEAST_ONE);
export type ScreenPopIntake = z.infer<typeof ScreenPopIntake>;

export type IntakeParse = { ok: true; intake: ScreenPopIntake } | { ok: false; reason: string };

export function parseScreenPopIntake(input: unknown): IntakeParse {
  const parsed = ScreenPopIntake.safeParse(input);
  if (parsed.success) return { ok: true, intake: parsed.data };
  return { ok: false, reason: describeZodError(parsed.error) };
}

/** The identifiers of an intake in the order they are trusted, for display and history. */
export function describeIntakeIdentifiers(intake: ScreenPopIntake): string {
  const parts: string[] = [];
  if (intake.caseId) parts.push(`case ${intake.caseId}`);
  if (intake.accountNumber) parts.push(`account ending ${intake.accountNumber.slice(-4)}`);
  if (intake.ani) parts.push(`caller ${maskPhoneForDisplay(intake.ani)}`);
  if (intake.email) parts.push(`e-mail ${maskEmailForDisplay(intake.email)}`);
  return parts.join(', ');
}

/** `••• ••• 4567`: enough to recognise a caller, not enough to copy the number. */
export const maskPhoneForDisplay = maskPhone;
export const maskEmailForDisplay = maskEmail;
