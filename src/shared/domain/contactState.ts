import { z } from 'zod';
import { Channel } from './enums';
import { IsoInstant } from './customer';

/** A contact recorded on a customer apart from any case (stream CT-…), folded from its events. */
export const ContactState = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  channel: Channel,
  direction: z.enum(['inbound', 'outbound']),
  source: z.enum(['cti', 'link', 'search', 'walk_in', 'manual']),
  externalId: z.string().nullable(),
  agentId: z.string(),
  startedAt: IsoInstant,
  endedAt: IsoInstant.nullable(),
  outcome: z.enum(['linked', 'no_case_needed', 'abandoned']).nullable(),
  caseIds: z.array(z.string()),
  summary: z.string().nullable(),
  verifiedAt: IsoInstant.nullable(),
  updatedAt: IsoInstant,
});
export type ContactState = z.infer<typeof ContactState>;
