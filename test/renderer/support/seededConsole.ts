import { cleanup } from '@testing-library/react';
import Dexie from 'dexie';
import { afterEach, beforeEach, vi } from 'vitest';
import { readModelDbName } from '../../../src/renderer/data/db';
import type { FakeConsoleBridge } from './fakeBridge';
import { dana, seededBridge } from './seed';

/** The clock every console test runs at, unless it moves it. */
export const CONSOLE_TEST_NOW = '2025-03-03T14:00:00.000Z';

/**
 * Each test gets a fresh seeded bridge (handed to `onFresh` to adjust), a frozen clock and, after
 * it, an unmounted console and deleted read models (those of `agentIds`, by default Dana's). Only Date is faked: Dexie and user-event need
 * real timers.
 */
export function useSeededConsole(onFresh: (fake: FakeConsoleBridge) => void, options: { settleMs?: number; agentIds?: readonly string[] } = {}): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(CONSOLE_TEST_NOW));
    onFresh(seededBridge());
  });
  afterEach(async () => {
    cleanup();
    vi.useRealTimers();
    // Work the unmounted console started (a catch-up, a working-set page) settles first, so nothing reopens the database mid-delete.
    if (options.settleMs) await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    await Promise.all((options.agentIds ?? [dana.id]).map((agentId) => Dexie.delete(readModelDbName(agentId))));
  });
}
