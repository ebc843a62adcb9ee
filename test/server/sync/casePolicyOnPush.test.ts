import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { loadPolicyConfig } from '../../../src/server/sync/policyConfig';
import { SLA_ACTOR_ID } from '../../../src/shared/domain/agent';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import type { PushOutcome } from '../../../src/shared/sync/protocol';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { caseCreated, makeEvent, newCaseId } from '../helpers/events';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const AT = new Date(NOW.getTime() - 10 * 60_000);
const LATER = new Date(NOW.getTime() - 5 * 60_000);

// The demo bank's people, as the attacks used them.
const ALEX = 'AGT-001'; // Tier 1, T1-EAST: the attacker with only an HTTP client
const JORDAN = 'AGT-002'; // Tier 1, T1-EAST
const GRACE = 'AGT-007'; // Tier 1, T1-WEST
const RACHEL = 'AGT-014'; // supervisor, T1-EAST
const TOMAS = 'AGT-017'; // specialist, T2-AML
const OLIVIA = 'AGT-016'; // compliance
const CUSTOMER = 'CUS-100001';
const TRANSACTION = 'TXN-100001';

const device = (agentId: string) => `device-${agentId}`;

type Pushed = { event: CaseEvent; outcome: PushOutcome };

function reasonOf(outcome: PushOutcome | undefined): string {
  return outcome?.outcome === 'rejected' ? outcome.reason : `(${outcome?.outcome ?? 'no answer'})`;
}

describeEachBackend(
  'the case policy on every pushed event',
  (suite) => {
    /** Pushes as a signed-in agent from their own device (or the one given). */
    const push = (agentId: string, events: CaseEvent[], deviceId = device(agentId)) =>
      suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: { agentId, deviceId }, now: NOW }));
    const pushOne = async (agentId: string, event: CaseEvent, deviceId?: string): Promise<Pushed> => {
      const [outcome] = await push(agentId, [event], deviceId);
      if (!outcome) throw new Error('no outcome');
      return { event, outcome };
    };
    const byService = (events: CaseEvent[]) => suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: null, now: NOW }));
    const state = async (caseId: string) => (await suite.db.query<{ state: CaseState }>('SELECT state FROM cases WHERE case_id = $1', [caseId])).rows[0]?.state;
    const ev = <T extends Parameters<typeof makeEvent>[0]>(type: T, caseId: string, actorId: string, payload: Parameters<typeof makeEvent<T>>[1]['payload'], at = LATER) =>
      makeEvent(type, { caseId, actorId, at, payload, deviceId: device(actorId) });
    const expectRefused = (pushed: Pushed, reason: RegExp) => {
      expect(pushed.outcome.outcome, reasonOf(pushed.outcome)).toBe('rejected');
      expect(reasonOf(pushed.outcome)).toMatch(reason);
    };
    const expectApplied = (pushed: Pushed) => expect(pushed.outcome.outcome, reasonOf(pushed.outcome)).toBe('applied');

    /** A case its owner opened in their team's queue, with a phone contact of theirs in progress on it. */
    const openCase = async (ownerId: string, queueId: string, customerId: string | null = CUSTOMER, caseType: 'complaint' | 'aml_investigation' = 'complaint') => {
      const caseId = newCaseId();
      const created = makeEvent('case.created', {
        caseId,
        actorId: ownerId,
        at: AT,
        deviceId: device(ownerId),
        payload: { customerId, caseType, severity: 'S3', channel: 'phone', subject: 'Test', ownerId, queueId },
      });
      const linked = makeEvent('contact.linked', { caseId, actorId: ownerId, at: AT, deviceId: device(ownerId), payload: { contactId: `CT-${caseId}`, channel: 'phone', direction: 'inbound', summary: 'Called about a fee' } });
      const outcomes = await push(ownerId, [created, linked]);
      expect(outcomes.map(reasonOf)).toEqual(['(applied)', '(applied)']);
      return caseId;
    };
    const verifiedCase = async (ownerId: string, queueId: string) => {
      const caseId = await openCase(ownerId, queueId);
      expectApplied(await pushOne(ownerId, ev('customer.verified', caseId, ownerId, { customerId: CUSTOMER, method: 'security_questions' })));
      return caseId;
    };
    const refund = (caseId: string, actorId: string, requestId: string, amountCents: number, approval: 'none' | 'supervisor' | 'finance_legal', transactionId: string | undefined = TRANSACTION) =>
      ev('remediation.requested', caseId, actorId, { requestId, kind: 'refund', amountCents, reason: 'Duplicate charge', approval, ...(transactionId ? { transactionId } : {}) });

    describe('the attacks from the issue are refused, with a reason a person understands', () => {
      it("reassigning another team's case to oneself, and closing it", async () => {
        const westCase = await openCase(GRACE, 'T1-WEST');
        expectRefused(await pushOne(ALEX, ev('owner.assigned', westCase, ALEX, { ownerId: ALEX, from: GRACE })), /cannot assign a case to someone else|cannot/);
        expectApplied(await pushOne(GRACE, ev('case.resolved', westCase, GRACE, { resolution: 'Card sent' })));
        const resolutionEventId = (await state(westCase))!.resolutionEventId!;
        expectRefused(await pushOne(ALEX, ev('case.closed', westCase, ALEX, { resolutionEventId })), /outside what your role \(Tier 1 agent\) may see or change/);
        expect((await state(westCase))).toMatchObject({ ownerId: GRACE, status: 'resolved' });
      });

      it('escalating to level 4 with automatic: true', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        expectRefused(await pushOne(ALEX, ev('case.escalated', own, ALEX, { level: 4, toOwnerId: ALEX, reason: 'SLA breach', automatic: true })), /automatic escalations are made by the case service itself/);
        expect((await state(own))?.escalationLevel).toBe(1);
      });

      it("recording customer.verified on someone else's case", async () => {
        const jordans = await openCase(JORDAN, 'T1-EAST');
        expectRefused(await pushOne(ALEX, ev('customer.verified', jordans, ALEX, { customerId: CUSTOMER, method: 'security_questions' })), /see this case but not change it|outside what your role/);
        expect((await state(jordans))?.verifiedAt).toBeNull();
      });

      it('adding a note to an AML investigation', async () => {
        const aml = await openCase(TOMAS, 'AML', CUSTOMER, 'aml_investigation');
        expectRefused(await pushOne(ALEX, ev('note.added', aml, ALEX, { text: 'Looking around' })), /aml investigation cases are restricted to their specialist team and compliance/);
        expect((await state(aml))?.noteCount).toBe(0);
      });

      it('settling a conflict', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        await push(ALEX, [ev('severity.set', own, ALEX, { severity: 'S2', from: 'S3' }), ev('severity.set', own, ALEX, { severity: 'S1', from: 'S3' })]);
        const conflict = (await state(own))!.conflicts[0]!;
        expectRefused(await pushOne(ALEX, ev('conflict.settled', own, ALEX, { conflictId: conflict.conflictId, keepEventId: conflict.sides[1].eventId })), /Tier 1 agent\) cannot settle/);
        expect((await state(own))?.conflicts).toHaveLength(1);
      });

      it('ten $100 refunds on one transaction: only the first is within a Tier 1 limit', async () => {
        const own = await verifiedCase(ALEX, 'T1-EAST');
        const outcomes = await push(ALEX, Array.from({ length: 10 }, (_, i) => refund(own, ALEX, `R-${own}-${i}`, 10_000, 'none')));
        expect(outcomes.map((o) => o.outcome)).toEqual(['applied', ...Array(9).fill('rejected')]);
        expect(reasonOf(outcomes[1])).toMatch(/\$200\.00 with what was already requested on this (case|transaction).*supervisor/);
        expect((await state(own))?.remediations.map((r) => r.amountCents)).toEqual([10_000]);
      });

      it('the sum counts across cases: a second case cannot refund the same transaction again on the spot', async () => {
        const first = await verifiedCase(ALEX, 'T1-EAST');
        const second = await verifiedCase(ALEX, 'T1-EAST');
        const transactionId = 'TXN-100002';
        expectApplied(await pushOne(ALEX, refund(first, ALEX, `R-${first}`, 6_000, 'none', transactionId)));
        expectRefused(await pushOne(ALEX, refund(second, ALEX, `R-${second}`, 6_000, 'none', transactionId)), /\$120\.00 with what was already requested on this transaction/);
      });

      it('the same refund requested twice while the first waits for a decision', async () => {
        const own = await verifiedCase(ALEX, 'T1-EAST');
        const transactionId = 'TXN-100003';
        expectApplied(await pushOne(ALEX, refund(own, ALEX, `R1-${own}`, 15_000, 'supervisor', transactionId)));
        expectRefused(await pushOne(ALEX, refund(own, ALEX, `R2-${own}`, 15_000, 'supervisor', transactionId)), /already waiting for a decision/);
        const other = await verifiedCase(ALEX, 'T1-EAST');
        expectRefused(await pushOne(ALEX, refund(other, ALEX, `R3-${other}`, 15_000, 'supervisor', transactionId)), /already waiting for a decision/);
      });

      it("a refund against another customer's transaction", async () => {
        const own = await verifiedCase(ALEX, 'T1-EAST');
        expectRefused(await pushOne(ALEX, refund(own, ALEX, `R-${own}`, 1_000, 'none', 'TXN-OTHER')), /not on the account of this case's customer/);
      });

      it('a message.sent dated 2001, and one older than the offline window', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        const ancient = ev('message.sent', own, ALEX, { channel: 'email', kind: 'status_update', summary: 'We are on it' }, new Date('2001-01-01T00:00:00.000Z'));
        expectRefused(await pushOne(ALEX, ancient), /before case .* existed/);
        const stale = ev('message.sent', own, ALEX, { channel: 'email', kind: 'status_update', summary: 'We are on it' }, new Date(NOW.getTime() - 73 * 3_600_000));
        expectRefused(await pushOne(ALEX, stale), /events older than 72 h offline are not accepted|before case/);
      });

      it("an event whose deviceId is not the session's device", async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        expectRefused(await pushOne(ALEX, ev('note.added', own, ALEX, { text: 'From elsewhere' }), 'another-device'), /comes from device device-AGT-001, but this session was opened on device another-device/);
      });

      it('an event authored by someone other than the signed-in agent', async () => {
        const jordans = await openCase(JORDAN, 'T1-EAST');
        expectRefused(await pushOne(ALEX, ev('note.added', jordans, JORDAN, { text: 'Pretending' })), /authored by AGT-002, but AGT-001 is the one signed in/);
      });

      it('a refusal never blocks the events behind it', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        const outcomes = await push(ALEX, [ev('case.escalated', own, ALEX, { level: 4, toOwnerId: ALEX, reason: 'x', automatic: true }), ev('note.added', own, ALEX, { text: 'Still here' })]);
        expect(outcomes.map((o) => o.outcome)).toEqual(['rejected', 'applied']);
      });
    });

    describe('the legitimate counterparts are accepted', () => {
      it('the team supervisor reassigns within the team; the owner resolves and closes', async () => {
        const jordans = await openCase(JORDAN, 'T1-EAST');
        expectApplied(await pushOne(RACHEL, ev('owner.assigned', jordans, RACHEL, { ownerId: ALEX, from: JORDAN })));
        expectApplied(await pushOne(ALEX, ev('case.resolved', jordans, ALEX, { resolution: 'Fee refunded' })));
        const resolutionEventId = (await state(jordans))!.resolutionEventId!;
        expectApplied(await pushOne(ALEX, ev('case.closed', jordans, ALEX, { resolutionEventId })));
      });

      it('the service itself escalates automatically', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        const [outcome] = await byService([makeEvent('case.escalated', { caseId: own, actorId: SLA_ACTOR_ID, at: NOW, payload: { level: 2, toOwnerId: RACHEL, reason: 'First response overdue', automatic: true } })]);
        expect(outcome?.outcome).toBe('applied');
        expect((await state(own))?.escalationLevel).toBe(2);
      });

      it('a manual escalation by the owner', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        expectApplied(await pushOne(ALEX, ev('case.escalated', own, ALEX, { level: 2, toOwnerId: RACHEL, reason: 'Customer asks for a manager', automatic: false })));
      });

      it('the owner verifies the customer during their contact (not without one)', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        expectApplied(await pushOne(ALEX, ev('customer.verified', own, ALEX, { customerId: CUSTOMER, method: 'one_time_code' })));
        const caseId = newCaseId();
        await push(ALEX, [caseCreated(caseId, ALEX, AT, CUSTOMER, 'T1-EAST', device(ALEX))]);
        expectRefused(await pushOne(ALEX, ev('customer.verified', caseId, ALEX, { customerId: CUSTOMER, method: 'one_time_code' })), /verify the customer during a contact/);
      });

      it('the AML specialist and compliance note the AML case', async () => {
        const aml = await openCase(TOMAS, 'AML', CUSTOMER, 'aml_investigation');
        expectApplied(await pushOne(TOMAS, ev('note.added', aml, TOMAS, { text: 'Pattern of structuring' })));
      });

      it('the team supervisor settles a conflict', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        await push(ALEX, [ev('severity.set', own, ALEX, { severity: 'S2', from: 'S3' }), ev('severity.set', own, ALEX, { severity: 'S1', from: 'S3' })]);
        const conflict = (await state(own))!.conflicts[0]!;
        expectApplied(await pushOne(RACHEL, ev('conflict.settled', own, RACHEL, { conflictId: conflict.conflictId, keepEventId: conflict.sides[1].eventId })));
        expect((await state(own))).toMatchObject({ conflicts: [], severity: 'S1' });
      });

      it('one $100 refund on the spot; a larger one waits for the supervisor, who approves it, but never their own', async () => {
        const own = await verifiedCase(ALEX, 'T1-EAST');
        expectApplied(await pushOne(ALEX, refund(own, ALEX, `R-${own}`, 10_000, 'none', 'TXN-100004')));
        expectApplied(await pushOne(ALEX, refund(own, ALEX, `S-${own}`, 20_000, 'supervisor', 'TXN-100005')));
        expectRefused(await pushOne(ALEX, ev('remediation.approved', own, ALEX, { requestId: `S-${own}` })), /Tier 1 agent\) cannot approve a remediation/);
        expectApplied(await pushOne(RACHEL, ev('remediation.approved', own, RACHEL, { requestId: `S-${own}` })));
        const hers = await verifiedCase(RACHEL, 'T1-EAST');
        expectApplied(await pushOne(RACHEL, refund(hers, RACHEL, `S-${hers}`, 300_000, 'finance_legal', 'TXN-100006')));
        expectRefused(await pushOne(RACHEL, ev('remediation.approved', hers, RACHEL, { requestId: `S-${hers}` })), /nobody may approve their own remediation request/);
        expectApplied(await pushOne(OLIVIA, ev('remediation.approved', hers, OLIVIA, { requestId: `S-${hers}` })));
      });

      it('a message recorded 71 hours ago offline, from the session device', async () => {
        const caseId = newCaseId();
        const longAgo = new Date(NOW.getTime() - 71 * 3_600_000);
        const outcomes = await push(ALEX, [caseCreated(caseId, ALEX, longAgo, CUSTOMER, 'T1-EAST', device(ALEX)), ev('message.sent', caseId, ALEX, { channel: 'email', kind: 'status_update', summary: 'We are on it' }, longAgo)]);
        expect(outcomes.map(reasonOf)).toEqual(['(applied)', '(applied)']);
      });

      it('the received time is the service clock, whatever the event says', async () => {
        const own = await openCase(ALEX, 'T1-EAST');
        const { rows } = await suite.db.query<{ received_at: unknown }>('SELECT received_at FROM case_events WHERE case_id = $1', [own]);
        expect(rows.map((row) => new Date(row.received_at as string).toISOString())).toEqual([NOW.toISOString(), NOW.toISOString()]);
      });
    });
  },
  async (db) => {
    await migrate(db);
    await insertAgents(db, [
      { id: ALEX, role: 'tier1_agent', teamId: 'T1-EAST', skills: ['senior'] },
      { id: JORDAN, role: 'tier1_agent', teamId: 'T1-EAST' },
      { id: GRACE, role: 'tier1_agent', teamId: 'T1-WEST', skills: ['senior'] },
      { id: RACHEL, role: 'supervisor', teamId: 'T1-EAST' },
      { id: TOMAS, role: 'specialist', teamId: 'T2-AML', skills: ['aml'] },
      { id: OLIVIA, role: 'compliance', teamId: 'COMPLIANCE' },
    ]);
    await insertCustomers(db, [{ id: CUSTOMER }, { id: 'CUS-OTHER' }]);
    for (const [customerId, account] of [[CUSTOMER, 'ACC-1'], ['CUS-OTHER', 'ACC-2']] as const) {
      await db.query(
        "INSERT INTO accounts (id, customer_id, kind, account_number, masked_number, last4, balance_cents, pending_cents, pending_count, currency, opened_on) VALUES ($1, $2, 'checking', $1 || '-000', '••••0000', '0000', 0, 0, 0, 'USD', '2020-01-01')",
        [account, customerId],
      );
    }
    for (const [id, account] of [[TRANSACTION, 'ACC-1'], ['TXN-100002', 'ACC-1'], ['TXN-100003', 'ACC-1'], ['TXN-100004', 'ACC-1'], ['TXN-100005', 'ACC-1'], ['TXN-100006', 'ACC-1'], ['TXN-OTHER', 'ACC-2']] as const) {
      const customerId = account === 'ACC-1' ? CUSTOMER : 'CUS-OTHER';
      await db.query("INSERT INTO transactions (id, account_id, customer_id, posted_at, description, amount_cents, status) VALUES ($1, $2, $3, '2026-02-20T10:00:00Z', 'Card purchase', -500000, 'posted')", [id, account, customerId]);
    }
  },
);

describe('loadPolicyConfig', () => {
  it('loads the shipped roles, queues, limits and approvers', async () => {
    const loaded = await loadPolicyConfig();
    expect(loaded.ok && loaded.config.remediation?.approvers.approvers.supervisor).toEqual(['supervisor']);
    expect(loaded.ok && loaded.config.roles.offlineWindowHours).toBe(72);
  });

  it('names the file and path of a broken configuration; remediation alone breaking refuses only remediation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-config-'));
    const shipped = join(import.meta.dirname, '../../../resources');
    for (const file of ['roles.json', 'queues.json', 'remediation-limits.json']) await writeFile(join(dir, file), await readFile(join(shipped, file), 'utf8'));
    await writeFile(join(dir, 'remediation-approvers.json'), JSON.stringify({ source: 'x', approvers: { supervisor: ['supervisor'], finance_legal: ['treasurer'] } }));
    const partly = await loadPolicyConfig(dir);
    expect(partly.ok && partly.config.remediation).toBeNull();
    expect(partly.ok && partly.problems.join()).toMatch(/remediation-approvers\.json: \$\.approvers\.finance_legal\[0\]/);
    await writeFile(join(dir, 'roles.json'), JSON.stringify({ source: 'x', offlineWindowHours: -1 }));
    const broken = await loadPolicyConfig(dir);
    expect(!broken.ok && broken.reason).toMatch(/roles\.json: \$\.offlineWindowHours/);
  });
});
