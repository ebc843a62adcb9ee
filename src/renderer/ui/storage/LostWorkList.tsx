import type { LostWork } from '../../../shared/ipc/contract';
import { eventTypeLabel } from '../describeEvent';
import { formatInstant } from '../format';

/** Unsynced work this desktop could not recover, one line each: what, on which case, when. */
export function LostWorkList({ lost, label, timeZone }: { lost: readonly LostWork[]; label: string; timeZone: string }) {
  if (lost.length === 0) return null;
  return (
    <ul className="lost-work" aria-label={label}>
      {lost.map((item) => (
        <li key={item.eventId}>
          <strong>{eventTypeLabel(item.type)}</strong> on case <span className="mono">{item.caseId}</span>, recorded{' '}
          <time dateTime={item.at}>{formatInstant(item.at, timeZone)}</time>
        </li>
      ))}
    </ul>
  );
}
