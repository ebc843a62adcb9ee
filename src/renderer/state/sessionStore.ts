import { createStore } from 'zustand/vanilla';
import type { Agent } from '../../shared/domain/agent';
import { ipcContract, type ConsoleBridge, type ScreenLock, type StorageState } from '../../shared/ipc/contract';

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
  /** The second step of a sign-in: a code from the authenticator app, or enrolling one first (QR code). */
  mfa: { step: 'code' } | { step: 'enrol'; secret: string; otpauthUri: string } | null;
  /** Shown once after the sign-in that enrolled the second factor, until the agent says they are saved. */
  recoveryCodes: string[];
  /** The idle lock, as main holds it for every window (null while signed out). */
  screenLock: ScreenLock | null;
  lockError: string | null;
  unlocking: boolean;
  restore(): Promise<void>;
  /** True once the console is open again. */
  unlockScreen(password: string, otp?: string): Promise<boolean>;
  screenLockChanged(lock: ScreenLock): void;
  /** True once signed in; false when it failed or the second factor is needed next (see `mfa`). */
  login(username: string, password: string, otp?: string): Promise<boolean>;
  /** Back to the user name and password (another account, or start over). */
  cancelMfa(): void;
  recoveryCodesSaved(): void;
  /** Main's identity changed in another window: follow it at once. */
  identityChanged(agentId: string | null, reason: string): Promise<void>;
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
      mfa: null,
      recoveryCodes: [],
      screenLock: null,
      lockError: null,
      unlocking: false,

      async restore() {
        const result = await bridge.invoke('session.current', {});
        if (result.ok && result.value.agent) {
          set({ screenLock: result.value.lock });
          signedIn(result.value.agent, result.value.storage);
        }
        else set({ phase: 'signed_out', loginError: result.ok ? null : result.error.message });
      },

      async login(username, password, otp) {
        // The contract's own request schema gives the same messages main would.
        const checked = ipcContract['session.login'].request.safeParse({ username, password, ...(otp !== undefined ? { otp } : {}) });
        if (!checked.success) {
          set({ loginError: checked.error.issues[0]?.message ?? 'Check your user name and password.' });
          return false;
        }
        set({ signingIn: true, loginError: null });
        const result = await bridge.invoke('session.login', checked.data);
        if (!result.ok) {
          const { code, message } = result.error;
          if (code === 'mfa_required') {
            set({ signingIn: false, mfa: { step: 'code' }, loginError: null });
          } else if (code === 'mfa_enrolment_required') {
            const offer = await bridge.invoke('session.mfaEnrolment', {});
            const enrolment = offer.ok ? offer.value.enrolment : null;
            set({ signingIn: false, mfa: enrolment ? { step: 'enrol', ...enrolment } : { step: 'code' }, loginError: enrolment ? null : message });
          } else {
            // A wrong or already used code keeps the second step; anything else (a lockout, a wrong password) starts over.
            set({ signingIn: false, loginError: message, ...(code === 'mfa_invalid' || code === 'mfa_replayed' ? {} : { mfa: null }) });
          }
          return false;
        }
        set({ signingIn: false, mfa: null, recoveryCodes: result.value.recoveryCodes, screenLock: result.value.lock, lockError: null });
        signedIn(result.value.agent, result.value.storage);
        return true;
      },

      async unlockScreen(password, otp) {
        const checked = ipcContract['session.unlock'].request.safeParse({ password, ...(otp !== undefined ? { otp } : {}) });
        if (!checked.success) {
          set({ lockError: checked.error.issues[0]?.message ?? 'Enter your password.' });
          return false;
        }
        set({ unlocking: true, lockError: null });
        const result = await bridge.invoke('session.unlock', checked.data);
        if (!result.ok) {
          set({ unlocking: false, lockError: result.error.message });
          if (result.error.code === 'not_signed_in') get().sessionEnded(result.error.message);
          return false;
        }
        set({ unlocking: false, screenLock: result.value, lockError: null });
        return !result.value.locked;
      },

      screenLockChanged(lock) {
        set({ screenLock: lock, ...(lock.locked ? {} : { lockError: null }) });
      },

      cancelMfa() {
        set({ mfa: null, loginError: null });
      },

      recoveryCodesSaved() {
        set({ recoveryCodes: [] });
      },

      async identityChanged(agentId, reason) {
        if (agentId === (get().agent?.id ?? null) || get().signingIn) return;
        if (agentId === null) {
          if (get().phase !== 'signed_out') get().sessionEnded(reason);
          return;
        }
        set({ phase: 'checking', agent: null, agentsById: {}, locked: null });
        await get().restore();
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
        set({ phase: 'signed_out', agent: null, agentsById: {}, loginError: null, locked: null, mfa: null, recoveryCodes: [], screenLock: null });
      },

      sessionEnded(reason) {
        set({ phase: 'signed_out', agent: null, agentsById: {}, endedReason: reason, locked: null, screenLock: null, lockError: null });
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
