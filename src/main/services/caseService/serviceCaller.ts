import type { z } from 'zod';
import { ApiError } from '../../../shared/sync/protocol';
import { CaseServiceError, CaseServiceProtocolError, CaseServiceUnreachableError } from './caseServiceErrors';

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export interface ServiceCallerOptions {
  baseUrl: string;
  /** Per request; a request that takes longer counts as unreachable. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ServiceRequest {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ServiceCaller {
  /** The service's address without a trailing slash. */
  readonly baseUrl: string;
  /**
   * One HTTP exchange with the case service: a network failure or timeout throws
   * CaseServiceUnreachableError, a non-2xx answer (other than `passStatuses`) CaseServiceError
   * with the service's own message; otherwise the status and the parsed JSON body.
   */
  send(method: 'GET' | 'POST', path: string, request?: ServiceRequest, passStatuses?: readonly number[]): Promise<{ status: number; body: unknown }>;
  /** `send`, then the body validated by `schema`; a body that breaks the protocol throws CaseServiceProtocolError. */
  call<S extends z.ZodType>(schema: S, method: 'GET' | 'POST', path: string, request?: ServiceRequest): Promise<z.infer<S>>;
}

/** The one place that turns fetch's outcomes into the case service's errors, for every client of the service. */
export function createServiceCaller(options: ServiceCallerOptions): ServiceCaller {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  async function send(method: 'GET' | 'POST', path: string, request: ServiceRequest = {}, passStatuses: readonly number[] = []): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : describeNetworkError(error);
      throw new CaseServiceUnreachableError(`The case service at ${baseUrl} cannot be reached (${detail}).`, { cause: error });
    }
    const body = parseJson(text);
    if (!response.ok && !passStatuses.includes(response.status)) {
      const apiError = ApiError.safeParse(body);
      if (apiError.success) throw new CaseServiceError(response.status, apiError.data.error.code, apiError.data.error.message, apiError.data.error.hint);
      throw new CaseServiceError(response.status, `http_${response.status}`, `The case service answered ${response.status} to ${method} ${pathOnly(path)}.`);
    }
    return { status: response.status, body };
  }

  return {
    baseUrl,
    send,
    async call(schema, method, path, request) {
      const { body } = await send(method, path, request);
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new CaseServiceProtocolError(
          `The case service sent an unexpected answer to ${method} ${pathOnly(path)} (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}); it may be a different version.`,
        );
      }
      return parsed.data;
    },
  };
}

function pathOnly(path: string): string {
  return path.split('?')[0] ?? path;
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'host not found';
  if (cause?.code === 'ECONNRESET') return 'connection reset';
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
