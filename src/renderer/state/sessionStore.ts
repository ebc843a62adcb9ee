import { createStore } from 'zustand/vanilla';
import type { Agent } from '../../shared/domain/agent';
import { ipcContract, type ConsoleBridge, type StorageState } from '../../shared/ipc/contract';

export interface SessionState {
  /**
   * 'checking' until main says whether a session is already open (a reload keeps the sign-in);
   * 'storage_locked' when the agent is signed in but their data here was locked with a previous password.
   */
  phase: 'checking' | 'signed_out' | 'signed_in' | 'storage_locked';
  agent: Agent | null;
  /** Everyone the timeline may name, by id. */
  agentsById: Record<string, Agent>;
  signingIn: boolean;
  loginError: string | null;
  /** Why main ended the session (timeout, revoked), shown on the sign-in screen. */
  endedReason: string | null;
  /** While phase is 'storage_locked': what main said, and the unsynced work starting afresh would leave behind. */
  locked: Extract<StorageState, { state: 'locked' }> | null;
  unlockError: string | null;
  restore(): Promise<void>;
  login(username: string, password: string): Promise<boolean>;
  unlockStorage(previousPassword: string): Promise<boolean>;
  startAfresh(): Promise<void>;
  logout(): Promise<void>;
  sessionEnded(reason: string): void;
  /** After the host connection comes back: main may have restarted and forgotten the session. */
  recheck(): Promise<void>;
}

export type SessionStore = ReturnType<typeof createSessionStore>;

export function createSessionStore(bridge: ConsoleBridge) {
  return createStore<SessionState>()((set, get) => {
    async function loadDirectory(): Promise<void> {
      const result = await bridge.invoke('agents.list', {});
      if (result.ok) set({ agentsById: Object.fromEntries(result.value.agents.map((agent) => [agent.id, agent])) });
    }

    function signedIn(agent: Agent, storage: StorageState | null = { state: 'open' }): void {
      if (storage?.state === 'locked') {
        set({ phase: 'storage_locked', agent, locked: storage, loginError: null, endedReason: null, unlockError: null });
        return;
      }
      set({ phase: 'signed_in', agent, locked: null, unlockError: null, loginError: null, endedReason: null, agentsById: { [agent.id]: agent, ...get().agentsById } });
      void loadDirectory();
    }

    function storageResult(result: Awaited<ReturnType<typeof bridge.invoke<'storage.unlock'>>>): boolean {
      const agent = get().agent;
      if (!result.ok) {
        set({ unlockError: result.error.message });
        return false;
      }
      if (agent) signedIn(agent, result.value.storage);
      return result.value.storage.state === 'open';
    }

    return {
      phase: 'checking',
      agent: null,
      agentsById: {},
      signingIn: false,
      loginError: null,
      endedReason: null,
      locked: null,
      unlockError: null,

      async restore() {
        const result = await bridge.invoke('session.current', {});
        if (result.ok && result.value.agent) signedIn(result.value.agent, result.value.storage);
        else set({ phase: 'signed_out', loginError: result.ok ? null : result.error.message });
      },

      async login(username, password) {
        // The contract's own request schema gives the same messages main would.
        const checked = ipcContract['session.login'].request.safeParse({ username, password });
        if (!checked.success) {
          set({ loginError: checked.error.issues[0]?.message ?? 'Check your user name and password.' });
          return false;
        }
        set({ signingIn: true, loginError: null });
        const result = await bridge.invoke('session.login', checked.data);
        if (!result.ok) {
          set({ signingIn: false, loginError: result.error.message });
          return false;
        }
        set({ signingIn: false });
        signedIn(result.value.agent, result.value.storage);
        return true;
      },

      async unlockStorage(previousPassword) {
        if (previousPassword.length === 0) {
          set({ unlockError: 'Enter your previous password.' });
          return false;
        }
        return storageResult(await bridge.invoke('storage.unlock', { previousPassword }));
      },

      async startAfresh() {
        storageResult(await bridge.invoke('storage.startAfresh', {}));
      },

      async logout() {
        await bridge.invoke('session.logout', {});
        set({ phase: 'signed_out', agent: null, agentsById: {}, loginError: null, locked: null });
      },

      sessionEnded(reason) {
        set({ phase: 'signed_out', agent: null, agentsById: {}, endedReason: reason, locked: null });
      },

      async recheck() {
        if (get().phase !== 'signed_in' && get().phase !== 'storage_locked') return;
        const result = await bridge.invoke('session.current', {});
        if (!result.ok || get().phase === 'signed_out') return;
        if (result.value.agent?.id !== get().agent?.id) get().sessionEnded('the Agent Console host restarted. Sign in again.');
      },
    };
  });
}
