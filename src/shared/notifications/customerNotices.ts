import type { CaseEvent } from '../domain/caseEvent';
import type { CaseState } from '../domain/caseState';
import type { NoticeKind } from './notificationTemplates';

/**
 * Which notice, if any, an applied case event owes the customer. Decided on what the event did to
 * the case (its state before and after), not on its type alone: a resolution held back as a
 * conflict, a "Wait on customer" on a case already waiting or an escalation refused by the fold
 * changed nothing the customer would see, so they tell the customer nothing. Automatic steps of
 * the escalation matrix are internal; only an escalation made by hand is announced.
 */
export function noticeFor(event: CaseEvent, before: CaseState | null, after: CaseState): NoticeKind | null {
  if (after.customerId === null) return null;
  switch (event.type) {
    case 'case.created':
      return before === null ? 'opened' : null;
    case 'customer.linked':
      // An unknown caller's case gets its customer: they hear of the request now.
      return before !== null && before.customerId === null ? 'opened' : null;
    case 'status.changed':
      if (!before || before.status === after.status) return null;
      if (after.status === 'waiting_on_customer') return 'waiting_on_customer';
      if (before.status === 'waiting_on_customer' && after.status === 'open') return 'resumed';
      return null;
    case 'case.escalated':
      return !event.payload.automatic && before !== null && after.escalationLevel > before.escalationLevel ? 'escalated' : null;
    case 'case.resolved':
      return before !== null && before.status !== 'resolved' && after.status === 'resolved' ? 'resolved' : null;
    case 'case.closed':
      return before !== null && before.status !== 'closed' && after.status === 'closed' ? 'closed' : null;
    case 'case.reopened':
      return before !== null && (before.status === 'resolved' || before.status === 'closed') && after.status === 'open' ? 'reopened' : null;
    default:
      return null;
  }
}
