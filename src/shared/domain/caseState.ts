import { z } from 'zod';
import { CaseStatus, CaseType, Channel, Severity } from './enums';
import { IsoInstant } from './customer';

/**
 * Changes that do not commute, made without seeing each other (two desktops offline, say).
 * The first one the service sequenced stands; the later one is held here until someone the
 * policy allows settles it with `conflict.settled`, keeping one side.
 */
export const ConflictKind = z.enum(['resolution', 'owner', 'severity', 'type', 'status', 'close', 'escalation']);
export type ConflictKind = z.infer<typeof ConflictKind>;

/** What one side of a conflict would make the case: only the fields its kind is about. */
export const ConflictValue = z.object({
  resolution: z.string().nullable().optional(),
  resolutionCode: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
  queueId: z.string().nullable().optional(),
  severity: Severity.optional(),
  caseType: CaseType.optional(),
  status: CaseStatus.optional(),
  escalationLevel: z.number().int().optional(),
});
export type ConflictValue = z.infer<typeof ConflictValue>;

export const ConflictSide = z.object({
  eventId: z.string(),
  actorId: z.string(),
  at: IsoInstant,
  value: ConflictValue,
});
export type ConflictSide = z.infer<typeof ConflictSide>;

export const CaseConflict = z.object({
  conflictId: z.string(),
  kind: ConflictKind,
  /** [the side that stands, the side held back]. */
  sides: z.tuple([ConflictSide, ConflictSide]),
});
export type CaseConflict = z.infer<typeof CaseConflict>;

export const Remediation = z.object({
  requestId: z.string(),
  kind: z.string(),
  amountCents: z.number().int(),
  transactionId: z.string().nullable(),
  approval: z.enum(['none', 'supervisor', 'finance_legal']),
  status: z.enum(['pending_approval', 'approved', 'rejected']),
  requestedBy: z.string(),
  requestedAt: IsoInstant,
  decidedBy: z.string().nullable(),
});
export type Remediation = z.infer<typeof Remediation>;

/** Who last set a value, so a conflict can say whose change stands. */
export const ValueChange = z.object({ eventId: z.string(), actorId: z.string(), at: IsoInstant });
export type ValueChange = z.infer<typeof ValueChange>;

/**
 * A change to a value that can conflict, where it was folded: position counts the case's events
 * before it in the service's order, so a later event that saw fewer than that did not see it.
 */
export const RecentChange = z.object({
  eventId: z.string(),
  type: z.string(),
  aspect: z.enum(['severity', 'type', 'owner', 'lifecycle']),
  actorId: z.string(),
  deviceId: z.string(),
  at: IsoInstant,
  position: z.number().int().nonnegative(),
});
export type RecentChange = z.infer<typeof RecentChange>;

/** A contact being handled on the case right now (linked, not yet wrapped up). */
export const ActiveContact = z.object({ contactId: z.string(), agentId: z.string(), channel: Channel, since: IsoInstant });
export type ActiveContact = z.infer<typeof ActiveContact>;

/** The folded state of one case: derived, never stored as the source of truth. */
export const CaseState = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  caseType: CaseType,
  severity: Severity,
  channel: Channel,
  subject: z.string(),
  status: CaseStatus,
  /** Who works it now; null while it waits in its queue. */
  ownerId: z.string().nullable(),
  /** The queue it belongs to (resources/queues.json); null for cases recorded before queues existed. */
  queueId: z.string().nullable(),
  createdAt: IsoInstant,
  createdBy: z.string(),
  updatedAt: IsoInstant,
  resolvedAt: IsoInstant.nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
  resolutionCode: z.string().nullable(),
  /** The event whose resolution stands, so a later conflicting one can name both. */
  resolutionEventId: z.string().nullable(),
  /** Resolved during the contact that opened it, with no other contact before: derived at resolution, kept. */
  firstContactResolution: z.boolean().nullable(),
  closedAt: IsoInstant.nullable(),
  reopenCount: z.number().int().nonnegative(),
  /** Step on the escalation matrix: 1 frontline, 2 supervisor, 3 specialist, 4 executive/legal. */
  escalationLevel: z.number().int().min(1).max(4),
  channels: z.array(Channel),
  contactCount: z.number().int().nonnegative(),
  activeContacts: z.array(ActiveContact),
  noteCount: z.number().int().nonnegative(),
  eventCount: z.number().int().nonnegative(),
  conflicts: z.array(CaseConflict),
  /** The latest change of each value that can conflict (null: as the case was created). */
  lastChanges: z.object({ severity: ValueChange.nullable(), type: ValueChange.nullable(), owner: ValueChange.nullable() }),
  /** The latest changes that can conflict (at most RECENT_CHANGES_KEPT); absent on states folded before it existed. */
  recentChanges: z.array(RecentChange).optional(),
  /** Customer identity verified during the contact in progress (cleared when that contact is wrapped). */
  verifiedAt: IsoInstant.nullable(),
  verifiedBy: z.string().nullable(),
  remediations: z.array(Remediation),
});
export type CaseState = z.infer<typeof CaseState>;
