import type { CaseState } from '../domain/caseState';
import { OPEN_STATUSES, type CaseType, type Channel, type Severity } from '../domain/enums';

/**
 * Which case a new contact is recorded on. An intake carries a channel but no case type, so:
 *
 * 1. If the contact names a case (`caseId`) that is open and belongs to this customer (or, for
 *    an unknown caller, has no customer), it is linked there.
 * 2. Otherwise the contact is about the named case's type when it named one of this customer's
 *    cases (even a closed one: "I'm calling about my dispute"), else it is a general inquiry.
 *    It is linked to this customer's most recently updated open case of that type...
 * 3. ...or, when there is none, a new case of that type is opened for it.
 *
 * An unknown caller always gets a new general inquiry (there is nobody whose cases to search),
 * unless rule 1 applies. The agent can re-type or move the contact afterwards; what matters at
 * pop time is that no contact goes unrecorded and repeat callers land on their open case.
 */
export type ContactPlacement =
  | { kind: 'link'; caseId: string; rule: 'named_case' | 'open_case_of_type' }
  | { kind: 'create'; caseType: CaseType; severity: Severity };

export interface PlacementInput {
  customerId: string | null;
  /** The case the contact named, if any. */
  namedCaseId?: string | undefined;
  /** Every case of this customer the desktop knows (any status); for an unknown caller, the named case if known. */
  cases: readonly CaseState[];
}

export function placeContact({ customerId, namedCaseId, cases }: PlacementInput): ContactPlacement {
  const named = namedCaseId ? cases.find((state) => state.id === namedCaseId && state.customerId === customerId) : undefined;
  if (named && isOpen(named)) return { kind: 'link', caseId: named.id, rule: 'named_case' };
  if (customerId === null) return { kind: 'create', caseType: 'general_inquiry', severity: 'S4' };
  const caseType: CaseType = named?.caseType ?? 'general_inquiry';
  const sameType = cases
    .filter((state) => state.customerId === customerId && state.caseType === caseType && isOpen(state))
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1));
  const newest = sameType[0];
  if (newest) return { kind: 'link', caseId: newest.id, rule: 'open_case_of_type' };
  return { kind: 'create', caseType, severity: named?.severity ?? 'S4' };
}

function isOpen(state: CaseState): boolean {
  return OPEN_STATUSES.includes(state.status);
}

/** Subject of a case opened for a contact, until the agent writes a better one. */
export function subjectForNewContactCase(caseType: CaseType, channel: Channel, knownCustomer: boolean): string {
  const how = { phone: 'Call', chat: 'Chat', secure_message: 'Secure message', email: 'E-mail', sms: 'SMS', walk_in: 'Walk-in' }[channel];
  if (!knownCustomer) return `${how} from an unknown contact`;
  return caseType === 'general_inquiry' ? `${how}, reason not recorded yet` : `${how} about an earlier case`;
}

/**
 * A case reference made on this desktop, unique without asking the service (it may be
 * offline): creation time in base 36 plus random characters. `random` yields [0, 1).
 */
export function newDesktopCaseId(nowMs: number, random: () => number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let suffix = '';
  for (let i = 0; i < 6; i += 1) suffix += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return `CASE-D${nowMs.toString(36).toUpperCase()}${suffix}`;
}
