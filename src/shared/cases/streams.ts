import type { CaseEventType } from '../domain/caseEvent';

/**
 * Every event belongs to a stream, named by the envelope's `caseId`: a case (`AC-…`, older demo
 * and desktop formats too) or a contact recorded on a customer apart from any case (`CT-…`).
 * Both kinds travel through the same journal, push, pull and policy; they fold differently.
 */
export type StreamKind = 'case' | 'contact';

const CONTACT_STREAM_PREFIX = 'CT-';

export function streamKindOf(streamId: string): StreamKind {
  return streamId.startsWith(CONTACT_STREAM_PREFIX) ? 'contact' : 'case';
}

/** Events that belong to contact streams; `customer.verified` may be recorded on either kind. */
const CONTACT_STREAM_EVENTS: readonly CaseEventType[] = ['contact.started', 'contact.identified', 'contact.ended', 'customer.verified'];
const BOTH: readonly CaseEventType[] = ['customer.verified'];

/** Whether an event of this type may be written to a stream of this kind. */
export function eventFitsStream(type: CaseEventType, kind: StreamKind): boolean {
  if (BOTH.includes(type)) return true;
  return CONTACT_STREAM_EVENTS.includes(type) === (kind === 'contact');
}

/**
 * Letters and digits that cannot be misheard or misread for one another over the phone or on
 * paper: no 0/O, no 1/I. 32 symbols, so one random byte modulo 32 keeps them equally likely.
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const GROUP = 5;

/**
 * The one reference format of every case, whatever created it (pop, walk-in, search, service):
 * `AC-XXXXX-XXXXX`, 50 random bits made where the case is opened (offline too), so two desks
 * would need about 30 million cases between them for a 1-in-a-million chance of the same one.
 * `randomBytes` must fill its argument from a cryptographic source (crypto.getRandomValues).
 */
export function newCaseReference(randomBytes: (bytes: Uint8Array) => Uint8Array): string {
  return `AC-${randomGroups(randomBytes)}`;
}

/** The stream id of a new contact: `CT-XXXXX-XXXXX`. */
export function newContactId(randomBytes: (bytes: Uint8Array) => Uint8Array): string {
  return `${CONTACT_STREAM_PREFIX}${randomGroups(randomBytes)}`;
}

function randomGroups(randomBytes: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = randomBytes(new Uint8Array(GROUP * 2));
  const chars = Array.from(bytes, (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('');
  return `${chars.slice(0, GROUP)}-${chars.slice(GROUP)}`;
}

export const CASE_REFERENCE = /^AC-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/;

/**
 * What a person typed or read out, as a reference if it is one: case and separators do not
 * matter ("ac 7k4mp 9qx2h" finds AC-7K4MP-9QX2H). Null when it cannot be a case reference.
 */
export function normaliseCaseReference(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-_.]/g, '');
  const body = compact.startsWith('AC') ? compact.slice(2) : compact;
  if (body.length !== GROUP * 2 || ![...body].every((char) => REFERENCE_ALPHABET.includes(char))) return null;
  return `AC-${body.slice(0, GROUP)}-${body.slice(GROUP)}`;
}
