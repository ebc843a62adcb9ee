import { CustomerNotificationsResponse } from '../../../shared/notifications/deliveryLog';
import type { ServiceCaller } from '../caseService/serviceCaller';
import type { IpcError } from '../ipc/ipcError';
import type { IpcHandlers } from '../ipc/ipcHandlers';
import type { StoredSession } from '../session/sessionStore';

export interface CaseNotificationsDeps {
  caller: ServiceCaller;
  requireSession(): StoredSession;
  serviceFailure(error: unknown, action: string): Promise<IpcError>;
}

/**
 * The case screen's "Customer notifications": asked live from the case service with the session's
 * token. The service decides who may read the log (whoever may read the case) and answers the
 * addresses masked; nothing of it is stored on the desktop.
 */
export function createCaseNotificationsHandler(deps: CaseNotificationsDeps): Pick<IpcHandlers, 'cases.notifications'> {
  return {
    'cases.notifications': async ({ caseId }) => {
      const { token } = deps.requireSession();
      try {
        return await deps.caller.call(CustomerNotificationsResponse, 'GET', `/v1/cases/${encodeURIComponent(caseId)}/notifications`, { token });
      } catch (error) {
        throw await deps.serviceFailure(error, 'load the customer notifications');
      }
    },
  };
}
