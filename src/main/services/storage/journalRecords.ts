import { z } from 'zod';
import { CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import { SequencedEvent } from '../../../shared/sync/protocol';
import { StorageNotice } from '../../../shared/ipc/contract';

/** The sealed part of each journal line (see journalLine.ts for the clear part and the chain). */

export const Ack = z.object({ eventId: z.string(), seq: z.number().int().positive() });
export const Rejection = z.object({ eventId: z.string(), reason: z.string() });

export { LostWork, StorageNotice } from '../../../shared/ipc/contract';

const CompactedEntry = z.object({
  event: CaseEventEnvelope,
  seq: z.number().int().positive().nullable(),
  synced: z.boolean(),
  localSeq: z.number().int().positive(),
  rejectedReason: z.string().nullable(),
});
export type CompactedEntry = z.infer<typeof CompactedEntry>;

/** A finished case folded into its state as of service sequence `seq`; its events up to there are dropped. `foldedAt`: when (absent in journals written before it was kept). */
export const CaseSnapshot = z.object({ caseId: z.string(), seq: z.number().int().nonnegative(), localSeq: z.number().int().positive(), state: z.unknown(), foldedAt: z.string().optional() });
export type CaseSnapshot = z.infer<typeof CaseSnapshot>;

export const JournalRecord = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('header'), format: z.number().int().positive(), journalId: z.string(), deviceId: z.string(), createdAt: z.string(), generation: z.number().int().nonnegative().default(0) }),
  /** An agent's action, accepted on this desktop and not yet confirmed by the service. */
  z.object({ kind: z.literal('local'), event: CaseEventEnvelope }),
  /** Events pulled from the service together with the cursor after them: one record, so the cursor never runs ahead of stored data. */
  z.object({ kind: z.literal('pulled'), events: z.array(SequencedEvent), cursor: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('acked'), acks: z.array(Ack) }),
  /** The service refused these for good: finished with an error, never retried. */
  z.object({ kind: z.literal('rejected'), rejections: z.array(Rejection) }),
  /** These cases left the desktop's scope: their synced events and snapshots are removed here (unsynced work stays until sent). */
  z.object({ kind: z.literal('scopeLeft'), caseIds: z.array(z.string()), reason: z.string().optional() }),
  // A compaction writes the state it kept as these, in this order, at the start of a new generation.
  z.object({ kind: z.literal('base'), cursor: z.number().int().nonnegative(), localSeq: z.number().int().nonnegative(), removalFloor: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('snapshots'), snapshots: z.array(CaseSnapshot) }),
  z.object({ kind: z.literal('entries'), entries: z.array(CompactedEntry) }),
  z.object({ kind: z.literal('removals'), removals: z.array(z.object({ caseId: z.string(), localSeq: z.number().int().positive() })) }),
  z.object({ kind: z.literal('notice'), notice: StorageNotice }),
  z.object({ kind: z.literal('noticeDismissed'), id: z.string() }),
  /** The data key was wrapped anew (a password change): the clear part carries the new wrapping. */
  z.object({ kind: z.literal('keys') }),
]);
export type JournalRecord = z.infer<typeof JournalRecord>;
