import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { SOURCE_RESOURCES_DIR } from '../../../../src/main/services/workflow/workflowResources';
import { DEMO_PASSWORD, startCaseService, type CaseService, demoTotpCode } from '../../../../src/server/index';
import type { IpcResponse, IpcResult } from '../../../../src/shared/ipc/contract';
import { walkInContactSummary } from '../../../../src/shared/walkin/walkInContact';
import { pdfText } from '../../../support/pdfText';
import { tempDir, testKey } from '../../support';

let service: CaseService;
let serviceDir: string;
beforeAll(async () => {
  // Not tempDir(): that one is removed after each test, and the service lives for the whole file.
  serviceDir = await mkdtemp(join(tmpdir(), 'agent-console-svc-'));
  service = await startCaseService({ dataDir: serviceDir, port: 0, seed: { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 }, logger: false });
});
afterAll(async () => {
  await service.close();
  await rm(serviceDir, { recursive: true, force: true });
});

const consoles: ConsoleService[] = [];
afterEach(async () => {
  await Promise.all(consoles.splice(0).map((c) => c.close()));
});

async function openConsole(options: { resourcesDir?: string; printPdf?: (pdf: Uint8Array, title: string) => Promise<boolean>; serviceUrl?: string } = {}) {
  const console = await createConsoleService({
    dataDir: await tempDir(),
    serviceUrl: options.serviceUrl ?? service.url,
    keyProtectors: [createMemoryKeyProtector(testKey())],
    requestTimeoutMs: 2_000,
    warn: () => undefined,
    logError: () => undefined,
    ...(options.resourcesDir ? { resourcesDir: options.resourcesDir } : {}),
    ...(options.printPdf ? { printPdf: options.printPdf } : {}),
  });
  consoles.push(console);
  return console;
}

function value<T>(result: IpcResult<unknown>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('workflows.config', () => {
  it('sends every shipped workflow with the limits, windows and approvers, and no problems', async () => {
    const console = await openConsole();
    const bundle = value<IpcResponse<'workflows.config'>>(await console.dispatchIpc('workflows.config', {}));
    expect(bundle.definitions.map((d) => d.fileName)).toHaveLength(8);
    expect(bundle.problems).toEqual([]);
    expect(bundle.limits?.grantLimitsCents.tier1_agent).toBe(10_000);
    expect(bundle.windows?.rules.refund_eligibility.days).toBe(30);
    expect(bundle.approvers?.approvers.finance_legal).toEqual(['compliance']);
  });

  it('leaves out a definition with a dangling branch, naming the file and path, and keeps the rest', async () => {
    const resourcesDir = await tempDir('agent-console-resources-');
    await cp(SOURCE_RESOURCES_DIR, resourcesDir, { recursive: true });
    const file = join(resourcesDir, 'workflows', 'refund_request.v1.json');
    const definition = JSON.parse(await readFile(file, 'utf8')) as { steps: { next?: unknown }[] };
    definition.steps[0]!.next = { branches: [{ when: { field: 'transactionAmount', gt: 100 }, goto: 'nowhere' }], default: 'assess' };
    await writeFile(file, JSON.stringify(definition));
    await writeFile(join(resourcesDir, 'time-windows.json'), '{ "timeZone": "Mars/Olympus", "rules": {} }');
    const console = await openConsole({ resourcesDir });
    const bundle = value<IpcResponse<'workflows.config'>>(await console.dispatchIpc('workflows.config', {}));
    expect(bundle.definitions).toHaveLength(7);
    expect(bundle.problems).toContainEqual({ file: 'workflows/refund_request.v1.json', path: '$.steps[0].next.branches[0].goto', message: 'goes to step "nowhere", which does not exist' });
    expect(bundle.windows).toBeNull();
    expect(bundle.problems.some((p) => p.file === 'time-windows.json' && p.path === '$.timeZone')).toBe(true);
  });
});

describe('acknowledgement.pdf and print.pdf', () => {
  it('builds the acknowledgement of a walk-in recorded offline, from the journal', async () => {
    const printed: { title: string; bytes: number }[] = [];
    // Built from this desktop's journal alone: nothing below needs to have synced.
    const console = await openConsole({ printPdf: async (pdf, title) => (printed.push({ title, bytes: pdf.length }), true) });
    value(await console.dispatchIpc('session.login', { username: 'branch', password: DEMO_PASSWORD, otp: demoTotpCode('branch') }));
    const caseId = `WALKIN-BR001-20260305-${randomUUID().slice(0, 8).toUpperCase()}`;
    const append = async (type: string, payload: unknown) => value(await console.dispatchIpc('events.append', { id: randomUUID(), caseId, type, payload }));
    await append('case.created', { customerId: null, caseType: 'complaint', severity: 'S3', channel: 'walk_in', subject: 'Queue too long', ownerId: 'AGT-015' });
    await append('contact.linked', { contactId: randomUUID(), channel: 'walk_in', direction: 'inbound', summary: walkInContactSummary('BR-001', { fullName: 'Ada Lovelace', contact: '' }) });
    await append('workflow.started', { workflowId: 'walk_in_complaint', version: 1 });
    await append('workflow.answered', { workflowId: 'walk_in_complaint', version: 1, stepId: 'welcome', fieldId: 'complaintCategory', value: 'staff_or_service' });

    const pdf = value<IpcResponse<'acknowledgement.pdf'>>(await console.dispatchIpc('acknowledgement.pdf', { caseId }));
    expect(pdf.fileName).toBe(`acknowledgement-${caseId}.pdf`);
    const text = pdfText(Buffer.from(pdf.pdfBase64, 'base64'));
    expect(text).toContain(caseId);
    expect(text).toContain('Ada Lovelace');
    expect(text).toContain('Staff or service at the branch');
    expect(pdf.clocksUnavailableReason).toBeNull();

    expect(value(await console.dispatchIpc('print.pdf', { title: `Acknowledgement ${caseId}`, pdfBase64: pdf.pdfBase64 }))).toEqual({ opened: true });
    expect(printed).toEqual([{ title: `Acknowledgement ${caseId}`, bytes: Buffer.from(pdf.pdfBase64, 'base64').length }]);
    const notPdf = await console.dispatchIpc('print.pdf', { title: 'x', pdfBase64: Buffer.from('hello').toString('base64') });
    expect(notPdf).toMatchObject({ ok: false, error: { code: 'invalid_pdf' } });
    expect(await console.dispatchIpc('acknowledgement.pdf', { caseId: 'NO-SUCH-CASE' })).toMatchObject({ ok: false, error: { code: 'case_not_found' } });
  });

  it('says printing is unavailable where the host cannot print (browser host)', async () => {
    const console = await openConsole();
    value(await console.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') }));
    const result = await console.dispatchIpc('print.pdf', { title: 'x', pdfBase64: Buffer.from('%PDF-1.7').toString('base64') });
    expect(result).toMatchObject({ ok: false, error: { code: 'print_unavailable', hint: expect.stringMatching(/Download/) } });
  });
});
