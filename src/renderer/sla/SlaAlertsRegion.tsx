import { useState } from 'react';
import { useServices, useSession } from '../ui/context';
import { plural } from '../ui/format';
import { alertHeadline, type RaisedAlert } from './alertCenter';
import { formatDueTime } from './dueTimeText';
import { useAlertCenter } from './slaContext';
import { Icon } from '../ui/Icon';

/** Alerts shown before "Show all": enough to act on, few enough not to cover the work. */
const COLLAPSED_COUNT = 2;

type Shown = 'hidden' | 'few' | 'all';

/**
 * In-app SLA alerts. Two live regions that are always in the page (so additions are announced):
 * breaches assertively, warnings politely — the behaviour of role=alert and role=status, given
 * with aria-live so the page keeps a single role=alert for the problem in front of the agent
 * (a refused note, a failed action) while SLA alerts pile up beside it. A burst (the first start
 * of a shift) shows the most urgent few and a count; each alert stays until dismissed, and none
 * repeats (see AlertCenter).
 */
export function SlaAlertsRegion() {
  const alerts = useAlertCenter((state) => state.alerts);
  const dismissAll = useAlertCenter((state) => state.dismissAll);
  const [mode, setMode] = useState<Shown>('few');
  const shown = mode === 'all' ? alerts : mode === 'few' ? alerts.slice(0, COLLAPSED_COUNT) : [];
  const hidden = alerts.length - shown.length;
  return (
    <aside className={`sla-alerts${alerts.length === 0 ? ' sla-alerts-empty' : ''}`} aria-label="SLA alerts">
      <div aria-live="assertive" aria-relevant="additions" className="sla-alert-list">
        {shown
          .filter((alert) => alert.state === 'breached')
          .map((alert) => (
            <AlertItem key={alert.key} alert={alert} />
          ))}
      </div>
      <div aria-live="polite" aria-relevant="additions" className="sla-alert-list">
        {shown
          .filter((alert) => alert.state === 'warning')
          .map((alert) => (
            <AlertItem key={alert.key} alert={alert} />
          ))}
      </div>
      {(alerts.length > 1 || mode === 'hidden') && alerts.length > 0 && (
        <div className="sla-alerts-bar">
          <p aria-live="polite">
            {plural(alerts.length, 'SLA alert', 'SLA alerts')}
            {hidden > 0 ? ` (${hidden} not shown)` : ''}
          </p>
          {mode !== 'all' && alerts.length > shown.length && (
            <button type="button" onClick={() => setMode('all')}>
              Show all
            </button>
          )}
          {mode !== 'few' && (
            <button type="button" onClick={() => setMode('few')}>
              {mode === 'all' ? 'Show fewer' : 'Show'}
            </button>
          )}
          {mode !== 'hidden' && (
            <button type="button" onClick={() => setMode('hidden')}>
              Hide
            </button>
          )}
          <button type="button" onClick={dismissAll}>
            Dismiss all
          </button>
        </div>
      )}
    </aside>
  );
}

function AlertItem({ alert }: { alert: RaisedAlert }) {
  const { ui } = useServices();
  const dismiss = useAlertCenter((state) => state.dismiss);
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const ownerName = useSession((state) => (alert.ownerId === null ? 'Unassigned' : (state.agentsById[alert.ownerId]?.displayName ?? alert.ownerId)));
  const breached = alert.state === 'breached';
  return (
    <div className={`sla-alert sla-alert-${alert.state}`}>
      <p className="sla-alert-text">
        <Icon name={breached ? 'breached' : 'warning'} />{' '}
        <strong>{alertHeadline(alert)}</strong>: {alert.subject} <span className="mono">({alert.caseId})</span>
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
