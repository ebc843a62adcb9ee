/**
 * `npm start`: the case service (embedded PGlite with the demo bank, or DATABASE_URL) and the
 * console — in Electron when its binary is installed, otherwise in the browser host, whose
 * URL (with its per-launch token) is printed. Ctrl+C stops everything cleanly.
 *
 * Environment: AGENT_CONSOLE_DATA_DIR (default .data), AGENT_CONSOLE_SERVICE_PORT (4010),
 * AGENT_CONSOLE_PORT (5173, browser host), AGENT_CONSOLE_CTI_PORT (47810, or "off"; the CTI
 * screen-pop endpoint), AGENT_CONSOLE_BROWSER_HOST=1 to skip Electron, DATABASE_URL to use a
 * real PostgreSQL instead of the embedded database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDemoCredentials } from '../src/server/seed/demoAgents';
import { startBrowserHost } from '../src/main/browserHost/index';
import { ctiPortSetting } from '../src/main/services/screenpop/ctiIntake';
import { findElectronBinary } from './electronBinary';
import { startServiceProcess, stopServiceProcess } from './caseServiceProcess';
import { portFromEnv } from './portFromEnv';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const dataRoot = resolve(process.env.AGENT_CONSOLE_DATA_DIR ?? join(repoRoot, '.data'));
  const servicePort = portFromEnv('AGENT_CONSOLE_SERVICE_PORT', 4010);
  const consolePort = portFromEnv('AGENT_CONSOLE_PORT', 5173);
  const cti = ctiPortSetting(process.env.AGENT_CONSOLE_CTI_PORT);
  const databaseUrl = process.env.DATABASE_URL || undefined;

  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) {
    throw new Error('The console is not built yet: run "npm run build" (npm start does this for you).');
  }

  console.log(databaseUrl ? `Starting the case service on PostgreSQL (${redact(databaseUrl)})…` : `Starting the case service (embedded database in ${join(dataRoot, 'service')})…`);
  if (servicePort === 0) throw new Error('AGENT_CONSOLE_SERVICE_PORT must name a fixed port: the console reconnects to it after an outage.');
  // Its own process, so stopping it (npm run service:stop) leaves the console running to show an outage.
  const service = await startServiceProcess({ dataRoot, port: servicePort, databaseUrl });
  console.log(`Case service: ${service.url} (process ${service.pid}, log in ${join(dataRoot, 'service.log')})`);
  console.log('Try an outage: npm run service:stop, keep working, then npm run service:start.\n');
  console.log(`Demo sign-ins:\n${formatDemoCredentials()}\n`);

  const stoppers: Array<() => Promise<void>> = [async () => void (await stopServiceProcess(dataRoot))];
  const electron = process.env.AGENT_CONSOLE_BROWSER_HOST === '1' ? null : findElectronBinary(repoRoot);
  let child: ChildProcess | null = null;
  if (electron) {
    console.log('Starting the Electron console…');
    child = spawn(electron, [join(repoRoot, 'out', 'main', 'main.js')], {
      stdio: 'inherit',
      env: { ...process.env, AGENT_CONSOLE_SERVICE_URL: service.url, AGENT_CONSOLE_DATA_DIR: join(dataRoot, 'desktop') },
    });
    child.on('exit', (code) => void shutdown(`Electron exited (${code ?? 'signal'})`));
  } else {
    // A port set in AGENT_CONSOLE_CTI_PORT must be had; the default ({}) may be taken by another console, costing only a warning.
    const ctiOption = !cti ? false : process.env.AGENT_CONSOLE_CTI_PORT ? cti : {};
    const host = await startBrowserHost({ dataDir: join(dataRoot, 'desktop'), serviceUrl: service.url, port: consolePort, cti: ctiOption, keepToken: true });
    stoppers.unshift(() => host.close());
    console.log('The Electron binary is not installed here, so the console runs in the browser host.');
    console.log(`Open this link in Chromium, Chrome or Firefox on this machine (it opens the console once; the tab then keeps its session across restarts):\n\n  ${host.url}\n`);
    if (host.cti) console.log(`CTI screen pops: POST ${host.cti.url} with "Authorization: Bearer <contents of ${host.cti.tokenPath}>"\n`);
  }
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  async function shutdown(reason: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log(`\n${reason}: stopping…`);
    if (child && child.exitCode === null) child.kill('SIGTERM');
    for (const stop of stoppers) await stop().catch((error: unknown) => console.error(error));
    process.exit(0);
  }
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Agent Console could not start: ${message}`);
  if (/EADDRINUSE/.test(message)) console.error('A port is already in use: stop the other instance, or set AGENT_CONSOLE_SERVICE_PORT / AGENT_CONSOLE_PORT.');
  process.exit(1);
});
