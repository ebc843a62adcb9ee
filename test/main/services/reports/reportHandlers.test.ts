import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD, startCaseService, type CaseService } from '../../../../src/server/index';
import { reportChannels, type ReportChannel } from '../../../../src/shared/ipc/reportsContract';
import { tempDir, testKey } from '../../support';
import { freshDemoTotpCode, steppingClock } from '../../../server/helpers/freshTotp';

/** The service's clock: real time, moved on a TOTP step when a user's sign-ins here have used every code it accepts now (each code signs in once). */
const clock = steppingClock();

let service: CaseService;
// Not tempDir(): that is emptied after each test, and the service's database lives here for the whole file.
let serviceDir: string;
beforeAll(async () => {
  serviceDir = await mkdtemp(join(tmpdir(), 'agent-console-reports-svc-'));
  service = await startCaseService({ now: clock,
    dataDir: serviceDir,
    port: 0,
    seed: { customers: 200, transactions: 40, openCases: 4, resolvedCases: 2, historyDays: 10, contactsPerDay: 40 },
    logger: false,
  });
}, 120_000);
afterAll(async () => {
  await service.close();
  await rm(serviceDir, { recursive: true, force: true });
});

const consoles: ConsoleService[] = [];
afterEach(async () => {
  await Promise.all(consoles.splice(0).map((c) => c.close()));
});

/** The console, counting what it asks of the report routes. */
async function signedIn(username: string) {
  const asked: string[] = [];
  const console = await createConsoleService({
    dataDir: await tempDir(),
    serviceUrl: service.url,
    keyProtectors: [createMemoryKeyProtector(testKey())],
    fetch: (input, init) => {
      const url = String(input);
      if (/\/v1\/(reports|qa)/.test(url)) asked.push(url);
      return fetch(input, init);
    },
    requestTimeoutMs: 5_000,
    warn: () => undefined,
    logError: () => undefined,
  });
  consoles.push(console);
  const login = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, clock) });
  if (!login.ok) throw new Error(login.error.message);
  return { console, asked };
}

const today = new Date().toISOString().slice(0, 10);
const requests: Record<ReportChannel, unknown> = {
  'reports.kpis': { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() },
  'reports.intraday': { date: today },
  'reports.trend': { from: today, to: today, bucket: 'day' },
  'reports.drivers': { month: today.slice(0, 7) },
  'reports.staffing': { date: today },
  'reports.compliance': { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString() },
  'qa.overview': {},
  'qa.review': { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date().toISOString() },
  'qa.drawSample': { from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString(), rate: 0.05, seed: 7 },
  'qa.submitEvaluation': { evaluationId: 'E-1', caseId: 'CASE-1', points: {} },
  'qa.closeAction': { actionId: 'CA-1', note: 'Coached' },
  'qa.openCalibration': { calibrationId: 'C-1', caseId: 'CASE-1', title: 'Calibration' },
};

describe('report handlers', () => {
  it('refuses a Tier 1 agent every report and QA channel before anything is sent to the service', async () => {
    const { console, asked } = await signedIn('agent');
    for (const channel of Object.keys(reportChannels) as ReportChannel[]) {
      const result = await console.dispatchIpc(channel, requests[channel]);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/^Your role \(Tier 1 agent\) cannot/) } });
    }
    expect(asked).toEqual([]);
  });

  it('refuses a caller who is not signed in', async () => {
    const console = await createConsoleService({ dataDir: await tempDir(), serviceUrl: service.url, keyProtectors: [createMemoryKeyProtector(testKey())], warn: () => undefined });
    consoles.push(console);
    expect(await console.dispatchIpc('reports.kpis', requests['reports.kpis'])).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  it('gives a supervisor the KPIs, filtered by team, from the service with their session', async () => {
    const { console, asked } = await signedIn('supervisor');
    const all = await console.dispatchIpc('reports.kpis', requests['reports.kpis']);
    if (!all.ok) throw new Error(all.error.message);
    const report = reportChannels['reports.kpis'].response.parse(all.value);
    expect(report.report.counts.contactsOffered).toBeGreaterThan(0);
    const team = report.options.teams[0]!.id;
    const filtered = await console.dispatchIpc('reports.kpis', { ...(requests['reports.kpis'] as object), teams: [team] });
    if (!filtered.ok) throw new Error(filtered.error.message);
    expect(reportChannels['reports.kpis'].response.parse(filtered.value).report.filter.teams).toEqual([team]);
    expect(asked.at(-1)).toContain(`teams=${encodeURIComponent(team)}`);
  });

  it('refuses a malformed query with the route’s own words before it reaches the service', async () => {
    const { console, asked } = await signedIn('supervisor');
    const result = await console.dispatchIpc('reports.intraday', { date: '2026-13-40' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('date') } });
    expect(await console.dispatchIpc('reports.kpis', { from: 'x', to: 'y', teams: ['T1'], extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(asked).toEqual([]);
  });

  it('lets a QA reviewer draw a sample (the seed is recorded) and score an interaction; a low score opens a plan', async () => {
    const { console } = await signedIn('qa');
    const drawn = await console.dispatchIpc('qa.drawSample', { from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date().toISOString(), rate: 0.1, seed: 4242 });
    if (!drawn.ok) throw new Error(drawn.error.message);
    const overview = await console.dispatchIpc('qa.overview', {});
    if (!overview.ok) throw new Error(overview.error.message);
    const qa = reportChannels['qa.overview'].response.parse(overview.value);
    const sample = qa.samples.find((candidate) => candidate.sampleId === (drawn.value as { sampleId: string }).sampleId)!;
    expect(sample.seed).toBe(4242);
    expect(sample.items.length).toBeGreaterThan(0);
    const item = sample.items[0]!;
    const points = Object.fromEntries(qa.scorecard.criteria.map((criterion) => [criterion.id, 1]));
    const scored = await console.dispatchIpc('qa.submitEvaluation', { evaluationId: 'E-test-1', caseId: item.caseId, sampleId: sample.sampleId, points });
    if (!scored.ok) throw new Error(scored.error.message);
    expect(reportChannels['qa.submitEvaluation'].response.parse(scored.value).correctiveAction).toMatchObject({ dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('lets a compliance officer read reports but not score QA', async () => {
    const { console } = await signedIn('compliance');
    expect((await console.dispatchIpc('reports.intraday', { date: today })).ok).toBe(true);
    expect(await console.dispatchIpc('qa.drawSample', requests['qa.drawSample'])).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
