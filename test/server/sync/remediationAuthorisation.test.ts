import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { loadRemediationPolicy } from '../../../src/server/sync/remediationAuthorisation';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { describeEachBackend } from '../helpers/backends';
import { caseCreated, makeEvent, newCaseId } from '../helpers/events';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const AT = new Date(NOW.getTime() - 60_000);
const TIER1 = 'AGT-T1';
const OTHER_TIER1 = 'AGT-T1B';
const SUPERVISOR = 'AGT-SUP';
const COMPLIANCE = 'AGT-CMP';

const agents = [
  [TIER1, 'wf-t1', 'tier1_agent'],
  [OTHER_TIER1, 'wf-t1b', 'tier1_agent'],
  [SUPERVISOR, 'wf-sup', 'supervisor'],
  [COMPLIANCE, 'wf-cmp', 'compliance'],
] as const;

const verified = (caseId: string, actorId: string) =>
  makeEvent('customer.verified', { caseId, actorId, at: AT, payload: { customerId: 'CUS-000001', method: 'security_questions' } });
const requested = (caseId: string, actorId: string, amountCents: number, approval: 'none' | 'supervisor' | 'finance_legal', requestId = `REQ-${caseId}`) =>
  makeEvent('remediation.requested', { caseId, actorId, at: AT, payload: { requestId, kind: 'refund', amountCents, reason: 'Duplicate charge', approval } });
const approved = (caseId: string, actorId: string, requestId = `REQ-${caseId}`) => makeEvent('remediation.approved', { caseId, actorId, at: NOW, payload: { requestId } });
const rejected = (caseId: string, actorId: string, requestId = `REQ-${caseId}`) =>
  makeEvent('remediation.rejected', { caseId, actorId, at: NOW, payload: { requestId, reason: 'Outside policy' } });

describeEachBackend(
  'remediation authorisation on push',
  (suite) => {
    const push = (authorId: string, events: unknown[]) => suite.db.transaction((tx) => applyCaseEvents(tx, events, { authorId, now: NOW }));
    const remediations = async (caseId: string) => {
      const { rows } = await suite.db.query<{ state: CaseState }>('SELECT state FROM cases WHERE case_id = $1', [caseId]);
      return rows[0]?.state.remediations ?? [];
    };
    /** A verified case owned by the Tier 1 agent. */
    const verifiedCase = async () => {
      const caseId = newCaseId();
      const outcomes = await push(TIER1, [caseCreated(caseId, TIER1, AT, 'CUS-000001'), verified(caseId, TIER1)]);
      expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied']);
      return caseId;
    };

    it('lets Tier 1 grant $100.00 on the spot but refuses $100.01 sent as within their limit', async () => {
      const caseId = await verifiedCase();
      const [atLimit, overLimit] = await push(TIER1, [requested(caseId, TIER1, 10_000, 'none', 'R1'), requested(caseId, TIER1, 10_001, 'none', 'R2')]);
      expect(atLimit?.outcome).toBe('applied');
      expect(overLimit).toMatchObject({ outcome: 'rejected' });
      expect(overLimit?.outcome === 'rejected' && overLimit.reason).toMatch(/\$100\.01 by a Tier 1 agent: needs supervisor approval.*approval "none"/);
      expect((await remediations(caseId)).map((r) => [r.requestId, r.status])).toEqual([['R1', 'approved']]);
    });

    it('refuses $2,500.01 sent for a supervisor when it needs finance/legal sign-off, and accepts it sent correctly', async () => {
      const caseId = await verifiedCase();
      const [underSigned, correct] = await push(TIER1, [requested(caseId, TIER1, 250_001, 'supervisor', 'R1'), requested(caseId, TIER1, 250_001, 'finance_legal', 'R2')]);
      expect(underSigned?.outcome === 'rejected' && underSigned.reason).toMatch(/needs finance\/legal sign-off/);
      expect(correct?.outcome).toBe('applied');
    });

    it('refuses money-moving remediation before the customer is verified', async () => {
      const caseId = newCaseId();
      const [, refund] = await push(TIER1, [caseCreated(caseId, TIER1, AT, 'CUS-000001'), requested(caseId, TIER1, 5_000, 'none')]);
      expect(refund?.outcome === 'rejected' && refund.reason).toMatch(/identity is not verified/);
    });

    it('lets a supervisor approve up to $2,500, but not a Tier 1 colleague and not above $2,500', async () => {
      const caseId = await verifiedCase();
      await push(TIER1, [requested(caseId, TIER1, 50_000, 'supervisor', 'SMALL'), requested(caseId, TIER1, 300_000, 'finance_legal', 'BIG')]);
      const [byColleague] = await push(OTHER_TIER1, [approved(caseId, OTHER_TIER1, 'SMALL')]);
      expect(byColleague?.outcome === 'rejected' && byColleague.reason).toMatch(/Tier 1 agent cannot approve a request that needs supervisor approval/);
      const [bySupervisor, bigBySupervisor] = await push(SUPERVISOR, [approved(caseId, SUPERVISOR, 'SMALL'), approved(caseId, SUPERVISOR, 'BIG')]);
      expect(bySupervisor?.outcome).toBe('applied');
      expect(bigBySupervisor?.outcome === 'rejected' && bigBySupervisor.reason).toMatch(/Supervisor cannot approve a request that needs finance\/legal sign-off/);
      const [bigByCompliance] = await push(COMPLIANCE, [rejected(caseId, COMPLIANCE, 'BIG')]);
      expect(bigByCompliance?.outcome).toBe('applied');
      expect((await remediations(caseId)).map((r) => [r.requestId, r.status, r.decidedBy])).toEqual([
        ['SMALL', 'approved', SUPERVISOR],
        ['BIG', 'rejected', COMPLIANCE],
      ]);
    });

    it('refuses deciding twice, deciding an unknown request and approving your own request', async () => {
      const caseId = newCaseId();
      await push(SUPERVISOR, [caseCreated(caseId, SUPERVISOR, AT, 'CUS-000001'), verified(caseId, SUPERVISOR), requested(caseId, SUPERVISOR, 300_000, 'finance_legal', 'OWN')]);
      const [own] = await push(SUPERVISOR, [rejected(caseId, SUPERVISOR, 'OWN')]);
      expect(own?.outcome === 'rejected' && own.reason).toMatch(/their own remediation request/);
      const [first, second, unknown] = await push(COMPLIANCE, [approved(caseId, COMPLIANCE, 'OWN'), rejected(caseId, COMPLIANCE, 'OWN'), approved(caseId, COMPLIANCE, 'NOPE')]);
      expect(first?.outcome).toBe('applied');
      expect(second?.outcome === 'rejected' && second.reason).toMatch(/already approved/);
      expect(unknown?.outcome === 'rejected' && unknown.reason).toMatch(/no remediation request NOPE/);
    });
  },
  async (db) => {
    await migrate(db);
    for (const [id, username, role] of agents) {
      await db.query(
        "INSERT INTO agents (id, username, display_name, role, team_id, branch_id, time_zone, password_hash) VALUES ($1, $2, $2, $3, 'T', NULL, 'America/New_York', 'x')",
        [id, username, role],
      );
    }
  },
);

describe('loadRemediationPolicy', () => {
  it('loads the shipped limits and approvers', async () => {
    const loaded = await loadRemediationPolicy();
    expect(loaded.ok && loaded.policy.approvers.approvers.supervisor).toEqual(['supervisor']);
  });

  it('names the file and path of a broken configuration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'remediation-policy-'));
    const shipped = join(import.meta.dirname, '../../../resources');
    await writeFile(join(dir, 'remediation-limits.json'), await readFile(join(shipped, 'remediation-limits.json'), 'utf8'));
    await writeFile(join(dir, 'remediation-approvers.json'), JSON.stringify({ source: 'x', approvers: { supervisor: ['supervisor'], finance_legal: ['treasurer'] } }));
    const loaded = await loadRemediationPolicy(dir);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.reason).toMatch(/remediation-approvers\.json: \$\.approvers\.finance_legal\[0\]/);
  });
});
