import { afterAll, beforeAll, expect, it } from 'vitest';
import { createConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, startCaseService, type CaseService, demoTotpCode } from '../../../../src/server/index';
import { ipcContract, type IpcEventPayload } from '../../../../src/shared/ipc/contract';
import { tempDir, testKey } from '../../support';

let service: CaseService;
beforeAll(async () => {
  service = await startCaseService({
    dataDir: await tempDir('agent-console-sla-svc-'),
    seed: { customers: 6, transactions: 10, openCases: 2, resolvedCases: 0 },
    escalation: { sweepOnStart: false, sweepIntervalMs: 3_600_000, webhookIntervalMs: 3_600_000 },
  });
});
afterAll(async () => {
  await service.close();
});

it('fetches the service’s SLA configuration after sign-in, announces it, and shows OS notifications only where the host can', async () => {
  const shown: { title: string; body: string }[] = [];
  const console = await createConsoleService({
    dataDir: await tempDir(),
    serviceUrl: service.url,
    keyProtectors: [createMemoryKeyProtector(testKey())],
    warn: () => undefined,
    notifyOs: (notification) => {
      shown.push(notification);
      return true;
    },
  });
  try {
    expect(await console.dispatchIpc('config.sla', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    const changed = new Promise<IpcEventPayload<'config.changed'>>((resolve) => console.on('config.changed', resolve));
    await console.dispatchIpc('session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') });
    expect(await changed).toMatchObject({ source: 'service' });
    const result = await console.dispatchIpc('config.sla', {});
    if (!result.ok) throw new Error(result.error.message);
    const snapshot = ipcContract['config.sla'].response.parse(result.value);
    expect(snapshot.source).toBe('service');
    expect((snapshot.calendars as { id: string }[]).map((c) => c.id)).toContain('general-support');

    expect(await console.dispatchIpc('notify.os', { title: 'SLA breached', body: 'CASE-1 first response is overdue' })).toEqual({ ok: true, value: { shown: true } });
    expect(shown).toEqual([{ title: 'SLA breached', body: 'CASE-1 first response is overdue' }]);
    expect(await console.dispatchIpc('notify.os', { title: '', body: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  } finally {
    await console.close();
  }
});
