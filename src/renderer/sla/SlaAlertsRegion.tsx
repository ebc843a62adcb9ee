import { useId, useState } from 'react';
import { useServices, useSession } from '../ui/context';
import { plural } from '../ui/format';
import { Icon } from '../ui/Icon';
import { alertHeadline, type RaisedAlert } from './alertCenter';
import { formatDueTime } from './dueTimeText';
import { useAlertCenter, useSlaRuntime } from './slaContext';

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
        <p className="sla-alerts-line muted">No SLA alerts</p>
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
