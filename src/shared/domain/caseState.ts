import { z } from 'zod';
import { CaseStatus, CaseType, Channel, Severity } from './enums';
import { IsoInstant } from './customer';

/** Two facts that cannot both stand (e.g. different resolutions made offline); kept until an agent settles it. */
export const CaseConflict = z.object({
  conflictId: z.string(),
  kind: z.literal('resolution'),
  eventIds: z.array(z.string()).min(2),
  descriptions: z.array(z.string()),
});
export type CaseConflict = z.infer<typeof CaseConflict>;

export const Remediation = z.object({
  requestId: z.string(),
  kind: z.string(),
  amountCents: z.number().int(),
  approval: z.enum(['none', 'supervisor', 'finance_legal']),
  status: z.enum(['pending_approval', 'approved', 'rejected']),
  requestedBy: z.string(),
  decidedBy: z.string().nullable(),
});
export type Remediation = z.infer<typeof Remediation>;

/** The folded state of one case: derived, never stored as the source of truth. */
export const CaseState = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  caseType: CaseType,
  severity: Severity,
  channel: Channel,
  subject: z.string(),
  status: CaseStatus,
  ownerId: z.string(),
  createdAt: IsoInstant,
  createdBy: z.string(),
  updatedAt: IsoInstant,
  resolvedAt: IsoInstant.nullable(),
  resolution: z.string().nullable(),
  /** The event whose resolution stands, so a later conflicting one can name both. */
  resolutionEventId: z.string().nullable(),
  escalationLevel: z.number().int().min(0).max(4),
  channels: z.array(Channel),
  contactCount: z.number().int().nonnegative(),
  noteCount: z.number().int().nonnegative(),
  eventCount: z.number().int().nonnegative(),
  conflicts: z.array(CaseConflict),
  /** Customer identity verified during this case (by whom and when). */
  verifiedAt: IsoInstant.nullable(),
  remediations: z.array(Remediation),
});
export type CaseState = z.infer<typeof CaseState>;
