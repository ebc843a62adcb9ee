import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { DRAFTS_FILE_NAME } from '../../../../src/main/services/drafts/draftStore';
import { agentDir } from '../../../../src/main/services/keys/agentVault';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD } from '../../../../src/server/index';
import { ipcContract, type IpcEventPayload } from '../../../../src/shared/ipc/contract';
import { freshDemoTotpCode } from '../../../server/helpers/freshTotp';
import { useDemoCaseService } from './demoCaseService';
import { tempDir, testKey } from '../../support';

const demo = useDemoCaseService();
const { clock, consoles } = demo;

/** One desktop: its data folder and keyring, started (and restarted) like the host does. */
async function desktop(dataDir: string, key: Buffer): Promise<ConsoleService> {
  const console = await createConsoleService({ dataDir, serviceUrl: demo.service.url, keyProtectors: [createMemoryKeyProtector(key)], requestTimeoutMs: 2_000, warn: () => undefined, logError: () => undefined });
  consoles.push(console);
  return console;
}

async function signIn(console: ConsoleService, username: string): Promise<void> {
  const result = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, clock) });
  if (!result.ok) throw new Error(result.error.message);
}

async function drafts(console: ConsoleService) {
  const result = await console.dispatchIpc('drafts.list', {});
  if (!result.ok) throw new Error(result.error.message);
  return ipcContract['drafts.list'].response.parse(result.value).drafts;
}

const walkIn = { key: 'walkin', fields: { manualName: 'Dana Whitfield', subject: 'Card kept by the branch ATM' } };
const answer = { key: 'workflow:AC-7K4MP-9QX2H:billing_fee_dispute:record_fee', fields: { feeAmount: '35.00' } };

describe('drafts across sign-outs and restarts of the desktop', () => {
  it('keeps an agent’s drafts through their sign-out and a restart of the host, and never shows them to another agent', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const first = await desktop(dataDir, key);
    await signIn(first, 'agent');
    expect(await first.dispatchIpc('drafts.put', walkIn)).toEqual({ ok: true, value: { ok: true } });
    await first.dispatchIpc('drafts.put', answer);
    await first.dispatchIpc('session.logout', {});

    await signIn(first, 'agent02');
    expect(await drafts(first)).toEqual([]);
    await first.dispatchIpc('drafts.put', { key: 'walkin', fields: { subject: 'Sam’s own walk-in' } });
    await first.dispatchIpc('session.logout', {});

    await signIn(first, 'agent');
    expect(await drafts(first)).toEqual([walkIn, answer]);
    await first.dispatchIpc('drafts.put', { key: 'walkin', fields: { ...walkIn.fields, subject: 'Card kept by the branch ATM on Main St' } });
    // The host stops (no sign-out) a moment after the last keystroke reached main.
    await first.close();
    consoles.pop();

    const restarted = await desktop(dataDir, key);
    expect(await restarted.dispatchIpc('drafts.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await signIn(restarted, 'agent');
    expect(await drafts(restarted)).toEqual([answer, { key: 'walkin', fields: { ...walkIn.fields, subject: 'Card kept by the branch ATM on Main St' } }]);
    await restarted.dispatchIpc('session.logout', {});
    await signIn(restarted, 'agent02');
    expect(await drafts(restarted)).toEqual([{ key: 'walkin', fields: { subject: 'Sam’s own walk-in' } }]);
  });

  it('keeps them when a supervisor ends the session, and tells the agent when their drafts file cannot be read, signing them in all the same', async () => {
    const dataDir = await tempDir();
    const key = testKey();
    const console = await desktop(dataDir, key);
    await signIn(console, 'agent');
    await console.dispatchIpc('drafts.put', walkIn);
    const ended = new Promise<IpcEventPayload<'session.ended'>>((resolve) => console.on('session.ended', resolve));
    const login = await fetch(`${demo.service.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'supervisor', password: DEMO_PASSWORD, deviceId: 'sup-desk', otp: freshDemoTotpCode('supervisor', clock) }),
    });
    const { token } = (await login.json()) as { token: string };
    expect((await fetch(`${demo.service.url}/v1/agents/AGT-001/sessions/end`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await console.sync.syncNow();
    await ended;
    expect(await console.dispatchIpc('drafts.list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    await signIn(console, 'agent');
    expect(await drafts(console)).toEqual([walkIn]);
    await console.close();
    consoles.pop();

    // The file is damaged while the console is down: the next sign-in opens, with a notice instead of the drafts.
    const path = join(agentDir(dataDir, 'agent'), DRAFTS_FILE_NAME);
    const sealed = await readFile(path);
    await writeFile(path, sealed.subarray(0, sealed.length - 1));
    const restarted = await desktop(dataDir, key);
    await signIn(restarted, 'agent');
    expect(await drafts(restarted)).toEqual([]);
    const notices = await restarted.dispatchIpc('storage.notices', {});
    expect(notices).toMatchObject({ ok: true, value: { notices: [{ kind: 'drafts_damaged', title: 'Unsent drafts could not be restored', setAside: expect.stringContaining('damaged') }] } });
  });
});
