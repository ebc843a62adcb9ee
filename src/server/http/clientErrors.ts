import type { Socket } from 'node:net';
import type { ApiError } from '../../shared/sync/protocol';
import { MAX_REQUEST_HEADER_BYTES } from '../../shared/validation/limits';

/** How long a refused connection is still read from, so the client can finish sending and read the answer. */
const LINGER_MS = 5_000;

const ANSWERS: Record<string, { status: number; reason: string; body: ApiError }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    body: { error: { code: 'headers_too_large', message: `The request headers are larger than ${MAX_REQUEST_HEADER_BYTES / 1024} KB.`, hint: 'Send fewer or shorter headers.' } },
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    body: { error: { code: 'request_timeout', message: 'The request was not received in time.' } },
  },
};

const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  body: { error: { code: 'malformed_http', message: 'The request is not valid HTTP/1.1.' } } satisfies ApiError,
};

/**
 * Node's parser refuses a request before any route sees it (headers over the limit, bytes that are
 * not HTTP). The client still gets an ApiError answer, and the socket is read until the client has
 * sent everything ("lingering close"): closing with unread data would reset the connection and the
 * client would never see the 431 or 400.
 */
export function createClientErrorHandler(): (error: Error & { code?: string }, socket: Socket) => void {
  const answered = new WeakSet<Socket>();
  return (error, socket) => {
    // The parser stays attached and reports every further chunk: answer once.
    if (error.code === 'ECONNRESET' || socket.destroyed || answered.has(socket)) return;
    answered.add(socket);
    const answer = (error.code && ANSWERS[error.code]) || BAD_REQUEST;
    const body = JSON.stringify(answer.body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${answer.status} ${answer.reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.on('error', () => socket.destroy());
    socket.on('close', () => clearTimeout(timer));
    socket.on('end', () => socket.end());
    socket.resume();
  };
}
