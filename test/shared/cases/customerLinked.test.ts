import { describe, expect, it } from 'vitest';
import { foldCase } from '../../../src/shared/cases/reducer';
import { makeEvent } from '../eventFactory';

describe('customer.linked', () => {
  const unknownCaller = () =>
    makeEvent('case.created', { customerId: null, caseType: 'general_inquiry', severity: 'S4', channel: 'phone', subject: 'Call from an unknown contact', ownerId: 'agent-1' });

  it('ties an unknown caller’s case to the customer found later', () => {
    expect(foldCase([unknownCaller(), makeEvent('customer.linked', { customerId: 'CUS-000042' })])?.customerId).toBe('CUS-000042');
  });

  it('never moves a case that already has a customer', () => {
    const created = makeEvent('case.created', { customerId: 'CUS-1', caseType: 'fraud', severity: 'S1', channel: 'phone', subject: 'Card stolen', ownerId: 'agent-1' });
    expect(foldCase([created, makeEvent('customer.linked', { customerId: 'CUS-2' })])?.customerId).toBe('CUS-1');
    expect(foldCase([unknownCaller(), makeEvent('customer.linked', { customerId: 'CUS-7' }), makeEvent('customer.linked', { customerId: 'CUS-8' })])?.customerId).toBe('CUS-7');
  });
});
