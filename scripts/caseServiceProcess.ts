import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The case service as a process of its own, so an outage can be tried while the console runs:
 * `npm start` starts it, `npm run service:stop` takes it down and `npm run service:start` brings
 * it back on the same data directory and port. Its pid and URL are kept in
 * `<dataRoot>/service.pid` and its output in `<dataRoot>/service.log`.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(repoRoot, 'src', 'server', 'cli.ts');

export interface ServiceProcessOptions {
  dataRoot: string;
  port: number;
  /** PostgreSQL instead of the embedded database; passed through the environment, never on the command line. */
  databaseUrl?: string | undefined;
  /** How long to wait for the service to answer its health check (the first start seeds the demo bank). */
  readyTimeoutMs?: number;
  /** More command-line options for src/server/cli.ts (e.g. --schema, --no-seed). */
  extraArgs?: readonly string[];
}

export interface RunningService {
  pid: number;
  url: string;
}

function pidFile(dataRoot: string): string {
  return join(dataRoot, 'service.pid');
}

/** The service this data directory's last start left running, if its process is still alive. */
export function runningService(dataRoot: string): RunningService | null {
  const file = pidFile(dataRoot);
  if (!existsSync(file)) return null;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunningService>;
    if (typeof saved.pid !== 'number' || typeof saved.url !== 'string') return null;
    process.kill(saved.pid, 0);
    return { pid: saved.pid, url: saved.url };
  } catch {
    return null; // unreadable, or the process is gone
  }
}

export async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<RunningService> {
  const already = runningService(options.dataRoot);
  if (already && (await isHealthy(already.url))) return already;
  mkdirSync(options.dataRoot, { recursive: true, mode: 0o700 });
  const url = `http://127.0.0.1:${options.port}`;
  const log = openSync(join(options.dataRoot, 'service.log'), 'a', 0o600);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--data-dir', join(options.dataRoot, 'service'), '--port', String(options.port), '--quiet', ...(options.extraArgs ?? [])], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error('The case service process could not be started.');
  let exitCode: number | null = null;
  child.on('exit', (code) => {
    exitCode = code ?? -1;
  });
  child.unref();

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  while (!(await isHealthy(url))) {
    if (exitCode !== null) throw new Error(`The case service stopped while starting (exit ${exitCode}); see ${join(options.dataRoot, 'service.log')}.`);
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGTERM');
      throw new Error(`The case service did not answer on ${url} in time; see ${join(options.dataRoot, 'service.log')}.`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  writeFileSync(pidFile(options.dataRoot), JSON.stringify({ pid, url }), { mode: 0o600 });
  return { pid, url };
}

/** Stops the service this data directory started (SIGTERM: it finishes what it is writing); false when none was running. */
export async function stopServiceProcess(dataRoot: string, timeoutMs = 20_000): Promise<boolean> {
  const running = runningService(dataRoot);
  rmSync(pidFile(dataRoot), { force: true });
  if (!running) return false;
  process.kill(running.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(running.pid, 0);
    } catch {
      return true;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  process.kill(running.pid, 'SIGKILL');
  return true;
}
