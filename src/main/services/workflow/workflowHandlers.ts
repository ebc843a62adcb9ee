import type { SlaConfigSnapshot } from '../../../shared/ipc/contract';
import type { workflowChannels } from '../../../shared/ipc/workflowContract';
import { readSlaConfigDocument } from '../../../shared/slaConfig/slaConfigDocument';
import type { CustomerTier } from '../../../shared/domain/enums';
import { acknowledgementForCase } from '../../../shared/walkin/acknowledgementForCase';
import { renderAcknowledgementPdf } from '../../../shared/walkin/acknowledgementPdf';
import { bundledShifts } from '../sla/bundledSlaConfig';
import { IpcError } from '../ipc/ipcError';
import type { IpcHandlers } from '../ipc/ipcHandlers';
import type { Journal } from '../storage/journal';
import { journalCaseEvents } from '../storage/journalCaseEvents';
import type { StoredSession } from '../session/sessionStore';
import { readWorkflowResources } from './workflowResources';

export type WorkflowChannel = Exclude<keyof typeof workflowChannels, 'workflows.config'>;
export type WorkflowHandlers = Pick<IpcHandlers, WorkflowChannel>;

/** The workflow configuration: the same for every agent and needed before anyone's data is open. */
export function workflowConfigHandler(resourcesDir: string): Pick<IpcHandlers, 'workflows.config'> {
  return { 'workflows.config': async () => (await readWorkflowResources(resourcesDir)).bundle };
}

/** Opens a PDF for the agent to print; resolves to whether a print view was opened. Electron only. */
export type PrintPdf = (pdf: Uint8Array, title: string) => Promise<boolean>;

export interface WorkflowHandlerDeps {
  resourcesDir: string;
  journal: Journal;
  requireSession(): StoredSession;
  slaSnapshot(): SlaConfigSnapshot;
  /** The customer's name and tier, from the service or the encrypted cache; null when neither has them. */
  lookupCustomer(customerId: string): Promise<{ fullName: string; tier: CustomerTier } | null>;
  now(): number;
  printPdf?: PrintPdf;
}

/**
 * Workflow configuration, acknowledgements and printing. The acknowledgement is built here,
 * from the journal, so it says exactly what the case records (even offline, even after the
 * renderer reloaded) and Electron can print the same bytes the browser host downloads.
 */
export function createWorkflowHandlers(deps: WorkflowHandlerDeps): WorkflowHandlers {
  return {
    'acknowledgement.pdf': async ({ caseId }) => {
      const { agent } = deps.requireSession();
      const resources = await readWorkflowResources(deps.resourcesDir);
      const { limits, windows } = resources.bundle;
      if (!resources.acknowledgement || !limits || !windows) {
        const broken = resources.bundle.problems.filter((p) => /acknowledgement|remediation-limits|time-windows/.test(p.file));
        throw new IpcError('configuration_invalid', `The acknowledgement cannot be printed: ${broken.map((p) => `${p.file} ${p.path}: ${p.message}`).join('; ')}`);
      }
      const events = journalCaseEvents(deps.journal, caseId);
      const created = events.find((event) => event.type === 'case.created');
      const customerId = created?.type === 'case.created' ? created.payload.customerId : null;
      const customer = customerId ? await deps.lookupCustomer(customerId) : null;
      const sla = readSlaConfigDocument(deps.slaSnapshot(), 'in force', bundledShifts);
      const now = new Date(deps.now()).toISOString();
      const built = acknowledgementForCase({
        events,
        registry: resources.registry,
        limits,
        windows,
        sla: sla.ok ? sla.value.config : null,
        settings: resources.acknowledgement,
        customer,
        branchId: agent.branchId,
        timeZone: agent.timeZone,
        now,
      });
      if (!built.ok) throw new IpcError('case_not_found', `No acknowledgement for case ${caseId}: ${built.reason}.`);
      const pdf = await renderAcknowledgementPdf(built.content, new Date(now));
      return { fileName: `acknowledgement-${caseId}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64'), clocksUnavailableReason: built.clocksUnavailableReason };
    },

    'print.pdf': async ({ title, pdfBase64 }) => {
      deps.requireSession();
      if (!deps.printPdf) {
        throw new IpcError('print_unavailable', 'Printing from here is only available in the desktop app.', 'Download the PDF and print it from your browser.');
      }
      const bytes = Buffer.from(pdfBase64, 'base64');
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new IpcError('invalid_pdf', 'This is not a PDF, so it was not printed.');
      return { opened: await deps.printPdf(new Uint8Array(bytes), title) };
    },
  };
}
