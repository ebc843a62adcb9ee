import { z } from 'zod';
import { PopCustomer } from './popCustomer';
import { ScreenPopIdentifiers } from './intake';

/**
 * HTTP between a desktop and the case service for screen pops (alongside src/shared/sync/protocol.ts).
 *
 * Account numbers never leave the service, and phone numbers and e-mail addresses leave it in
 * full only for roles with the reveal permission, yet a desktop must find a customer by what a
 * caller keys into the IVR or the softphone reports, also offline. So the service answers with
 * keyed hashes (digests) of each customer's phone, e-mail and account numbers under a key it
 * issues to the desktop's session and replaces on a schedule (POST /v1/screen-pop/digest-key);
 * every answer names the key it used, and a desktop seeing a new one fetches it and re-indexes.
 * A client cannot choose the key: the requests have no field for it.
 */

/** 32 random bytes, base64url. */
export const DigestKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a digest key is 32 bytes, base64url');

/** POST /v1/screen-pop/digest-key — the key this session's digests are made with. */
export const DigestKeyResponse = z.object({ keyId: z.uuid(), key: DigestKey, expiresAt: z.iso.datetime() });
export type DigestKeyResponse = z.infer<typeof DigestKeyResponse>;

export const ServicePopCustomer = PopCustomer;
export type ServicePopCustomer = z.infer<typeof ServicePopCustomer>;

export const MAX_POP_CUSTOMER_IDS = 500;

/** The contact or case a look-up serves, for the access audit. */
const servedFields = {
  caseId: z.string().min(1).max(64).optional(),
  contactId: z.string().min(1).max(128).optional(),
};

/** POST /v1/screen-pop/customers — details and digests for known ids (the working set). */
export const PopCustomersRequest = z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(MAX_POP_CUSTOMER_IDS), ...servedFields }).strict();
export const PopCustomersResponse = z.object({ keyId: z.uuid(), customers: z.array(ServicePopCustomer) });
export type PopCustomersResponse = z.infer<typeof PopCustomersResponse>;

/** POST /v1/screen-pop/lookup — who a contact's identifiers (or a typed search) find, with details. */
export const PopLookupRequest = z
  .object({
    identifiers: ScreenPopIdentifiers.optional(),
    query: z.string().trim().min(1).max(100).optional(),
    ...servedFields,
    limit: z.number().int().min(1).max(50).default(20),
  })
  .strict()
  .refine((request) => (request.identifiers === undefined) !== (request.query === undefined), { message: 'give either identifiers or a query' });
export type PopLookupRequest = z.input<typeof PopLookupRequest>;

export const PopLookupResponse = z.object({
  /** The digest key the answer's digests are made with. */
  keyId: z.uuid(),
  customers: z.array(ServicePopCustomer),
  /** For identifiers: the customer ids each one matched, so the desktop applies the shared matching rule. */
  hits: z.partialRecord(z.enum(['caseId', 'accountNumber', 'ani', 'email']), z.array(z.string())),
  /**
   * Not answers, but customers who share a phone or email with one: the desktop keeps them too, so
   * a later call from a shared line finds every holder and asks who is calling.
   */
  sharedHolders: z.array(ServicePopCustomer).default([]),
  /** A query matched more customers than the limit: the list is the best-ranked part, not all of them. */
  more: z.boolean().default(false),
});
export type PopLookupResponse = z.infer<typeof PopLookupResponse>;

/** GET /v1/branches/:branchId/customer-ids — a branch's customers, for branch staff's working set. */
export const BranchCustomerIdsResponse = z.object({ customerIds: z.array(z.string()) });
export type BranchCustomerIdsResponse = z.infer<typeof BranchCustomerIdsResponse>;

export const RevealableField = z.enum(['account_number', 'card_number', 'phone', 'email', 'address']);
export type RevealableField = z.infer<typeof RevealableField>;

/** POST /v1/customers/:customerId/reveal — needs the reveal_sensitive permission; every call is audited. */
export const RevealRequest = z
  .object({
    field: RevealableField,
    /** The account id for account_number; the customer id for phone and e-mail. */
    targetId: z.string().min(1).max(64),
    reason: z.string().trim().min(3, 'say why you need to see it').max(500),
    /** The case the reveal is recorded on (its sensitive.revealed event). */
    caseId: z.string().min(1).max(64),
  })
  .strict();
export type RevealRequest = z.infer<typeof RevealRequest>;

export const RevealResponse = z.object({ value: z.string(), auditId: z.string() });
export type RevealResponse = z.infer<typeof RevealResponse>;
