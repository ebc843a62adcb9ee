import type { Agent } from '../domain/agent';
import type { Customer, CustomerDetail } from '../domain/customer';
import { BUNDLED_ROLES, hasPermission, type RolesConfig } from '../policy/rolesConfig';
import { maskEmail, maskPhone } from './masking';

export type DetailViewer = Pick<Agent, 'role' | 'branchId'>;

/**
 * Whether this person may receive this customer's phone number and e-mail address in full: their
 * role holds the reveal permission and, for a role that sees only its branch's work (branch
 * staff, resources/roles.json), the customer banks at their branch.
 */
export function seesContactDetailsInFull(viewer: DetailViewer, customer: Pick<Customer, 'branchId'>, roles: RolesConfig = BUNDLED_ROLES): boolean {
  if (!hasPermission(viewer.role, 'reveal_sensitive', roles)) return false;
  const sees = roles.roles[viewer.role].sees;
  const branchBound = sees.includes('branch') && !sees.includes('all') && !sees.includes('team');
  return !branchBound || (viewer.branchId !== null && viewer.branchId === customer.branchId);
}

/**
 * A customer as this person may receive them: otherwise the phone and e-mail are masked (account
 * numbers are masked for everyone; a full one only ever comes through an audited reveal). The
 * case service applies this to every answer, so an HTTP client learns no more than the console shows.
 */
export function redactCustomer(customer: Customer, viewer: DetailViewer, roles: RolesConfig = BUNDLED_ROLES): Customer {
  if (seesContactDetailsInFull(viewer, customer, roles)) return customer;
  return { ...customer, phone: maskPhone(customer.phone), email: maskEmail(customer.email) };
}

export function redactCustomerDetail(detail: CustomerDetail, viewer: DetailViewer, roles: RolesConfig = BUNDLED_ROLES): CustomerDetail {
  return { ...detail, customer: redactCustomer(detail.customer, viewer, roles) };
}
