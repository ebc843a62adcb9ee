import type { SlaClock, SlaClockState } from '../../shared/sla/clocks';
import type { IconName } from '../ui/Icon';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the agent sees a clock as at `now`: a due instant that has passed is a breach even before the next recomputation. */
export type CountdownState = SlaClockState;

export function stateAt(clock: SlaClock, dueMs: number, now: number): CountdownState {
  if (clock.stoppedAt !== null || clock.paused) return clock.state;
  return now >= dueMs ? 'breached' : clock.state;
}

/** Wall-clock time left as agents say it: seconds only in the last hour, where they matter. */
export function formatCountdownDuration(ms: number): string {
  const total = Math.max(0, ms);
  if (total >= DAY) return `${Math.floor(total / DAY)}d ${Math.floor((total % DAY) / HOUR)}h`;
  if (total >= HOUR) return `${Math.floor(total / HOUR)}h ${Math.floor((total % HOUR) / MINUTE)}m`;
  const minutes = Math.floor(total / MINUTE);
  const seconds = Math.floor((total % MINUTE) / SECOND);
  return minutes > 0 ? `${minutes}m ${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

/**
 * "1h 12m left", "overdue 5m 03s", "met late" — the words a screen reader reads too (empty for a
 * clock met on time: its state says it all). A paused clock shows the time it would have left
 * if it resumed now, which does not run down while paused.
 */
export function countdownText(clock: SlaClock, dueMs: number, now: number): string {
  if (clock.stoppedAt !== null) return clock.state === 'met' ? '' : 'met late';
  if (clock.paused) return `${formatCountdownDuration(Math.max(0, clock.msUntilDue))} left`;
  const left = dueMs - now;
  // Counting down in whole seconds: the display changes as the second turns, not a second late.
  return left > 0 ? `${formatCountdownDuration(Math.ceil(left / SECOND) * SECOND)} left` : `overdue ${formatCountdownDuration(-left)}`;
}

/** State as an icon and a word, never colour alone. */
export const stateLabel: Record<CountdownState, { icon: IconName; text: string }> = {
  running: { icon: 'clock', text: 'On track' },
  warning: { icon: 'warning', text: 'Warning' },
  breached: { icon: 'breached', text: 'Breached' },
  paused: { icon: 'paused', text: 'Paused' },
  met: { icon: 'met', text: 'Met' },
};
