import { roleLabel } from '../../shared/domain/enums';
import { useServices, useSession, useSyncState } from './context';
import { plural } from './format';
import { describeSyncStatus } from './syncStatusText';
import { PopHeaderControls } from '../screenpop/PopHeaderControls';
import { eventTypeLabel } from './describeEvent';
import { Icon } from './Icon';

export function Header() {
  const { session } = useServices();
  const agent = useSession((state) => state.agent);
  const status = useSyncState((state) => state.status);
  const hostConnected = useSyncState((state) => state.hostConnected);
  const readModelProblem = useSyncState((state) => state.readModelProblem);
  const view = describeSyncStatus(status, hostConnected);
  const rejected = status?.rejected ?? [];

  return (
    <header className="app-header">
      <p className="brand">
        <Icon name="brand" className="brand-mark" />{' '}
        Agent Console
      </p>
      <div className="header-status">
        <p className={`sync sync-${view.tone}`} role="status" aria-label="Sync status">
          <Icon name={view.icon} className="sync-icon" />{' '}
          <span>{view.text}</span>
          {(status?.state === 'offline' || status?.state === 'error') && status.lastError && <span className="sync-detail"> ({status.lastError})</span>}
        </p>
        {rejected.length > 0 && (
          <details className="rejected">
            <summary>
              <Icon name="rejected" /> {plural(rejected.length, 'change', 'changes')} rejected by the service
            </summary>
            <ul aria-label="Rejected changes">
              {rejected.map((item) => (
                <li key={item.eventId}>
                  <strong>{eventTypeLabel(item.type)}</strong> on case <span className="mono">{item.caseId}</span>: {item.reason}
                </li>
              ))}
            </ul>
          </details>
        )}
        {readModelProblem && (
          <p className="header-problem" role="alert">
            <Icon name="warning" /> {readModelProblem.message}
          </p>
        )}
      </div>
      <PopHeaderControls />
      {agent && (
        <p className="who">
          <span className="who-name">{agent.displayName}</span> <span className="who-role">{roleLabel[agent.role]}</span>
        </p>
      )}
      <button type="button" onClick={() => void session.getState().logout()}>
        Sign out
      </button>
    </header>
  );
}
