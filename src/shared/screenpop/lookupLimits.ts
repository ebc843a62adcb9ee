import { z } from 'zod';
import bundled from '../../../resources/customer-lookups.json' with { type: 'json' };

/**
 * How hard the case service lets one agent look customers up (resources/customer-lookups.json):
 * a person working contacts needs a look-up every few seconds at most, a script enumerating
 * account numbers needs thousands, so a per-agent allowance stops the second without the first
 * ever noticing.
 */
export const LookupLimits = z.strictObject({
  source: z.string().trim().min(1),
  /** Searches and pop look-ups (by identifier or text: what an enumeration needs) one agent may make in a minute; more are answered 429. */
  lookupsPerMinute: z.number().int().positive().max(10_000),
  /** Requests for known customers by id (batch, working set; up to 500 ids each) one agent may make in a minute. */
  batchesPerMinute: z.number().int().positive().max(10_000),
  /** How long a desktop's digest key lives before the service issues a new one (a new session always gets a new one). */
  digestKeyHours: z.number().positive().max(24 * 7),
});
export type LookupLimits = z.infer<typeof LookupLimits>;

export const BUNDLED_LOOKUP_LIMITS: LookupLimits = LookupLimits.parse(bundled);
