import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseScreenPopIntake, type ScreenPopIntake } from '../../../shared/screenpop/intake';
import { loadOrCreateCtiToken } from './ctiToken';

/**
 * The softphone/CTI way in: a loopback HTTP endpoint a telephony connector on this machine calls
 * when a contact arrives.
 *
 *   POST http://127.0.0.1:47810/v1/screen-pop
 *   Authorization: Bearer <contents of <dataDir>/cti-token>
 *   Content-Type: application/json
 *   {"ani": "+15551234567", "channel": "phone", "contactId": "call-8812"}
 *
 *   202 {"accepted": true, "popId": "…"}       the pop is on its way to the screen
 *   409 {"accepted": false, "error": {code: "no_agent", …}}   nobody is signed in to take the contact
 *   400 {"accepted": false, "error": {code, message}}   not JSON, or not a valid intake (the message says which field)
 *   401 missing or wrong token · 404 other paths · 405 other methods · 413 body over 16 KB
 *   415 not application/json · 421 a Host other than this loopback address (DNS-rebinding defence)
 *
 * Plain Node with no Electron, so the browser host and the Electron app both start it.
 */
export const DEFAULT_CTI_PORT = 47810;
export const CTI_PATH = '/v1/screen-pop';
export const MAX_CTI_BODY_BYTES = 16 * 1024;

/**
 * Reads AGENT_CONSOLE_CTI_PORT: unset → the default port, "off" → no endpoint, else a port number
 * (0 = any free port). Anything else throws with the value and what is allowed.
 */
export function ctiPortSetting(raw: string | undefined): { port: number } | false {
  if (raw === undefined || raw.trim() === '') return { port: DEFAULT_CTI_PORT };
  if (raw.trim().toLowerCase() === 'off') return false;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`AGENT_CONSOLE_CTI_PORT must be a port number (0-65535) or "off", got "${raw}".`);
  return { port };
}

export interface CtiIntakeOptions {
  dataDir: string;
  /** Default 47810; 0 picks a free port (tests). */
  port?: number;
  /** Loopback only unless a deployment says otherwise. */
  host?: string;
  /**
   * Records the contact and returns its pop id, or why nobody can take it (answered 409: the
   * connector routes the call elsewhere instead of it popping, stale, at the next sign-in).
   * `arrivedAt` is performance.now() when the request came in.
   */
  onIntake(intake: ScreenPopIntake, arrivedAt: number): CtiIntakeOutcome;
  warn?: (message: string) => void;
}

export interface CtiIntakeServer {
  /** http://127.0.0.1:PORT/v1/screen-pop */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly tokenPath: string;
  close(): Promise<void>;
}

export type CtiIntakeOutcome = { popId: string } | { refused: { code: string; message: string } };

type Reply = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { accepted: false, error: { code, message } },
  ...(headers ? { headers } : {}),
});

export async function startCtiIntake(options: CtiIntakeOptions): Promise<CtiIntakeServer> {
  const host = options.host ?? '127.0.0.1';
  const { token, path: tokenPath } = await loadOrCreateCtiToken(options.dataDir, options.warn);
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  let port = 0;

  const allowedHosts = () => [`${host}:${port}`, ...(host === '127.0.0.1' ? [`localhost:${port}`] : [])];

  function authorised(header: string | undefined): boolean {
    if (!header) return false;
    // Hash both sides so the comparison is constant-time whatever the header's length.
    return timingSafeEqual(createHash('sha256').update(header.trim()).digest(), expected);
  }

  async function handle(request: IncomingMessage, arrivedAt: number): Promise<Reply> {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      return refuse(421, 'misdirected', 'This endpoint answers only on its own loopback address.');
    }
    const path = (request.url ?? '').split('?')[0];
    if (path !== CTI_PATH) return refuse(404, 'not_found', `No endpoint ${request.method ?? ''} ${path ?? ''}; send contacts to POST ${CTI_PATH}.`);
    if (request.method !== 'POST') return refuse(405, 'method_not_allowed', `Use POST ${CTI_PATH}.`, { allow: 'POST' });
    if (!authorised(request.headers.authorization)) {
      return refuse(401, 'unauthorized', `Send "Authorization: Bearer <token>" with the token from ${tokenPath}.`, { 'www-authenticate': 'Bearer' });
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') return refuse(415, 'unsupported_media_type', 'Send the contact as JSON with "Content-Type: application/json".');
    const body = await readBody(request, MAX_CTI_BODY_BYTES);
    if (body === null) return refuse(413, 'payload_too_large', `The body is larger than ${MAX_CTI_BODY_BYTES / 1024} KB; a contact is a few hundred bytes.`);
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(400, 'malformed_json', 'The body is not valid JSON.');
    }
    const parsed = parseScreenPopIntake(json);
    if (!parsed.ok) return refuse(400, 'invalid_intake', `The contact is not valid: ${parsed.reason}`);
    const outcome = options.onIntake(parsed.intake, arrivedAt);
    if ('refused' in outcome) return refuse(409, outcome.refused.code, outcome.refused.message);
    return { status: 202, body: { accepted: true, popId: outcome.popId } };
  }

  const server = createServer((request, response) => {
    const arrivedAt = performance.now();
    handle(request, arrivedAt).then(
      (reply) => send(response, reply),
      (error: unknown) => {
        options.warn?.(`The CTI endpoint failed on a request: ${error instanceof Error ? error.message : String(error)}`);
        send(response, refuse(500, 'internal_error', 'The console could not take this contact; try again.'));
      },
    );
  });
  // A connector that opens a connection and sends nothing must not hold it forever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_CTI_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the CTI endpoint is not listening on a TCP port');
  port = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}${CTI_PATH}`,
    port,
    token,
    tokenPath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.headersSent) return;
  const body = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...reply.headers,
  });
  response.end(body);
}

/** The body, or null once it passes `limit` bytes (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      request.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners('data');
        request.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
