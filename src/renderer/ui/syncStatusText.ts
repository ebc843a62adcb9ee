import type { SyncStatus } from '../../shared/ipc/contract';
import { plural } from './format';
import type { IconName } from './Icon';

export type SyncTone = 'ok' | 'busy' | 'warn';

export interface SyncStatusView {
  icon: IconName;
  text: string;
  tone: SyncTone;
}

/**
 * Sync state in words (never colour alone): "Online", "Syncing…", "Offline — 2 changes waiting" (only
 * when the service cannot be reached), "Sync problem at the case service" (it answered with a failure).
 */
export function describeSyncStatus(status: SyncStatus | null, hostConnected: boolean): SyncStatusView {
  if (!hostConnected) return { icon: 'reconnecting', text: 'Reconnecting to the console host…', tone: 'warn' };
  if (!status) return { icon: 'checking', text: 'Checking sync…', tone: 'busy' };
  const waiting = status.pending > 0 ? ` — ${plural(status.pending, 'change', 'changes')} waiting` : '';
  switch (status.state) {
    case 'online':
      return { icon: 'met', text: `Online${waiting}`, tone: 'ok' };
    case 'syncing':
      return { icon: 'syncing', text: `Syncing…${waiting}`, tone: 'busy' };
    case 'offline':
      return { icon: 'offline', text: `Offline${waiting}`, tone: 'warn' };
    case 'error':
      return { icon: 'problem', text: `Sync problem at the case service${waiting}`, tone: 'warn' };
  }
}
