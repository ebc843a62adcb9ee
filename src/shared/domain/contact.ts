import { z } from 'zod';
import { Channel } from './enums';

/** One touch on one channel; a case links every contact, so moving channel keeps context. */
export const Contact = z.object({
  contactId: z.string().min(1),
  channel: Channel,
  direction: z.enum(['inbound', 'outbound']),
  summary: z.string().max(500).default(''),
});
export type Contact = z.infer<typeof Contact>;
