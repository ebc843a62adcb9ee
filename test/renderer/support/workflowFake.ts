import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaseEvent, type CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { IpcRequest, IpcResult } from '../../../src/shared/ipc/contract';
import type { WorkflowConfigBundle } from '../../../src/shared/ipc/workflowContract';
import { RemediationApprovers } from '../../../src/shared/remediation/approvers';
import { AcknowledgementSettings } from '../../../src/shared/walkin/acknowledgement';
import { acknowledgementForCase } from '../../../src/shared/walkin/acknowledgementForCase';
import { renderAcknowledgementPdf } from '../../../src/shared/walkin/acknowledgementPdf';
import { RemediationLimits, TimeWindowConfig, buildWorkflowRegistry } from '../../../src/shared/workflow';

const RESOURCES = join(import.meta.dirname, '../../../resources');
const json = (relative: string): unknown => JSON.parse(readFileSync(join(RESOURCES, relative), 'utf8'));

/** The shipped workflow configuration, as main would send it. */
export function shippedWorkflowBundle(): WorkflowConfigBundle {
  const definitions = readdirSync(join(RESOURCES, 'workflows'))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ fileName: `workflows/${name}`, json: json(`workflows/${name}`) }));
  return {
    definitions,
    limits: RemediationLimits.parse(json('remediation-limits.json')),
    windows: TimeWindowConfig.parse(json('time-windows.json')),
    approvers: RemediationApprovers.parse(json('remediation-approvers.json')),
    problems: [],
  };
}

interface HeldEvent {
  event: unknown;
  seq: number | null;
  synced: boolean;
  localSeq: number;
}

/** main's workflow channels for the in-memory bridge: configuration, acknowledgements (real PDFs) and printing. */
export class WorkflowFake {
  bundle: WorkflowConfigBundle = shippedWorkflowBundle();
  readonly printed: IpcRequest<'print.pdf'>[] = [];
  printSupported = false;

  handle(channel: 'workflows.config' | 'acknowledgement.pdf' | 'print.pdf', request: unknown, journal: readonly HeldEvent[], branchId: string | null): IpcResult<unknown> | Promise<IpcResult<unknown>> {
    switch (channel) {
      case 'workflows.config':
        return { ok: true, value: this.bundle };
      case 'print.pdf':
        if (!this.printSupported) return { ok: false, error: { code: 'print_unavailable', message: 'Printing from here is only available in the desktop app.' } };
        this.printed.push(request as IpcRequest<'print.pdf'>);
        return { ok: true, value: { opened: true } };
      case 'acknowledgement.pdf':
        return this.acknowledgement((request as IpcRequest<'acknowledgement.pdf'>).caseId, journal, branchId);
    }
  }

  private async acknowledgement(caseId: string, journal: readonly HeldEvent[], branchId: string | null): Promise<IpcResult<unknown>> {
    const events: CaseEvent[] = journal
      .filter((held) => (held.event as { caseId: string }).caseId === caseId)
      .sort((a, b) => a.localSeq - b.localSeq)
      .flatMap((held) => {
        const parsed = parseCaseEvent(held.event);
        return parsed.ok ? [parsed.event] : [];
      });
    const { registry } = buildWorkflowRegistry(this.bundle.definitions);
    if (!this.bundle.limits || !this.bundle.windows) throw new Error('fake bundle has no limits');
    const now = new Date().toISOString();
    const built = acknowledgementForCase({
      events,
      registry,
      limits: this.bundle.limits,
      windows: this.bundle.windows,
      sla: null,
      settings: AcknowledgementSettings.parse(json('acknowledgement.json')),
      customer: null,
      branchId,
      timeZone: 'America/New_York',
      now,
    });
    if (!built.ok) return { ok: false, error: { code: 'case_not_found', message: built.reason } };
    const pdf = await renderAcknowledgementPdf(built.content, new Date(now));
    return { ok: true, value: { fileName: `acknowledgement-${caseId}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64'), clocksUnavailableReason: built.clocksUnavailableReason } };
  }
}
