import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { loadPolicyConfig } from '../../../src/server/sync/policyConfig';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { PushOutcome } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { makeEvent, newCaseId } from '../helpers/events';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const AT = new Date(NOW.getTime() - 10 * 60_000);
const ALEX = 'AGT-001';
const CUSTOMER = 'CUS-100001';
const DEVICE = 'device-alex';
// The shipped fee workflow: its "Reverse the fee" step tells the customer the reversal is going through.
const FEE = { workflowId: 'billing_fee_dispute', version: 1 };

function reasonOf(outcome: PushOutcome | undefined): string {
  return outcome?.outcome === 'rejected' ? outcome.reason : `(${outcome?.outcome ?? 'no answer'})`;
}

describeEachBackend(
  'a workflow step whose purpose is a remediation, on push',
  (suite) => {
    const push = async (events: CaseEvent[]) => (await suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: { agentId: ALEX, deviceId: DEVICE }, now: NOW }))).map(reasonOf);
    const ev = <T extends Parameters<typeof makeEvent>[0]>(type: T, caseId: string, payload: Parameters<typeof makeEvent<T>>[1]['payload']) =>
      makeEvent(type, { caseId, actorId: ALEX, at: AT, deviceId: DEVICE, payload });
    /** Alex's fee case with the customer verified on the call and the fee workflow under way. */
    const feeCase = async () => {
      const caseId = newCaseId();
      const outcomes = await push([
        ev('case.created', caseId, { customerId: CUSTOMER, caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Overdraft fee', ownerId: ALEX, queueId: 'T1-EAST' }),
        ev('contact.linked', caseId, { contactId: `CT-${caseId}`, channel: 'phone', direction: 'inbound', summary: 'Called about a fee' }),
        ev('customer.verified', caseId, { customerId: CUSTOMER, method: 'security_questions' }),
        ev('workflow.started', caseId, FEE),
      ]);
      expect(outcomes).toEqual(['(applied)', '(applied)', '(applied)', '(applied)']);
      return caseId;
    };
    const completeReversal = (caseId: string) => ev('workflow.step_completed', caseId, { ...FEE, stepId: 'reverse_fee' });
    const requestReversal = (caseId: string) =>
      ev('remediation.requested', caseId, { requestId: `R-${caseId}`, kind: 'fee_reversal', amountCents: 3_500, reason: 'Charged in error', approval: 'none' });

    it('refuses "Reverse the fee" completed with no reversal requested, saying why, whatever the desktop claims', async () => {
      const caseId = await feeCase();
      const [outcome] = await push([completeReversal(caseId)]);
      expect(outcome).toMatch(/^step "Reverse the fee" cannot be completed: Fee reversal has not been requested: this step tells the customer it is being done, so request it first/);
      const { rows } = await suite.db.query('SELECT 1 FROM case_events WHERE case_id = $1 AND type = $2', [caseId, 'workflow.step_completed']);
      expect(rows).toHaveLength(0);
    });

    it('accepts it once the reversal was requested, in an earlier push or earlier in the same batch', async () => {
      const first = await feeCase();
      expect(await push([requestReversal(first)])).toEqual(['(applied)']);
      expect(await push([completeReversal(first)])).toEqual(['(applied)']);
      const second = await feeCase();
      expect(await push([requestReversal(second), completeReversal(second)])).toEqual(['(applied)', '(applied)']);
    });

    it('a refused request does not count: the completion behind it is refused too', async () => {
      const caseId = await feeCase();
      const tooMuch = { ...requestReversal(caseId), payload: { ...requestReversal(caseId).payload, amountCents: 10_000_000 } };
      const outcomes = await push([tooMuch, completeReversal(caseId)]);
      expect(outcomes[0]).not.toBe('(applied)');
      expect(outcomes[1]).toMatch(/Fee reversal has not been requested/);
    });

    it('other steps complete as before; a workflow or step the service does not hold is refused, not waved through', async () => {
      const caseId = await feeCase();
      expect(await push([ev('workflow.step_completed', caseId, { ...FEE, stepId: 'assess_fee' })])).toEqual(['(applied)']);
      expect((await push([ev('workflow.step_completed', caseId, { ...FEE, version: 99, stepId: 'reverse_fee' })]))[0]).toMatch(/version 99 is not installed .*on the case service/);
      expect((await push([ev('workflow.step_completed', caseId, { ...FEE, stepId: 'skip_everything' })]))[0]).toMatch(/has no step "skip_everything"/);
    });
  },
  async (db) => {
    await migrate(db);
    await insertAgents(db, [{ id: ALEX, role: 'tier1_agent', teamId: 'T1-EAST' }]);
    await insertCustomers(db, [{ id: CUSTOMER }]);
  },
);

describe('the service loads the workflow definitions with its policy', () => {
  it('holds the shipped fee workflow', async () => {
    const loaded = await loadPolicyConfig();
    expect(loaded.ok && loaded.config.workflows?.definitions.has('billing_fee_dispute@1')).toBe(true);
  });
});
