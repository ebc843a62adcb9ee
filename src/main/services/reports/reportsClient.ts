import type { IpcHandlerRequest } from '../ipc/ipcHandlers';
import { reportChannels, type ReportChannel } from '../../../shared/ipc/reportsContract';
import type { IpcResponse } from '../../../shared/ipc/contract';
import { createServiceCaller, type ServiceCallerOptions } from '../caseService/serviceCaller';

/** Where each supervision channel goes on the case service (src/server/reports). */
const ROUTES: Record<ReportChannel, { method: 'GET' | 'POST'; path: string }> = {
  'reports.kpis': { method: 'GET', path: '/v1/reports/kpis' },
  'reports.intraday': { method: 'GET', path: '/v1/reports/intraday' },
  'reports.trend': { method: 'GET', path: '/v1/reports/trend' },
  'reports.drivers': { method: 'GET', path: '/v1/reports/drivers' },
  'reports.staffing': { method: 'GET', path: '/v1/reports/staffing' },
  'reports.compliance': { method: 'GET', path: '/v1/reports/compliance' },
  'qa.overview': { method: 'GET', path: '/v1/qa' },
  'qa.review': { method: 'GET', path: '/v1/qa/review' },
  'qa.drawSample': { method: 'POST', path: '/v1/qa/samples' },
  'qa.submitEvaluation': { method: 'POST', path: '/v1/qa/evaluations' },
  'qa.closeAction': { method: 'POST', path: '/v1/qa/corrective-actions/close' },
  'qa.openCalibration': { method: 'POST', path: '/v1/qa/calibrations' },
};

export interface ReportsClient {
  /** Asks the route behind `channel` with the session's token; the answer is validated against the contract's response. */
  ask<C extends ReportChannel>(token: string, channel: C, request: IpcHandlerRequest<C>): Promise<IpcResponse<C>>;
}

export function createReportsClient(options: ServiceCallerOptions): ReportsClient {
  const { call } = createServiceCaller(options);
  return {
    async ask(token, channel, request) {
      const route = ROUTES[channel];
      const schema = reportChannels[channel].response;
      if (route.method === 'POST') return (await call(schema, 'POST', route.path, { token, body: request })) as IpcResponse<typeof channel>;
      const query = toQuery(request as Record<string, unknown>);
      return (await call(schema, 'GET', query ? `${route.path}?${query}` : route.path, { token })) as IpcResponse<typeof channel>;
    },
  };
}

/** The report routes read lists as comma-separated values; empty lists are left out (no filter). */
function toQuery(request: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  return params.toString();
}
