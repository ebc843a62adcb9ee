import { z } from 'zod';
import { CustomerDetail } from '../domain/customer';
import { BlindIndexDigestPattern } from './identifiers';

export const BlindIndexDigest = z.string().regex(BlindIndexDigestPattern, 'a blind-index digest is 32 lower-case hex characters');

/**
 * A customer as the screen pop needs them, with the keyed hashes (blind indexes) of their
 * exact-match identifiers, so the local read model can find them by phone, e-mail or account
 * number without keeping those identifiers in plain text.
 */
export const CustomerDigests = z.object({
  phone: BlindIndexDigest,
  email: BlindIndexDigest,
  /** account id → digest of its full account number (which never leaves the service). */
  accounts: z.record(z.string().min(1), BlindIndexDigest),
});
export type CustomerDigests = z.infer<typeof CustomerDigests>;

export const PopCustomer = z.object({ detail: CustomerDetail, digests: CustomerDigests });
export type PopCustomer = z.infer<typeof PopCustomer>;
