import type { SlaClock } from '../../shared/sla/clocks';
import { useSession } from '../ui/context';
import { formatBusinessDuration, formatDueTime } from './dueTimeText';
import { SlaCountdown } from './SlaCountdown';
import { SlaConnectionNote } from './SlaConnectionNote';
import { useSlaSettings } from './slaContext';
import { useCaseClocks } from './useCaseClocks';

/**
 * Every SLA clock of the open case — service promises and legal limits — with its live
 * countdown and its due time both in the agent's zone and in the zone of the calendar it
 * counts on (a New York calendar seen from Chicago is where "due at 9" goes wrong).
 */
export function SlaClocksPanel({ caseId }: { caseId: string }) {
  const { sla, loading } = useCaseClocks(caseId);
  const agentZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const calendars = useSlaSettings((state) => state.settings?.config.calendars);

  return (
    <section className="panel sla-clocks" aria-labelledby="sla-clocks-title">
      <h2 id="sla-clocks-title">SLA clocks</h2>
      <SlaConnectionNote />
      {loading ? (
        <p className="muted">Loading SLA clocks…</p>
      ) : !sla || sla.clocks.length === 0 ? (
        <p className="muted">No SLA clocks apply to this case.</p>
      ) : (
        <ul className="sla-clock-list">
          {sla.clocks.map((clock) => {
            const calendar = calendars?.get(clock.calendarId);
            return (
              <ClockItem
                key={clock.id}
                clock={clock}
                dueMs={sla.dueMs.get(clock.id) ?? Date.parse(clock.dueAt)}
                agentZone={agentZone}
                calendarZone={calendar?.timeZone ?? 'UTC'}
                calendarName={calendar?.name ?? clock.calendarId}
              />
            );
          })}
        </ul>
      )}
    </section>
  );
}

function ClockItem({ clock, dueMs, agentZone, calendarZone, calendarName }: { clock: SlaClock; dueMs: number; agentZone: string; calendarZone: string; calendarName: string }) {
  const statutory = clock.kind === 'statutory';
  const dueWord = clock.stoppedAt !== null ? 'Was due' : clock.paused ? 'Due if resumed now' : 'Due';
  return (
    <li className={`sla-clock${statutory ? ' sla-clock-statutory' : ''}`}>
      <div className="sla-clock-head">
        <span className="sla-clock-name">{clock.label}</span>{' '}
        {statutory ? (
          <span className="badge sla-kind sla-kind-statutory" title={`Set by law (${clock.source}); agents cannot change it`}>
            <span aria-hidden="true">§ </span>Statutory · not editable
          </span>
        ) : (
          <span className="badge sla-kind">Service</span>
        )}
      </div>
      <SlaCountdown clock={clock} dueMs={dueMs} />
      <dl className="sla-clock-facts">
        {agentZone === calendarZone ? (
          <div>
            <dt>
              {dueWord} (your time = calendar time, {agentZone})
            </dt>
            <dd>
              <time dateTime={clock.dueAt}>{formatDueTime(clock.dueAt, agentZone)}</time> <span className="muted">on {calendarName}</span>
            </dd>
          </div>
        ) : (
          <>
            <div>
              <dt>
                {dueWord} (your time, {agentZone})
              </dt>
              <dd>
                <time dateTime={clock.dueAt}>{formatDueTime(clock.dueAt, agentZone)}</time>
              </dd>
            </div>
            <div>
              <dt>
                {dueWord} (calendar time, {calendarZone})
              </dt>
              <dd>
                <time dateTime={clock.dueAt}>{formatDueTime(clock.dueAt, calendarZone)}</time> <span className="muted">on {calendarName}</span>
              </dd>
            </div>
          </>
        )}
        {clock.stoppedAt === null && (
          <div>
            <dt>Business time</dt>
            <dd>
              {clock.overdueBusinessMs > 0
                ? `${formatBusinessDuration(clock.overdueBusinessMs)} over the ${formatBusinessDuration(clock.totalBusinessMs)} allowed`
                : `${formatBusinessDuration(clock.remainingBusinessMs)} left of ${formatBusinessDuration(clock.totalBusinessMs)}`}
            </dd>
          </div>
        )}
        {clock.stoppedAt !== null && (
          <div>
            <dt>{clock.state === 'met' ? 'Met' : 'Met late'}</dt>
            <dd>
              <time dateTime={clock.stoppedAt}>{formatDueTime(clock.stoppedAt, agentZone)}</time>
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}
