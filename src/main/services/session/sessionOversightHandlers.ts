import { judgeSessionOversight } from '../../../shared/policy/sessionOversight';
import { ActiveSessionsResponse, EndSessionsResponse } from '../../../shared/sync/protocol';
import type { ServiceCaller } from '../caseService/serviceCaller';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlers } from '../ipc/ipcHandlers';
import type { StoredSession } from './sessionStore';

export interface SessionOversightDeps {
  caller: ServiceCaller;
  requireSession(): StoredSession;
  serviceFailure(error: unknown, action: string): Promise<IpcError>;
}

/**
 * The Sessions screen's channels: read live from the case service with the signed-in session's
 * token. A role that may not end sessions is refused here with the service's own rule, before
 * anything leaves the desktop; the service decides again (and alone knows each person's team).
 */
export function createSessionOversightHandlers(deps: SessionOversightDeps): Pick<IpcHandlers, 'sessions.list' | 'sessions.end'> {
  const overseer = (): StoredSession => {
    const session = deps.requireSession();
    const ruling = judgeSessionOversight(session.agent, null);
    if (!ruling.ok) throw new IpcError('forbidden', ruling.reason, ruling.hint);
    return session;
  };
  return {
    'sessions.list': async () => {
      const { token } = overseer();
      try {
        return await deps.caller.call(ActiveSessionsResponse, 'GET', '/v1/sessions', { token });
      } catch (error) {
        throw await deps.serviceFailure(error, 'load the sessions');
      }
    },
    'sessions.end': async ({ agentId }) => {
      const { token } = overseer();
      try {
        return await deps.caller.call(EndSessionsResponse, 'POST', `/v1/agents/${encodeURIComponent(agentId)}/sessions/end`, { token });
      } catch (error) {
        throw await deps.serviceFailure(error, 'end the sessions');
      }
    },
  };
}
