import type { CaseEvent } from '../domain/caseEvent';
import type { ContactState } from '../domain/contactState';

/**
 * A contact stream (CT-…) folded like a case: started once, identified when an unknown caller
 * turns out to be a customer, ended once (linked to cases, or no case needed). Events that do
 * not belong to a contact stream are ignored, so a replica always converges.
 */
export function applyContactEvent(state: ContactState | null, event: CaseEvent): ContactState | null {
  if (event.type === 'contact.started') {
    if (state) return state; // a retried start never resets a contact
    const p = event.payload;
    return {
      id: event.caseId,
      customerId: p.customerId,
      channel: p.channel,
      direction: p.direction,
      source: p.source,
      externalId: p.externalId ?? null,
      agentId: event.actorId,
      startedAt: event.at,
      endedAt: null,
      outcome: null,
      caseIds: [],
      summary: null,
      verifiedAt: null,
      updatedAt: event.at,
    };
  }
  if (!state) return null;
  const updatedAt = event.at > state.updatedAt ? event.at : state.updatedAt;
  switch (event.type) {
    case 'contact.identified':
      return state.customerId === null ? { ...state, customerId: event.payload.customerId, updatedAt } : { ...state, updatedAt };
    case 'customer.verified':
      return { ...state, verifiedAt: event.at, updatedAt };
    case 'contact.ended':
      if (state.endedAt !== null) return { ...state, updatedAt };
      return { ...state, endedAt: event.at, outcome: event.payload.outcome, caseIds: [...event.payload.caseIds], summary: event.payload.summary ?? null, updatedAt };
    default:
      return state;
  }
}

export function foldContact(events: readonly CaseEvent[]): ContactState | null {
  let state: ContactState | null = null;
  for (const event of events) state = applyContactEvent(state, event);
  return state;
}
