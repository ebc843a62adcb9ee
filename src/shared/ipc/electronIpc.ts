import type { IpcChannel, IpcEventName } from './contract';

/**
 * How the contract maps onto Electron IPC names, shared by main and the preload. Only types
 * come from the contract, so the sandboxed preload bundles no zod: the lists are spelled out
 * here and the compiler checks they match the contract exactly.
 */
export const ELECTRON_IPC_CHANNELS = [
  'session.login',
  'session.mfaEnrolment',
  'session.activity',
  'session.lock',
  'session.unlock',
  'session.logout',
  'session.current',
  'events.since',
  'events.append',
  'customers.get',
  'agents.list',
  'sessions.list',
  'sessions.end',
  'drafts.list',
  'drafts.put',
  'sync.status',
  'sync.now',
  'config.sla',
  'notify.os',
  'screenpop.history',
  'screenpop.manual',
  'screenpop.reopen',
  'screenpop.rendered',
  'screenpop.linked',
  'screenpop.lookup',
  'lookup.digests',
  'workingSet.get',
  'sensitive.reveal',
  'workflows.config',
  'acknowledgement.pdf',
  'print.pdf',
  'storage.unlock',
  'storage.startAfresh',
  'storage.notices',
  'storage.dismissNotice',
  'storage.readModelKey',
  'reports.kpis',
  'reports.intraday',
  'reports.trend',
  'reports.drivers',
  'reports.staffing',
  'reports.compliance',
  'qa.review',
  'qa.overview',
  'qa.drawSample',
  'qa.submitEvaluation',
  'qa.closeAction',
  'qa.openCalibration',
  'cases.notifications',
] as const satisfies readonly IpcChannel[];

export const ELECTRON_IPC_EVENTS = ['sync.statusChanged', 'events.changed', 'session.ended', 'session.changed', 'session.lockChanged', 'config.changed', 'screenpop.requested', 'workingSet.changed', 'storage.noticesChanged'] as const satisfies readonly IpcEventName[];

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const channelsComplete: Exhaustive<IpcChannel, (typeof ELECTRON_IPC_CHANNELS)[number]> = true;
const eventsComplete: Exhaustive<IpcEventName, (typeof ELECTRON_IPC_EVENTS)[number]> = true;
void channelsComplete;
void eventsComplete;

export const invokeChannelName = (channel: IpcChannel): string => `agent-console:invoke:${channel}`;
export const eventChannelName = (event: IpcEventName): string => `agent-console:event:${event}`;

export function isElectronIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (ELECTRON_IPC_CHANNELS as readonly string[]).includes(value);
}

export function isElectronIpcEvent(value: unknown): value is IpcEventName {
  return typeof value === 'string' && (ELECTRON_IPC_EVENTS as readonly string[]).includes(value);
}
