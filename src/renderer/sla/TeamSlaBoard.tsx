import { useEffect, useMemo, useRef, useState } from 'react';
import { useServices, useSession } from '../ui/context';
import { plural } from '../ui/format';
import { Screen } from '../ui/Screen';
import { isOnShift } from '../../shared/shifts/shiftSchedule';
import { formatDueTime } from './dueTimeText';
import { SlaCountdown } from './SlaCountdown';
import { SlaConnectionNote } from './SlaConnectionNote';
import { useSlaRuntime, useSlaSettings, useTrackerVersion } from './slaContext';
import { buildTeamBoard, type BoardGroup } from './teamBoardModel';
import { QueueBoard } from './QueueBoard';

/** Rows shown per agent before "Show all": the board is for spotting trouble, the queue for working it. */
const ROWS_PER_AGENT = 25;

/** For supervisors: who is about to breach, and who already has, grouped by agent. */
export function TeamSlaBoard() {
  const { tracker, ticker } = useSlaRuntime();
  const { ui } = useServices();
  const me = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const settings = useSlaSettings((state) => state.settings);
  const version = useTrackerVersion();
  const [scope, setScope] = useState<'team' | 'all'>('team');
  const heading = useRef<HTMLHeadingElement>(null);
  const teamId = scope === 'team' ? (me?.teamId ?? null) : null;
  // Regrouped when clocks change state (the tracker's version), not every second: countdowns tick inside the rows.
  const { groups, offShift } = useMemo(() => {
    void version; // the tracker is mutable: its version is what changes
    const now = ticker.get();
    const grouped = buildTeamBoard(tracker.all(), agentsById, now, teamId);
    const off = new Set(settings ? grouped.filter((group) => agentsById[group.ownerId] && !isOnShift(settings.shifts, agentsById[group.ownerId]!, now)).map((group) => group.ownerId) : []);
    return { groups: grouped, offShift: off };
  }, [tracker, ticker, version, agentsById, teamId, settings]);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <Screen
      className="team-sla-board"
      titleId="team-sla-title"
      title="Team SLA board"
      headingRef={heading}
      count={plural(
        groups.reduce((sum, group) => sum + group.rows.length, 0),
        'case at warning or breach',
        'cases at warning or breach',
      )}
      actions={
        <label className="board-scope">
          Show{' '}
          <select value={scope} onChange={(event) => setScope(event.target.value === 'all' ? 'all' : 'team')}>
            <option value="team">My team{me ? ` (${me.teamId})` : ''}</option>
            <option value="all">All teams</option>
          </select>
        </label>
      }
    >
      <SlaConnectionNote />
      <QueueBoard teamId={teamId} />
      {!settings ? (
        <p role="status">Loading SLA rules…</p>
      ) : groups.length === 0 ? (
        <p className="empty-board">No open case is at warning or breach{teamId ? ' in your team' : ''}.</p>
      ) : (
        groups.map((group) => (
          <AgentGroup
            key={group.ownerId}
            group={group}
            offShift={offShift.has(group.ownerId)}
            timeZone={me?.timeZone ?? 'UTC'}
            onOpen={(caseId) => ui.getState().openCase(caseId)}
          />
        ))
      )}
    </Screen>
  );
}

function AgentGroup({ group, offShift, timeZone, onOpen }: { group: BoardGroup; offShift: boolean; timeZone: string; onOpen: (caseId: string) => void }) {
  const [showAll, setShowAll] = useState(false);
  const headingId = `board-agent-${group.ownerId}`;
  const rows = showAll ? group.rows : group.rows.slice(0, ROWS_PER_AGENT);
  const counts = [group.breached > 0 ? `${group.breached} breached` : null, group.warning > 0 ? `${group.warning} at warning` : null].filter(Boolean).join(', ');
  return (
    <section className="board-group" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {group.ownerName} <span className="board-counts">— {counts}</span>
        {offShift && <span className="badge off-shift">Off shift</span>}
      </h2>
      <table className="board-table" aria-labelledby={headingId}>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Clock</th>
            <th scope="col">Time to breach</th>
            <th scope="col">Due (your time)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.sla.caseId} className={row.breached ? 'board-breached' : 'board-warning'}>
              <td>
                <button type="button" className="link-button" aria-label={`Open case ${row.sla.subject} (${row.sla.caseId})`} onClick={() => onOpen(row.sla.caseId)}>
                  {row.sla.subject}
                </button>
                <span className="mono board-case-id">{row.sla.caseId}</span>
              </td>
              <td>
                {row.clock.label}
                {row.clock.kind === 'statutory' ? ' (statutory)' : ''}
              </td>
              <td>
                <SlaCountdown clock={row.clock} dueMs={row.dueMs} />
              </td>
              <td>
                <time dateTime={row.clock.dueAt}>{formatDueTime(row.clock.dueAt, timeZone)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {group.rows.length > ROWS_PER_AGENT && (
        <button type="button" className="board-more" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer' : `Show all ${group.rows.length} cases of ${group.ownerName}`}
        </button>
      )}
    </section>
  );
}
