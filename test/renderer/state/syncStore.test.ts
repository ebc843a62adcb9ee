import { describe, expect, it } from 'vitest';
import { createSyncStore } from '../../../src/renderer/state/syncStore';
import type { HostConnection } from '../../../src/renderer/bridge/webSocketBridge';
import { seededBridge } from '../support/seed';

function fakeConnection(initially: boolean) {
  let connected = initially;
  const listeners = new Set<(value: boolean) => void>();
  const connection: HostConnection = {
    isConnected: () => connected,
    onChange: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    close: () => {},
  };
  return {
    connection,
    set(value: boolean) {
      connected = value;
      for (const listener of listeners) listener(value);
    },
  };
}

describe('sync store', () => {
  it('reads the connection as it is when it starts following, not as it was when created', async () => {
    const host = fakeConnection(false);
    const store = createSyncStore(seededBridge(), host.connection);
    host.set(true); // opened before anyone listened
    const stop = store.getState().follow();
    expect(store.getState().hostConnected).toBe(true);
    host.set(false);
    expect(store.getState().hostConnected).toBe(false);
    stop();
  });

  it('loads the status, follows main’s updates and re-asks after a reconnect', async () => {
    const fake = seededBridge();
    const host = fakeConnection(true);
    const store = createSyncStore(fake, host.connection);
    const stop = store.getState().follow();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.getState().status?.state).toBe('online');
    fake.setSyncStatus({ state: 'offline', pending: 3 });
    expect(store.getState().status).toMatchObject({ state: 'offline', pending: 3 });
    const asked = fake.calls.filter((call) => call.channel === 'sync.status').length;
    host.set(false);
    host.set(true);
    expect(fake.calls.filter((call) => call.channel === 'sync.status').length).toBe(asked + 1);
    stop();
    fake.setSyncStatus({ state: 'online', pending: 0 });
    expect(store.getState().status?.state).toBe('offline');
  });
});
