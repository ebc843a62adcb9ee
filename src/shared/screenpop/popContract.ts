import { z } from 'zod';
import { Channel } from '../domain/enums';
import { ScreenPopIdentifiers, ScreenPopIntake } from './intake';
import { BlindIndexDigest, PopCustomer } from './popCustomer';
import { RevealableField } from './popProtocol';

/**
 * The screen pop's part of the renderer ↔ main contract (spread into src/shared/ipc/contract.ts).
 *
 * Flow: a contact arrives in main (CTI endpoint, agentconsole:// link, or the agent's search via
 * `screenpop.manual`) → main records it in the pop history and emits `screenpop.requested` with
 * the blind-index digests of its identifiers → the renderer looks them up in its read model
 * (falling back to `screenpop.lookup`), shows the pop, acknowledges with `screenpop.rendered`,
 * and reports the case the contact was placed on with `screenpop.linked`.
 */

export const PopSource = z.enum(['cti', 'link', 'manual', 'history']);
export type PopSource = z.infer<typeof PopSource>;

export const PopRequest = z.object({
  popId: z.uuid(),
  source: PopSource,
  channel: Channel,
  /** What the contact arrived with; null for a customer the agent picked by hand. */
  intake: ScreenPopIntake.nullable(),
  /** A customer chosen by the agent (manual search, or a chooser answered earlier). */
  customerId: z.string().min(1).max(64).nullable(),
  /** When main received it: the handle-time clock starts here. */
  receivedAt: z.iso.datetime(),
  /** Keyed hashes of the intake's exact-match identifiers, for the read model's indexes. */
  digests: z.object({ ani: BlindIndexDigest.nullable(), accountNumber: BlindIndexDigest.nullable(), email: BlindIndexDigest.nullable() }),
  /** The case this contact was recorded on already (a contact reopened from the history): not recorded twice. */
  linkedCaseId: z.string().nullable(),
});
export type PopRequest = z.infer<typeof PopRequest>;

export const PopHistoryEntry = PopRequest.extend({
  /** A newer contact arrived before this one reached the screen (a flood): kept here, never dropped. */
  superseded: z.boolean(),
  /** When the renderer reported this pop on screen. */
  shownAt: z.iso.datetime().nullable(),
  /** Milliseconds from the contact reaching main to the pop on screen (null: not shown, or timed before a restart). */
  shownAfterMs: z.number().nonnegative().nullable(),
  /** Whose contact it turned out to be, once placed. */
  linkedCustomerId: z.string().nullable(),
});
export type PopHistoryEntry = z.infer<typeof PopHistoryEntry>;

export const MatchKind = z.enum(['single', 'several', 'none']);

const empty = z.object({}).strict();
const digestOrNull = BlindIndexDigest.nullable();

export const screenPopChannels = {
  /** Every contact this desktop received, newest first (bounded; encrypted at rest in main). */
  'screenpop.history': { request: empty, response: z.object({ entries: z.array(PopHistoryEntry) }) },
  /** The agent opened a customer from search: recorded like any contact and popped. */
  'screenpop.manual': {
    request: z.object({ channel: Channel, customerId: z.string().min(1).max(64) }).strict(),
    response: z.object({ popId: z.uuid() }),
  },
  /** Pops a contact from the history again (e.g. one a flood pushed off the screen). */
  'screenpop.reopen': { request: z.object({ popId: z.uuid() }).strict(), response: z.object({ popId: z.uuid() }) },
  /** The pop is on screen; main times it from the moment the contact arrived. */
  'screenpop.rendered': {
    request: z.object({ popId: z.uuid(), match: MatchKind }).strict(),
    response: z.object({ elapsedMs: z.number().nonnegative().nullable() }),
  },
  /** The contact was recorded on a case (contact.linked appended). */
  'screenpop.linked': {
    request: z.object({ popId: z.uuid(), caseId: z.string().min(1).max(64), customerId: z.string().min(1).max(64).nullable() }).strict(),
    response: z.object({ ok: z.literal(true) }),
  },
  /** Not in the local read model: main's working set, else the case service (the answer is cached). */
  'screenpop.lookup': {
    request: z
      .object({
        identifiers: ScreenPopIdentifiers.optional(),
        query: z.string().trim().min(1).max(100).optional(),
        /** The contact (its id from the telephony system, or the pop's) or case the look-up serves, for the access audit. */
        contactId: z.string().min(1).max(128).optional(),
        caseId: z.string().min(1).max(64).optional(),
      })
      .strict()
      .refine((request) => (request.identifiers === undefined) !== (request.query === undefined), { message: 'give either identifiers or a query' }),
    response: z.object({
      customers: z.array(PopCustomer),
      /** For identifiers: which customer ids each matched (the shared matching rule decides). */
      hits: z.partialRecord(z.enum(['caseId', 'accountNumber', 'ani', 'email']), z.array(z.string())),
      source: z.enum(['working_set', 'service']),
      /** Customers kept beside the answer (they share a line with one); the read model indexes them too. */
      alsoKept: z.array(PopCustomer).default([]),
      /** A query matched more customers than were sent: the list is not all of them. */
      more: z.boolean().default(false),
    }),
  },
  /** Keyed hashes of what a typed search could be, so the read model can be searched by them. */
  'lookup.digests': {
    request: z.object({ query: z.string().max(100) }).strict(),
    response: z.object({ phone: digestOrNull, accountNumber: digestOrNull, email: digestOrNull }),
  },
  /** The customers this desktop keeps for offline pops (team's open cases, recent contacts, branch). */
  'workingSet.get': {
    request: z.object({ offset: z.number().int().nonnegative().default(0) }).strict(),
    response: z.object({
      customers: z.array(PopCustomer),
      total: z.number().int().nonnegative(),
      /** Ask again from here for the next page; null on the last. */
      nextOffset: z.number().int().positive().nullable(),
      refreshedAt: z.iso.datetime().nullable(),
    }),
  },
  /** Shows a masked value in full: needs the permission and a reason; recorded on the case before the value is returned. */
  'sensitive.reveal': {
    request: z
      .object({
        caseId: z.string().min(1).max(64),
        customerId: z.string().min(1).max(64),
        field: RevealableField,
        targetId: z.string().min(1).max(64),
        reason: z.string().trim().min(3, 'Say why you need to see it (at least 3 characters).').max(500),
      })
      .strict(),
    response: z.object({ value: z.string() }),
  },
} as const;

export const screenPopEvents = {
  /** A contact to pop (the newest of a burst; the rest are in screenpop.history). */
  'screenpop.requested': PopRequest,
  /** The working set was refreshed: ask workingSet.get again. */
  'workingSet.changed': z.object({ refreshedAt: z.iso.datetime(), size: z.number().int().nonnegative() }),
} as const;
