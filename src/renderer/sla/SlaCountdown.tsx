import type { SlaClock } from '../../shared/sla/clocks';
import { countdownText, stateAt, stateLabel } from './countdownText';
import { useSlaNow } from './slaContext';
import { Icon } from '../ui/Icon';

/**
 * A clock's state (icon and word) and its live countdown. Deliberately not a live region: the
 * text changes every second, and announcing it would drown everything else out; a screen
 * reader reads the current text when the agent reaches the cell, and alerts announce changes.
 */
export function SlaCountdown({ clock, dueMs }: { clock: SlaClock; dueMs: number }) {
  const now = useSlaNow();
  const state = stateAt(clock, dueMs, now);
  const label = stateLabel[state];
  const time = countdownText(clock, dueMs, now);
  return (
    <span className={`sla-countdown sla-${state}`}>
      <Icon name={label.icon} className="sla-icon" />{' '}
      <span className="sla-state-text">{label.text}</span>
      {time && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="sla-time">{time}</span>
        </>
      )}
    </span>
  );
}

/** The queue's "Time to breach" cell: the case's most urgent clock. */
export function SlaUrgentCell({ clock, dueMs, loading }: { clock: SlaClock | null; dueMs: number | undefined; loading: boolean }) {
  if (loading) return <span className="muted">Loading SLA…</span>;
  if (!clock || dueMs === undefined) return <span className="muted">No running clock</span>;
  return (
    <span className="sla-cell">
      <SlaCountdown clock={clock} dueMs={dueMs} />{' '}
      <span className="sla-clock-label">
        {clock.label}
        {clock.kind === 'statutory' ? ' (statutory)' : ''}
      </span>
    </span>
  );
}
