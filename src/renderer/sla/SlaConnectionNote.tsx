import { useSyncState } from '../ui/context';
import { useSlaSettings } from './slaContext';
import { Icon } from '../ui/Icon';

/**
 * Says, next to the countdowns, when they run on this desktop alone: disconnected from the
 * case service (or from the console host), or on configuration not confirmed by the service.
 */
export function SlaConnectionNote() {
  const hostConnected = useSyncState((state) => state.hostConnected);
  const offline = useSyncState((state) => state.status?.state === 'offline');
  const source = useSlaSettings((state) => state.source);
  const problems = useSlaSettings((state) => state.problems);

  const notes: string[] = [];
  if (!hostConnected) notes.push('Disconnected from the console host: countdowns keep running on this computer’s clock; changes will show when it reconnects.');
  else if (offline) notes.push('Offline: countdowns keep running on this computer’s clock; changes made on other desktops will show when the connection returns.');
  if (source === 'bundled') notes.push('SLA rules: the defaults built into this console (the case service has not sent its rules yet).');
  else if (source === 'cache' && offline) notes.push('SLA rules: as last received from the case service.');
  if (problems.length > 0) notes.push(`The case service’s latest SLA rules were refused, the previous ones stay in force (${problems[0]}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''}).`);
  if (notes.length === 0) return null;
  return (
    <div className="sla-connection-note">
      {notes.map((note) => (
        <p key={note}>
          <Icon name="warning" />{' '}
          {note}
        </p>
      ))}
    </div>
  );
}
