import type { CaseState } from '../domain/caseState';
import { OPEN_STATUSES, type CaseType, type Channel, type Severity } from '../domain/enums';

/**
 * A contact (pop, search) is recorded on the customer, not on a case: the agent then links it
 * to one of the customer's open cases or opens a new one. This orders the open cases so the
 * likeliest comes first:
 *
 * 1. the open case the contact named (a case reference read out, or carried by the telephony);
 * 2. open cases of the named case's type ("I'm calling about my dispute", even if that one closed);
 * 3. open cases already worked on this contact's channel;
 * 4. within each, the most recently updated first.
 *
 * Cases of another customer never qualify (an unknown caller only matches unknown-caller cases).
 */
export interface ContactCaseInput {
  customerId: string | null;
  channel: Channel;
  /** The case the contact named, if any. */
  namedCaseId?: string | undefined;
  /** Every case of this customer the desktop knows (any status); for an unknown caller, the named case if known. */
  cases: readonly CaseState[];
}

export interface RankedCase {
  state: CaseState;
  why: 'named_case' | 'same_type' | 'same_channel' | 'recent';
}

export function rankCasesForContact({ customerId, channel, namedCaseId, cases }: ContactCaseInput): RankedCase[] {
  const named = namedCaseId ? cases.find((state) => state.id === namedCaseId && state.customerId === customerId) : undefined;
  const why = (state: CaseState): RankedCase['why'] => {
    if (named && state.id === named.id) return 'named_case';
    if (named && state.caseType === named.caseType) return 'same_type';
    if (state.channels.includes(channel)) return 'same_channel';
    return 'recent';
  };
  const order: Record<RankedCase['why'], number> = { named_case: 0, same_type: 1, same_channel: 2, recent: 3 };
  return cases
    .filter((state) => state.customerId === customerId && OPEN_STATUSES.includes(state.status))
    .map((state) => ({ state, why: why(state) }))
    .sort((a, b) => order[a.why] - order[b.why] || (a.state.updatedAt < b.state.updatedAt ? 1 : a.state.updatedAt > b.state.updatedAt ? -1 : a.state.id < b.state.id ? 1 : -1));
}

/** What a new case for this contact starts as, before the agent chooses: the named case's type and severity, else a general inquiry. */
export function newCaseDefaults(named: CaseState | undefined): { caseType: CaseType; severity: Severity } {
  return named ? { caseType: named.caseType, severity: named.severity } : { caseType: 'general_inquiry', severity: 'S4' };
}

/** Subject of a case opened for a contact, until the agent writes a better one. */
export function subjectForNewContactCase(caseType: CaseType, channel: Channel, knownCustomer: boolean): string {
  const how = { phone: 'Call', chat: 'Chat', secure_message: 'Secure message', in_app_message: 'In-app message', email: 'E-mail', sms: 'SMS', walk_in: 'Walk-in' }[channel];
  if (!knownCustomer) return `${how} from an unknown contact`;
  return caseType === 'general_inquiry' ? `${how}, reason not recorded yet` : `${how} about an earlier case`;
}
