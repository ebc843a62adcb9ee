import type { ActionDecision } from '../policy/guardedActions';
import { seesContactDetailsInFull, type DetailViewer } from './redactCustomer';

/**
 * The role's reveal right (canPerform), narrowed the way the case service narrows it
 * (seesContactDetailsInFull): branch staff reveal only their own branch's customers. The console
 * disables Reveal with this reason instead of letting the service refuse it.
 */
export function revealDecision(permitted: ActionDecision, viewer: DetailViewer | null, customer: { branchId: string }): ActionDecision {
  if (!permitted.allowed || !viewer || seesContactDetailsInFull(viewer, customer)) return permitted;
  return { allowed: false, code: 'not_permitted', reason: `You can reveal masked values only for customers of branch ${viewer.branchId ?? '(none)'}; this customer banks at ${customer.branchId}.` };
}
