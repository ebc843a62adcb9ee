/**
 * `npm run service:stop` / `npm run service:start`: take the case service that `npm start` runs
 * down and bring it back (same data directory and port), to see the console work through an outage.
 * Same environment as `npm start`: AGENT_CONSOLE_DATA_DIR, AGENT_CONSOLE_SERVICE_PORT, DATABASE_URL.
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServiceProcess, stopServiceProcess, runningService } from './caseServiceProcess';
import { portFromEnv } from './portFromEnv';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const command = process.argv[2];
  const dataRoot = resolve(process.env.AGENT_CONSOLE_DATA_DIR ?? join(repoRoot, '.data'));
  if (command === 'stop') {
    const stopped = await stopServiceProcess(dataRoot);
    console.log(stopped ? 'Case service stopped. The console keeps working offline; bring the service back with: npm run service:start' : 'No case service was running for this data directory.');
    return;
  }
  if (command === 'start') {
    const before = runningService(dataRoot);
    const service = await startServiceProcess({ dataRoot, port: portFromEnv('AGENT_CONSOLE_SERVICE_PORT', 4010), databaseUrl: process.env.DATABASE_URL || undefined });
    console.log(before?.pid === service.pid ? `The case service is already running on ${service.url}.` : `Case service back on ${service.url}: open consoles reconnect and sync by themselves.`);
    return;
  }
  throw new Error('Usage: tsx scripts/service.ts start|stop');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
