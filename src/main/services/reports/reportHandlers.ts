import type { ReportChannel } from '../../../shared/ipc/reportsContract';
import { permissionLabel, type Permission } from '../../../shared/policy/permissions';
import { describeRole, hasPermission } from '../../../shared/policy/rolesConfig';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlerRequest, IpcHandlers } from '../ipc/ipcHandlers';
import type { StoredSession } from '../session/sessionStore';
import type { ReportsClient } from './reportsClient';

export type ReportHandlers = Pick<IpcHandlers, ReportChannel>;

/** The permissions each channel needs, any one of them: the same the service's routes ask (reportRoutes.ts, qaRoutes.ts). */
export const REPORT_CHANNEL_PERMISSIONS: Record<ReportChannel, readonly Permission[]> = {
  'reports.kpis': ['view_reports'],
  'reports.intraday': ['view_reports'],
  'reports.trend': ['view_reports'],
  'reports.drivers': ['view_reports'],
  'reports.staffing': ['view_reports'],
  'reports.compliance': ['view_reports'],
  'qa.overview': ['view_reports', 'score_qa'],
  'qa.review': ['score_qa'],
  'qa.drawSample': ['score_qa'],
  'qa.submitEvaluation': ['score_qa'],
  'qa.closeAction': ['score_qa', 'view_reports'],
  'qa.openCalibration': ['score_qa'],
};

export interface ReportHandlerDeps {
  client: ReportsClient;
  requireSession(): StoredSession;
  serviceFailure(error: unknown, action: string): Promise<IpcError>;
}

/**
 * Reports and QA for supervisors, compliance officers and QA reviewers. They need a signed-in
 * session, not the agent's local data: reports are read live from the service. A role without
 * the right is refused here, before anything leaves the desktop, with the service's own rule.
 */
export function createReportHandlers(deps: ReportHandlerDeps): ReportHandlers {
  const handler = <C extends ReportChannel>(channel: C, action: string): ReportHandlers[C] => {
    const run = async (request: IpcHandlerRequest<C>) => {
      const { agent, token } = deps.requireSession();
      const needed = REPORT_CHANNEL_PERMISSIONS[channel];
      if (!needed.some((permission) => hasPermission(agent.role, permission))) {
        throw new IpcError('forbidden', `Your role (${describeRole(agent.role)}) cannot ${needed.map((permission) => permissionLabel[permission]).join(' or ')}.`, 'Reports are for supervisors, compliance officers and QA reviewers.');
      }
      try {
        return await deps.client.ask(token, channel, request);
      } catch (error) {
        throw await deps.serviceFailure(error, action);
      }
    };
    return run as ReportHandlers[C];
  };
  return {
    'reports.kpis': handler('reports.kpis', 'load the KPIs'),
    'reports.intraday': handler('reports.intraday', 'load today’s intervals'),
    'reports.trend': handler('reports.trend', 'load the trend'),
    'reports.drivers': handler('reports.drivers', 'load the contact drivers'),
    'reports.staffing': handler('reports.staffing', 'load the staffing plan'),
    'reports.compliance': handler('reports.compliance', 'load the compliance view'),
    'qa.overview': handler('qa.overview', 'load QA'),
    'qa.review': handler('qa.review', 'load your review queue'),
    'qa.drawSample': handler('qa.drawSample', 'draw the QA sample'),
    'qa.submitEvaluation': handler('qa.submitEvaluation', 'record the evaluation'),
    'qa.closeAction': handler('qa.closeAction', 'close the corrective action'),
    'qa.openCalibration': handler('qa.openCalibration', 'open the calibration session'),
  };
}
