import { describe, expect, it } from 'vitest';
import { canPerform } from '../../../src/shared/policy/guardedActions';
import { isMaskedEmail, isMaskedPhone, maskEmail, maskPhone } from '../../../src/shared/privacy/masking';
import { redactCustomer, seesContactDetailsInFull } from '../../../src/shared/privacy/redactCustomer';
import { revealDecision } from '../../../src/shared/privacy/revealDecision';
import { Customer } from '../../../src/shared/domain/customer';

const customer = Customer.parse({ id: 'CUS-1', fullName: 'Robert Hill', tier: 'standard', segment: 'consumer', phone: '+15550201920', email: 'robert.hill@example.com', branchId: 'BR-002', customerSince: '2015-06-01' });
const agent = { role: 'tier1_agent' as const, branchId: null };
const branchOne = { role: 'branch_staff' as const, branchId: 'BR-001' };
const branchTwo = { role: 'branch_staff' as const, branchId: 'BR-002' };
const specialist = { role: 'specialist' as const, branchId: null };

describe('customer redaction', () => {
  it('masks to what the console shows, keeps the masked form a valid customer, and masks a masked value to itself', () => {
    expect(maskPhone(customer.phone)).toBe('••• ••• 1920');
    expect(maskEmail(customer.email)).toBe('r•••@example.com');
    expect(maskPhone(maskPhone(customer.phone))).toBe('••• ••• 1920');
    expect(maskEmail(maskEmail(customer.email))).toBe('r•••@example.com');
    const masked = redactCustomer(customer, agent);
    expect(Customer.parse(masked)).toEqual(masked);
    expect(isMaskedPhone(masked.phone) && isMaskedEmail(masked.email)).toBe(true);
    expect(isMaskedPhone(customer.phone) || isMaskedEmail(customer.email)).toBe(false);
  });

  it('gives full details to the reveal right only, and to branch staff only for their branch', () => {
    expect(seesContactDetailsInFull(agent, customer)).toBe(false);
    expect(seesContactDetailsInFull(specialist, customer)).toBe(true);
    expect(seesContactDetailsInFull(branchOne, customer)).toBe(false);
    expect(seesContactDetailsInFull(branchTwo, customer)).toBe(true);
    expect(redactCustomer(customer, specialist)).toEqual(customer);
    expect(redactCustomer(customer, branchOne).phone).toBe('••• ••• 1920');
  });

  it('disables Reveal for branch staff outside their branch, saying why, as the service refuses it', () => {
    const permitted = (viewer: typeof branchOne) => revealDecision(canPerform('reveal_sensitive', { role: viewer.role, verified: true }), viewer, customer);
    expect(permitted(branchTwo)).toEqual({ allowed: true });
    expect(permitted(branchOne)).toEqual({ allowed: false, code: 'not_permitted', reason: 'You can reveal masked values only for customers of branch BR-001; this customer banks at BR-002.' });
    expect(revealDecision(canPerform('reveal_sensitive', { role: 'tier1_agent', verified: true }), agent, customer).allowed).toBe(false);
  });
});
