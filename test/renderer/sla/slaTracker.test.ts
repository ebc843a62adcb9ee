import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCase } from '../../../src/shared/cases/reducer';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import { parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import type { Agent } from '../../../src/shared/domain/agent';
import { alertsFor, offShiftCover } from '../../../src/renderer/sla/alertRouting';
import { compareSortKeys, computeCaseSla } from '../../../src/renderer/sla/caseSla';
import { countdownText, formatCountdownDuration, stateAt } from '../../../src/renderer/sla/countdownText';
import { SlaTracker } from '../../../src/renderer/sla/slaTracker';
import { buildTeamBoard } from '../../../src/renderer/sla/teamBoardModel';
import { created, dana, envelope, sam } from '../support/seed';
import { kim, lee, offShiftAtTwoPm, testSlaSettings, testShifts } from '../support/slaFixtures';

const NOW = Date.parse('2025-03-03T14:00:00.000Z');
const MIN = 60_000;
const settings = testSlaSettings();

function parsed(envelopes: ReturnType<typeof envelope>[]): CaseEvent[] {
  return envelopes.map((item) => {
    const result = parseCaseEvent(item);
    if (!result.ok) throw new Error(result.reason);
    return result.event;
  });
}

/** A case opened `minutesAgo` before NOW (first response 2 h, resolution 8 h on 24/7 calendars). */
function openCase(caseId: string, minutesAgo: number, ownerId = dana.id, extra: (at: string) => ReturnType<typeof envelope>[] = () => []) {
  const at = new Date(NOW - minutesAgo * MIN).toISOString();
  const events = parsed([created(caseId, { subject: `Case ${caseId}`, ownerId, customerId: null, at }), ...extra(at)]);
  return { caseState: foldCase(events)!, events, tier: null };
}

describe('countdown text', () => {
  it('says time left with seconds only in the last hour, overdue past the due instant', () => {
    expect(formatCountdownDuration(72 * MIN)).toBe('1h 12m');
    expect(formatCountdownDuration(4 * MIN + 5_000)).toBe('4m 05s');
    expect(formatCountdownDuration(9_000)).toBe('9s');
    expect(formatCountdownDuration(2 * 1440 * MIN + 3 * 60 * MIN)).toBe('2d 3h');
    const sla = computeCaseSla(openCase('c', 48), settings, NOW);
    const firstResponse = sla.clocks.find((clock) => clock.id === 'first_response')!;
    const due = sla.dueMs.get('first_response')!;
    expect(countdownText(firstResponse, due, NOW)).toBe('1h 12m left');
    expect(countdownText(firstResponse, due, due - 1)).toBe('1s left');
    expect(countdownText(firstResponse, due, due + 5 * MIN)).toBe('overdue 5m 00s');
    expect(stateAt(firstResponse, due, due)).toBe('breached');
  });

  it('shows a paused clock as paused with the time it keeps, and a met clock without a countdown', () => {
    const waiting = computeCaseSla(openCase('w', 60, dana.id, (at) => [envelope('w', 'status.changed', { to: 'waiting_on_customer' }, at)]), settings, NOW);
    const resolution = waiting.clocks.find((clock) => clock.id === 'resolution')!;
    expect(resolution.state).toBe('paused');
    expect(countdownText(resolution, waiting.dueMs.get('resolution')!, NOW + 3_600_000)).toBe('8h 0m left');
    const met = computeCaseSla(openCase('m', 60, dana.id, (at) => [envelope('m', 'message.sent', { kind: 'acknowledgement', channel: 'phone', summary: 'We are on it.' }, at)]), settings, NOW);
    const firstResponse = met.clocks.find((clock) => clock.id === 'first_response')!;
    expect(firstResponse.state).toBe('met');
    expect(countdownText(firstResponse, met.dueMs.get('first_response')!, NOW)).toBe('');
  });
});

describe('time-to-breach order', () => {
  it('puts the nearest breach first, overdue before due, paused after running, cases without a live clock last', () => {
    const overdue = computeCaseSla(openCase('overdue', 180), settings, NOW);
    const soon = computeCaseSla(openCase('soon', 100), settings, NOW);
    const later = computeCaseSla(openCase('later', 10), settings, NOW);
    const paused = computeCaseSla(openCase('paused', 10, dana.id, (at) => [envelope('paused', 'status.changed', { to: 'waiting_on_customer' }, at), envelope('paused', 'message.sent', { kind: 'response', channel: 'phone', summary: 'Please send the receipt.' }, at)]), settings, NOW);
    const done = computeCaseSla(openCase('done', 10, dana.id, (at) => [envelope('done', 'case.resolved', { resolution: 'Refunded.' }, at)]), settings, NOW);
    const order = [done, paused, later, soon, overdue].sort((a, b) => compareSortKeys(a.sortKey, b.sortKey)).map((sla) => sla.caseId);
    expect(order).toEqual(['overdue', 'soon', 'later', 'paused', 'done']);
    expect(overdue.urgent?.id).toBe('first_response');
    expect(paused.urgent?.state).toBe('paused');
    expect(done.urgent).toBeNull();
  });

  it('orders by each case’s most urgent running clock whatever the mix (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 12 }), (ages) => {
        const slas = ages.map((age, index) => computeCaseSla(openCase(`c${index}`, age), settings, NOW));
        const sorted = [...slas].sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
        for (let i = 1; i < sorted.length; i++) expect(sorted[i - 1]!.sortKey).toBeLessThanOrEqual(sorted[i]!.sortKey);
        // The most urgent has the least time left of all running clocks.
        const least = Math.min(...slas.flatMap((sla) => sla.clocks.filter((c) => c.stoppedAt === null && !c.paused).map((c) => Date.parse(c.dueAt))));
        expect(sorted[0]!.sortKey).toBe(least);
      }),
      { numRuns: 50 },
    );
  });
});

describe('SLA tracker', () => {
  it('computes each case once per change and only refreshes when a clock changes state', () => {
    const tracker = new SlaTracker();
    tracker.setSettings(settings, NOW);
    const a = openCase('a', 60);
    const b = openCase('b', 10);
    tracker.sync([a, b], NOW);
    expect(tracker.computations).toBe(2);
    expect(tracker.get('a')?.urgent?.state).toBe('running');

    // Unchanged cases are not recomputed, and a tick before any threshold does nothing.
    tracker.sync([{ ...a, events: null }, { ...b, events: null }], NOW + 1000);
    expect(tracker.computations).toBe(2);
    const version = tracker.version;
    expect(tracker.tick(NOW + 1000)).toBe(false);
    expect(tracker.version).toBe(version);

    // Case a warns at 75 % of 2 h (30 min from now), and breaches at 60 min. Its due instant
    // stays, so the queue order (sortVersion) does not change; alert checks see case a only.
    expect(tracker.drainChanged().sort()).toEqual(['a', 'b']);
    const sortVersion = tracker.sortVersion;
    expect(tracker.tick(NOW + 30 * MIN)).toBe(true);
    expect(tracker.get('a')?.urgent?.state).toBe('warning');
    expect(tracker.get('b')?.urgent?.state).toBe('running');
    expect(tracker.sortVersion).toBe(sortVersion);
    expect(tracker.drainChanged()).toEqual(['a']);
    tracker.tick(NOW + 60 * MIN);
    expect(tracker.get('a')?.clocks.find((c) => c.id === 'first_response')?.state).toBe('breached');
    expect(tracker.computations).toBe(2);

    // A new event changes the signature: that case alone is recomputed; a case that left the set is dropped.
    const answered = openCase('a', 60, dana.id, (at) => [envelope('a', 'message.sent', { kind: 'acknowledgement', channel: 'phone', summary: 'On it.' }, at)]);
    tracker.sync([answered], NOW + 61 * MIN);
    expect(tracker.computations).toBe(3);
    expect(tracker.get('a')?.clocks.find((c) => c.id === 'first_response')?.state).toBe('met');
    expect(tracker.get('b')).toBeUndefined();
  });

  it('recomputes every case when the configuration changes', () => {
    const tracker = new SlaTracker();
    tracker.setSettings(settings, NOW);
    tracker.sync([openCase('a', 60)], NOW);
    const shorter = structuredClone(testSlaSettings());
    const other = { ...shorter, version: 'other-version' };
    tracker.setSettings(other, NOW);
    expect(tracker.computations).toBe(2);
    tracker.setSettings(other, NOW);
    expect(tracker.computations).toBe(2);
  });
});

describe('alert routing', () => {
  const everyone: Record<string, Agent> = Object.fromEntries([dana, sam, lee, kim].map((agent) => [agent.id, agent]));
  const slas = [
    computeCaseSla(openCase('dana-late', 180, dana.id), settings, NOW),
    computeCaseSla(openCase('lee-late', 180, lee.id), settings, NOW),
    computeCaseSla(openCase('kim-late', 180, kim.id), settings, NOW),
    computeCaseSla(openCase('dana-fine', 5, dana.id), settings, NOW),
  ];

  it('tells an owner on shift about their own cases only, once per clock cycle and state', () => {
    const alerts = alertsFor(slas, { me: dana, agentsById: everyone, shifts: settings.shifts }, NOW);
    expect(alerts.map((alert) => [alert.caseId, alert.clockId, alert.state])).toEqual([['dana-late', 'first_response', 'breached']]);
    expect(alerts[0]!.key).toBe(`dana-late|first_response|${new Date(NOW - 180 * MIN).toISOString()}|breached`);
    // A supervisor hears nothing of agents who are on shift.
    expect(alertsFor(slas, { me: sam, agentsById: everyone, shifts: settings.shifts }, NOW)).toEqual([]);
  });

  it('sends an off-shift agent’s alerts to their team’s supervisor, never to another team’s', () => {
    const shifts = testSlaSettings(testShifts({ [dana.id]: offShiftAtTwoPm, [kim.id]: offShiftAtTwoPm })).shifts;
    expect(alertsFor(slas, { me: dana, agentsById: everyone, shifts }, NOW)).toEqual([]);
    const forSam = alertsFor(slas, { me: sam, agentsById: everyone, shifts }, NOW);
    // Kim's team has no supervisor: Sam (team 1) cannot act on Kim's cases and does not hear of them.
    expect(forSam.map((alert) => [alert.caseId, alert.routedFromOwner])).toEqual([['dana-late', true]]);
    // Lee is on shift: Lee hears of Lee's case, nobody else does.
    expect(alertsFor(slas, { me: lee, agentsById: everyone, shifts }, NOW).map((alert) => alert.caseId)).toEqual(['lee-late']);
  });

  it('covers an off-shift owner of a team without a supervisor by on-shift teammates in the same role', () => {
    const ria: Agent = { ...kim, id: 'agent-ria', username: 'ria', displayName: 'Ria Sen' };
    const withRia = { ...everyone, [ria.id]: ria };
    const shifts = testSlaSettings(testShifts({ [kim.id]: offShiftAtTwoPm })).shifts;
    expect(alertsFor(slas, { me: ria, agentsById: withRia, shifts }, NOW).map((alert) => [alert.caseId, alert.routedFromOwner])).toEqual([['kim-late', true]]);
    expect(alertsFor(slas, { me: sam, agentsById: withRia, shifts }, NOW).map((alert) => alert.caseId)).not.toContain('kim-late');
  });

  it('tells an off-shift agent who hears of their cases instead, by the same rule, and nothing while they are on shift', () => {
    const ria: Agent = { ...kim, id: 'agent-ria', username: 'ria', displayName: 'Ria Sen' };
    const withRia = { ...everyone, [ria.id]: ria };
    const shifts = testSlaSettings(testShifts({ [dana.id]: offShiftAtTwoPm, [kim.id]: offShiftAtTwoPm })).shifts;
    expect(offShiftCover({ me: lee, agentsById: everyone, shifts }, NOW)).toBeNull();
    expect(offShiftCover({ me: dana, agentsById: everyone, shifts }, NOW)).toEqual({ by: 'supervisors', agents: [sam] });
    expect(offShiftCover({ me: kim, agentsById: withRia, shifts }, NOW)).toEqual({ by: 'teammates', agents: [ria] });
    expect(offShiftCover({ me: kim, agentsById: everyone, shifts }, NOW)).toEqual({ by: 'teammates', agents: [] });
  });
});

describe('team board', () => {
  it('groups cases at warning or breach by owner, breaches first, filtered to a team', () => {
    const everyone: Record<string, Agent> = Object.fromEntries([dana, sam, lee, kim].map((agent) => [agent.id, agent]));
    const slas = [
      computeCaseSla(openCase('d1', 100, dana.id), settings, NOW), // warning (83 %)
      computeCaseSla(openCase('d2', 150, dana.id), settings, NOW), // breached
      computeCaseSla(openCase('d3', 5, dana.id), settings, NOW), // fine
      computeCaseSla(openCase('l1', 100, lee.id), settings, NOW), // warning
      computeCaseSla(openCase('k1', 500, kim.id), settings, NOW), // breached, other team
    ];
    const team = buildTeamBoard(slas, everyone, NOW, 'T1-EAST');
    expect(team.map((group) => [group.ownerName, group.rows.map((row) => row.sla.caseId), group.breached, group.warning])).toEqual([
      ['Dana Reyes', ['d2', 'd1'], 1, 1],
      ['Lee Park', ['l1'], 0, 1],
    ]);
    expect(buildTeamBoard(slas, everyone, NOW, null).map((group) => group.ownerName)).toEqual(['Dana Reyes', 'Kim Novak', 'Lee Park']);
  });
});
