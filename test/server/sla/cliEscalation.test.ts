import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RESOURCES_DIR } from '../../../src/server/sla/loadSlaConfigFromDir';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`never printed ${pattern}:\n${output}`)), 45_000);
      const check = () => {
        if (pattern.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      void exited.then(() => {
        check();
        reject(new Error(`exited before printing ${pattern}:\n${output}`));
      });
    });
  return { child, exited, waitFor, output: () => output };
}

describe('case service CLI: escalation settings', () => {
  it('refuses to start with an invalid AGENT_CONSOLE_WEBHOOKS, naming the field', async () => {
    const cli = runCli(['--port', '0', '--no-seed', '--quiet'], { AGENT_CONSOLE_WEBHOOKS: '[{"url":"http://hooks.example.com/x","secret":"long-enough-secret-1"}]' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/webhook configuration rejected:\n\s+AGENT_CONSOLE_WEBHOOKS: \[0\]\.url: must use https/);
  }, 30_000);

  it('reloads the SLA files on SIGHUP and keeps the valid ones when a file is bad', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'case-cli-sla-'));
    const resources = path.join(dir, 'resources');
    await cp(DEFAULT_RESOURCES_DIR, resources, { recursive: true });
    const cli = runCli(['--data-dir', path.join(dir, 'data'), '--port', '0', '--no-seed', '--quiet', '--sla-resources', resources], {});
    try {
      await cli.waitFor(/listening on http/);
      await writeFile(path.join(resources, 'sla-policies.json'), '{"version": 1');
      cli.child.kill('SIGHUP');
      await cli.waitFor(/SIGHUP: SLA configuration rejected/);
      expect(cli.output()).toMatch(/SLA configuration rejected, keeping the previous configuration[^\n]*:\n\s+\S*sla-policies\.json: \(root\): not valid JSON/);
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    } finally {
      if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
