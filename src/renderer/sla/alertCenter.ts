import { createStore } from 'zustand/vanilla';
import type { ConsoleBridge } from '../../shared/ipc/contract';
import type { SlaAlert } from './alertRouting';
import type { AnnouncedAlerts } from './announcedAlerts';

export interface RaisedAlert extends SlaAlert {
  raisedAt: number;
}

export interface AlertCenterState {
  /** Alerts on screen, newest first, until dismissed. */
  alerts: RaisedAlert[];
  dismiss(key: string): void;
  dismissAll(): void;
}

/** More on screen than this and the oldest make way: the queue and the board list every case anyway. */
const MAX_ON_SCREEN = 30;

export type AlertCenter = ReturnType<typeof createAlertCenter>;

/**
 * Turns the alerts that apply now into announcements, each once: in-app (this store) and, where
 * the host has them, as an OS notification. A burst (e.g. the first start of the day) becomes
 * one OS notification that counts them instead of one per clock.
 */
export function createAlertCenter(bridge: ConsoleBridge, announced: AnnouncedAlerts) {
  const store = createStore<AlertCenterState>()((set, get) => ({
    alerts: [],
    dismiss: (key) => set({ alerts: get().alerts.filter((alert) => alert.key !== key) }),
    dismissAll: () => set({ alerts: [] }),
  }));
  let chain: Promise<void> = Promise.resolve();

  async function announce(candidates: readonly SlaAlert[], now: number): Promise<void> {
    await announced.ready;
    const fresh = candidates.filter((alert) => !announced.has(alert.key));
    if (fresh.length === 0) return;
    // Remembered before anything is shown, so a crash in between errs on the side of silence rather than a repeat storm.
    await announced.remember(
      fresh.map((alert) => alert.key),
      now,
    );
    const raised = fresh.map((alert) => ({ ...alert, raisedAt: now }));
    store.setState({ alerts: [...raised.sort(byUrgency), ...store.getState().alerts].slice(0, MAX_ON_SCREEN) });
    const notification = osNotificationFor(raised);
    await bridge.invoke('notify.os', notification);
  }

  return {
    store,
    /** Raises whichever of these have not been announced before; calls are handled one after another. */
    process(candidates: readonly SlaAlert[], now: number): Promise<void> {
      chain = chain.then(() => announce(candidates, now)).catch(() => undefined);
      return chain;
    },
  };
}

function byUrgency(a: SlaAlert, b: SlaAlert): number {
  return Number(b.state === 'breached') - Number(a.state === 'breached') || Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

export function alertHeadline(alert: SlaAlert): string {
  const what = alert.statutory ? `${alert.clockLabel} (statutory)` : alert.clockLabel;
  return alert.state === 'breached' ? `${what} breached` : `${what} at warning`;
}

function osNotificationFor(alerts: readonly RaisedAlert[]): { title: string; body: string } {
  if (alerts.length === 1) {
    const alert = alerts[0]!;
    return { title: `SLA: ${alertHeadline(alert)}`.slice(0, 120), body: `${alert.caseId} — ${alert.subject}`.slice(0, 500) };
  }
  const breached = alerts.filter((alert) => alert.state === 'breached').length;
  const parts = [breached > 0 ? `${breached} breached` : null, alerts.length - breached > 0 ? `${alerts.length - breached} at warning` : null].filter(Boolean);
  return { title: `${alerts.length} SLA alerts`, body: `${parts.join(', ')}. Open Agent Console to see them.` };
}
