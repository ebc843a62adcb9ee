import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiError } from '../../shared/sync/protocol';
import { MAX_REQUEST_BODY_BYTES } from '../../shared/validation/limits';
import { HttpProblem } from './problems';

/** A body declared up to this size is read to its end after a 413; a larger one is cut off (Connection: close). */
const MAX_DRAINED_BODY_BYTES = 4 * MAX_REQUEST_BODY_BYTES;

/** Fastify's own client errors (body parsing, limits) mapped to stable ApiError codes. */
const FRAMEWORK_CODES: Record<string, { code: string; message: string; hint?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'The request body is empty but its content type says JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: `The request body is larger than ${MAX_REQUEST_BODY_BYTES / (1024 * 1024)} MB.`, hint: 'Push fewer events per request.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'The Content-Length header does not match the body.' },
  FST_ERR_BAD_URL: { code: 'invalid_url', message: 'The request path is not valid percent-encoded UTF-8.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'invalid_url', message: 'A value in the request path is too long.' },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'invalid_request', message: 'The request does not match any route constraint.' },
};

/**
 * Every failure leaves as an ApiError body. Anything unexpected is logged and answered
 * with a generic 500 so internals (SQL, stack traces) never reach a client.
 */
/**
 * The router's own refusals (a path that is not valid UTF-8, a path value over the length limit)
 * happen before any route; Fastify sends them through this option (FastifyServerOptions.frameworkErrors).
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_CODES[error.code];
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const body: ApiError = { error: known ?? { code: 'invalid_request', message: error.message } };
  void reply.status(status).send(body);
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem | Error, request, reply) => {
    if (error instanceof HttpProblem) return reply.status(error.status).send(error.toBody());
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      if ('code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') readRestOfBody(request, reply);
      const known = 'code' in error && typeof error.code === 'string' ? FRAMEWORK_CODES[error.code] : undefined;
      const body: ApiError = { error: known ?? { code: 'invalid_request', message: error.message } };
      return reply.status(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    const body: ApiError = {
      error: { code: 'internal_error', message: 'The case service failed to handle this request.', hint: 'Try again; if it keeps failing, tell your supervisor or IT.' },
    };
    return reply.status(500).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ApiError = { error: { code: 'not_found', message: `No endpoint ${request.method} ${request.url.split('?')[0] ?? ''}.` } };
    return reply.status(404).send(body);
  });
}

/**
 * Fastify closes the connection after a 413 while the client is still sending, so the client's
 * next write is reset and it may never read the answer. Reading (and dropping) the rest of a body of
 * a plausible size keeps the connection until the answer is read.
 */
function readRestOfBody(request: FastifyRequest, reply: FastifyReply): void {
  const declared = Number(request.headers['content-length']);
  if (!Number.isFinite(declared) || declared > MAX_DRAINED_BODY_BYTES) return;
  reply.removeHeader('connection');
  request.raw.resume();
}
