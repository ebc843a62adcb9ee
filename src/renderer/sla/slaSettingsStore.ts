import { createStore } from 'zustand/vanilla';
import type { ConsoleBridge, SlaConfigSource } from '../../shared/ipc/contract';
import { describeConfigIssues, readSlaConfigDocument, type SlaSettings } from '../../shared/slaConfig/slaConfigDocument';

export interface SlaSettingsState {
  /** The configuration in force here: the last valid one main gave us. */
  settings: SlaSettings | null;
  source: SlaConfigSource | null;
  fetchedAt: string | null;
  /** Why the latest configuration was refused (by main or here), one line per issue. */
  problems: string[];
  /** Could not ask main at all (e.g. the host connection dropped). */
  loadError: string | null;
  /** Loads the configuration and follows `config.changed`; returns the function that stops following. */
  follow(): () => void;
}

export type SlaSettingsStore = ReturnType<typeof createSlaSettingsStore>;

export function createSlaSettingsStore(bridge: ConsoleBridge) {
  return createStore<SlaSettingsState>()((set, get) => ({
    settings: null,
    source: null,
    fetchedAt: null,
    problems: [],
    loadError: null,
    follow() {
      let active = true;
      let generation = 0;
      const load = async () => {
        const mine = ++generation;
        const result = await bridge.invoke('config.sla', {});
        if (!active || mine !== generation) return;
        if (!result.ok) {
          set({ loadError: result.error.message });
          return;
        }
        const snapshot = result.value;
        const read = readSlaConfigDocument(snapshot, snapshot.source);
        if (!read.ok) {
          // Main validated it already, so this is a version mismatch: keep counting on what we had.
          set({ problems: [...snapshot.problems, ...describeConfigIssues(read.errors)], loadError: null });
          return;
        }
        const unchanged = get().settings?.version === read.value.version;
        set({ settings: unchanged ? get().settings : read.value, source: snapshot.source, fetchedAt: snapshot.fetchedAt, problems: snapshot.problems, loadError: null });
      };
      const stop = bridge.on('config.changed', () => void load());
      void load();
      return () => {
        active = false;
        stop();
      };
    },
  }));
}
