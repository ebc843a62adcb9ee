import { useCallback, useId, useState, useSyncExternalStore } from 'react';
import type { Agent } from '../../shared/domain/agent';
import { useServices, useSession } from '../ui/context';
import { plural } from '../ui/format';
import { Icon } from '../ui/Icon';
import { alertHeadline, type RaisedAlert } from './alertCenter';
import { offShiftCover, type Cover } from './alertRouting';
import { formatDueTime } from './dueTimeText';
import { useAlertCenter, useSlaRuntime, useSlaSettings } from './slaContext';

/**
 * In-app SLA alerts, in a strip of their own between the tabs and the work: never floating over a
 * control (toasts covered "Add note" and "Complete step"). The strip is always one line high, so an
 * alert arriving never moves the screen under the agent's pointer: one alert is shown in it,
 * several are one summary ("30 SLA alerts: 28 breached, 2 at warning") with the list a click away.
 * New alerts are announced (breaches assertively, warnings politely) from two live regions that
 * are always in the page; each alert stays until dismissed, and none repeats (see AlertCenter).
 */
export function SlaAlertsRegion() {
  const alerts = useAlertCenter((state) => state.alerts);
  const dismissAll = useAlertCenter((state) => state.dismissAll);
  const { view } = useSlaRuntime();
  const { ui } = useServices();
  const isSupervisor = useSession((state) => state.agent?.role === 'supervisor');
  const [listOpen, setListOpen] = useState(false);
  const listId = useId();
  const newest = alerts.length > 0 ? Math.max(...alerts.map((alert) => alert.raisedAt)) : 0;
  const justRaised = alerts.filter((alert) => alert.raisedAt === newest);
  const breached = alerts.filter((alert) => alert.state === 'breached').length;
  const only = alerts.length === 1 ? alerts[0] : undefined;
  const open = listOpen && alerts.length > 1;
  const offShiftNote = useOffShiftNote();

  return (
    <aside className={`sla-alerts${alerts.length === 0 ? ' sla-alerts-empty' : ''}`} aria-label="SLA alerts">
      <div className="visually-hidden" aria-live="assertive">
        {justRaised
          .filter((alert) => alert.state === 'breached')
          .map((alert) => (
            <p key={alert.key}>{announcement(alert)}</p>
          ))}
      </div>
      <div className="visually-hidden" aria-live="polite">
        {justRaised
          .filter((alert) => alert.state === 'warning')
          .map((alert) => (
            <p key={alert.key}>{announcement(alert)}</p>
          ))}
      </div>
      {alerts.length === 0 ? (
        <p className="sla-alerts-line muted">{offShiftNote ?? 'No SLA alerts'}</p>
      ) : only ? (
        <AlertItem alert={only} className="sla-alerts-line" />
      ) : (
        <div className={`sla-alerts-line sla-alerts-summary${breached > 0 ? ' sla-alert-breached' : ' sla-alert-warning'}`}>
          <p className="sla-alert-text">
            <Icon name={breached > 0 ? 'breached' : 'warning'} /> <strong>{plural(alerts.length, 'SLA alert', 'SLA alerts')}</strong>:{' '}
            {[breached > 0 ? `${breached} breached` : null, alerts.length - breached > 0 ? `${alerts.length - breached} at warning` : null].filter(Boolean).join(', ')}
          </p>
          <div className="sla-alert-actions">
            <button type="button" aria-expanded={open} aria-controls={listId} onClick={() => setListOpen(!open)}>
              {open ? 'Hide the list' : 'Show the list'}
            </button>
            {isSupervisor && (
              <button
                type="button"
                onClick={() => {
                  ui.getState().backToQueue();
                  view.getState().show('team-sla');
                }}
              >
                Team SLA board
              </button>
            )}
            <button type="button" onClick={dismissAll}>
              Dismiss all
            </button>
          </div>
        </div>
      )}
      {open && (
        <ul id={listId} className="sla-alert-list" aria-label="SLA alerts list">
          {alerts.map((alert) => (
            <li key={alert.key}>
              <AlertItem alert={alert} />
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

/**
 * Why an off-shift agent hears of no SLA alerts (their cases' alerts go to whoever covers), or
 * null while they are on shift. Looked at each tick of the countdowns, so it comes and goes as
 * the shift ends and starts; the strip re-renders only when the words change.
 */
function useOffShiftNote(): string | null {
  const { ticker } = useSlaRuntime();
  const me = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const shifts = useSlaSettings((state) => state.settings?.shifts ?? null);
  const noteAt = useCallback(() => {
    if (!me || !shifts) return null;
    const cover = offShiftCover({ me, agentsById, shifts }, ticker.get());
    return cover && offShiftText(me, cover);
  }, [me, agentsById, shifts, ticker]);
  return useSyncExternalStore(ticker.subscribe, noteAt);
}

function offShiftText(me: Agent, cover: Cover): string {
  if (cover.agents.length === 0) return 'You are off shift and no teammate on shift covers your cases: the case service still escalates a breach.';
  const several = cover.agents.length > 1;
  const whom =
    cover.by === 'teammates'
      ? 'your teammates on shift'
      : me.role === 'supervisor'
        ? `your team's other ${several ? 'supervisors' : 'supervisor'}`
        : several
          ? "your team's supervisors"
          : 'your supervisor';
  return `You are off shift: alerts for your cases go to ${whom}.`;
}

function announcement(alert: RaisedAlert): string {
  return `${alertHeadline(alert)}: ${alert.subject} (${alert.caseId})`;
}

function AlertItem({ alert, className }: { alert: RaisedAlert; className?: string }) {
  const { ui } = useServices();
  const dismiss = useAlertCenter((state) => state.dismiss);
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const ownerName = useSession((state) => (alert.ownerId === null ? 'Unassigned' : (state.agentsById[alert.ownerId]?.displayName ?? alert.ownerId)));
  const breached = alert.state === 'breached';
  return (
    <div className={`sla-alert sla-alert-${alert.state}${className ? ` ${className}` : ''}`}>
      <p className="sla-alert-text">
        <Icon name={breached ? 'breached' : 'warning'} /> <strong>{alertHeadline(alert)}</strong>: {alert.subject} <span className="mono">({alert.caseId})</span>
        <span className="sla-alert-detail">
          {' — '}
          {breached ? 'was due' : 'due'} {formatDueTime(alert.dueAt, timeZone)}
          {alert.routedFromOwner && <span className="sla-alert-routed"> · for {ownerName}, who is off shift</span>}
        </span>
      </p>
      <div className="sla-alert-actions">
        <button
          type="button"
          onClick={() => {
            ui.getState().openCase(alert.caseId);
            dismiss(alert.key);
          }}
        >
          Open case
        </button>
        <button type="button" aria-label={`Dismiss alert: ${alertHeadline(alert)} on ${alert.caseId}`} onClick={() => dismiss(alert.key)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
