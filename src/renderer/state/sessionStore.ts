import { createStore } from 'zustand/vanilla';
import type { Agent } from '../../shared/domain/agent';
import { ipcContract, type ConsoleBridge } from '../../shared/ipc/contract';

export interface SessionState {
  /** 'checking' until main says whether a session is already open (a reload keeps the sign-in). */
  phase: 'checking' | 'signed_out' | 'signed_in';
  agent: Agent | null;
  /** Everyone the timeline may name, by id. */
  agentsById: Record<string, Agent>;
  signingIn: boolean;
  loginError: string | null;
  /** Why main ended the session (timeout, revoked), shown on the sign-in screen. */
  endedReason: string | null;
  restore(): Promise<void>;
  login(username: string, password: string): Promise<boolean>;
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

    function signedIn(agent: Agent): void {
      set({ phase: 'signed_in', agent, loginError: null, endedReason: null, agentsById: { [agent.id]: agent, ...get().agentsById } });
      void loadDirectory();
    }

    return {
      phase: 'checking',
      agent: null,
      agentsById: {},
      signingIn: false,
      loginError: null,
      endedReason: null,

      async restore() {
        const result = await bridge.invoke('session.current', {});
        if (result.ok && result.value.agent) signedIn(result.value.agent);
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
        signedIn(result.value.agent);
        return true;
      },

      async logout() {
        await bridge.invoke('session.logout', {});
        set({ phase: 'signed_out', agent: null, agentsById: {}, loginError: null });
      },

      sessionEnded(reason) {
        set({ phase: 'signed_out', agent: null, agentsById: {}, endedReason: reason });
      },

      async recheck() {
        if (get().phase !== 'signed_in') return;
        const result = await bridge.invoke('session.current', {});
        if (!result.ok || get().phase !== 'signed_in') return;
        if (result.value.agent?.id !== get().agent?.id) get().sessionEnded('the Agent Console host restarted. Sign in again.');
      },
    };
  });
}
