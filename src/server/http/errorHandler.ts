import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiError } from '../../shared/sync/protocol';
import { HttpProblem } from './problems';

/** Fastify's own client errors (body parsing, limits) mapped to stable ApiError codes. */
const FRAMEWORK_CODES: Record<string, { code: string; message: string; hint?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'malformed_json', message: 'The request body is empty but its content type says JSON.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.', hint: 'Push fewer events per request.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'The Content-Length header does not match the body.' },
};

/**
 * Every failure leaves as an ApiError body. Anything unexpected is logged and answered
 * with a generic 500 so internals (SQL, stack traces) never reach a client.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpProblem | Error, request, reply) => {
    if (error instanceof HttpProblem) return reply.status(error.status).send(error.toBody());
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
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
