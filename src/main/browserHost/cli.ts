/**
 * Runs the console without Electron:
 *   npx tsx src/main/browserHost/cli.ts --data-dir .data/desktop --service-url http://127.0.0.1:4010 --port 5173
 * and prints the URL (with its per-launch token) to open in a browser.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CTI_PORT } from '../services/screenpop/ctiIntake';
import { startBrowserHost } from './index';

const USAGE = `Usage: tsx src/main/browserHost/cli.ts [--data-dir DIR] [--service-url URL] [--port N] [--host ADDR] [--renderer-dir DIR]
  --data-dir      where this desktop keeps its encrypted journal (default .data/desktop)
  --service-url   the case service (default http://127.0.0.1:4010)
  --port          port to serve on, 0 for any free port (default 5173)
  --host          address to bind (default 127.0.0.1)
  --renderer-dir  the built renderer (default out/renderer; build it with "npx electron-vite build")
  --cti-port      port of the CTI screen-pop endpoint on 127.0.0.1 (default 47810, 0 for any free port, "off" to not start it)`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'data-dir': { type: 'string', default: '.data/desktop' },
        'service-url': { type: 'string', default: 'http://127.0.0.1:4010' },
        port: { type: 'string', default: '5173' },
        host: { type: 'string', default: '127.0.0.1' },
        'renderer-dir': { type: 'string' },
        'cti-port': { type: 'string', default: String(DEFAULT_CTI_PORT) },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`--port must be a whole number from 0 to 65535, got "${values.port}".\n\n${USAGE}`);
    process.exit(2);
  }
  const ctiPort = values['cti-port'] === 'off' ? null : Number(values['cti-port']);
  if (ctiPort !== null && (!Number.isInteger(ctiPort) || ctiPort < 0 || ctiPort > 65_535)) {
    console.error(`--cti-port must be a whole number from 0 to 65535 or "off", got "${values['cti-port']}".\n\n${USAGE}`);
    process.exit(2);
  }
  try {
    new URL(values['service-url']);
  } catch {
    console.error(`--service-url must be a URL such as http://127.0.0.1:4010, got "${values['service-url']}".`);
    process.exit(2);
  }

  const host = await startBrowserHost({
    dataDir: resolve(values['data-dir']),
    serviceUrl: values['service-url'],
    port,
    host: values.host,
    ...(values['renderer-dir'] ? { rendererDir: resolve(values['renderer-dir']) } : {}),
    cti: ctiPort === null ? false : values['cti-port'] === String(DEFAULT_CTI_PORT) ? {} : { port: ctiPort },
  });
  console.log(`Agent Console is running. Open this link in a browser on this machine:\n\n  ${host.url}\n`);
  if (host.cti) console.log(`CTI screen pops: POST ${host.cti.url} with "Authorization: Bearer <token>", token in ${host.cti.tokenPath}`);
  console.log(`Data: ${resolve(values['data-dir'])} (journal key: ${host.console.keyBackend})  Case service: ${values['service-url']}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`Agent Console could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
