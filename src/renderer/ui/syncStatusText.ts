import type { SyncStatus } from '../../shared/ipc/contract';
import { plural } from './format';

export type SyncTone = 'ok' | 'busy' | 'warn';

export interface SyncStatusView {
  icon: string;
  text: string;
  tone: SyncTone;
}

/** Sync state in words (never colour alone): "Online", "Syncing…", "Offline — 2 changes waiting". */
export function describeSyncStatus(status: SyncStatus | null, hostConnected: boolean): SyncStatusView {
  if (!hostConnected) return { icon: '⟳', text: 'Reconnecting to the console host…', tone: 'warn' };
  if (!status) return { icon: '…', text: 'Checking sync…', tone: 'busy' };
  const waiting = status.pending > 0 ? ` — ${plural(status.pending, 'change', 'changes')} waiting` : '';
  switch (status.state) {
    case 'online':
      return { icon: '✓', text: `Online${waiting}`, tone: 'ok' };
    case 'syncing':
      return { icon: '⟳', text: `Syncing…${waiting}`, tone: 'busy' };
    case 'offline':
      return { icon: '⚠', text: `Offline${waiting}`, tone: 'warn' };
  }
}
