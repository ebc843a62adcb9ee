import { z } from 'zod';
import type { CaseEventEnvelope } from '../../shared/domain/caseEvent';
import {
  AgentsResponse,
  ApiError,
  CustomerBatchResponse,
  CustomerSearchResponse,
  LoginResponse,
  MeResponse,
  PullResponse,
  PushResponse,
  type LoginRequest,
} from '../../shared/sync/protocol';

/** The service could not be reached or did not answer in time: worth retrying later. */
export class CaseServiceUnreachableError extends Error {
  override readonly name = 'CaseServiceUnreachableError';
  readonly kind = 'unreachable' as const;
}

/** The service answered with an ApiError (or a non-2xx status without one). */
export class CaseServiceError extends Error {
  override readonly name = 'CaseServiceError';
  readonly kind = 'api' as const;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
  get isUnauthorized(): boolean {
    return this.status === 401;
  }
  /** Server trouble or throttling: the same request may succeed later. */
  get isTransient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The service answered 2xx with a body that breaks the protocol (e.g. a version mismatch). */
export class CaseServiceProtocolError extends Error {
  override readonly name = 'CaseServiceProtocolError';
  readonly kind = 'protocol' as const;
}

export type CaseServiceFailure = CaseServiceUnreachableError | CaseServiceError | CaseServiceProtocolError;

export function isCaseServiceFailure(error: unknown): error is CaseServiceFailure {
  return error instanceof CaseServiceUnreachableError || error instanceof CaseServiceError || error instanceof CaseServiceProtocolError;
}

export interface CaseServiceClientOptions {
  baseUrl: string;
  /** Per request; a request that takes longer counts as unreachable. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CaseServiceClient {
  readonly baseUrl: string;
  health(): Promise<{ ok: boolean }>;
  login(request: LoginRequest): Promise<LoginResponse>;
  me(token: string): Promise<MeResponse>;
  push(token: string, events: CaseEventEnvelope[]): Promise<PushResponse>;
  pull(token: string, after: number, limit: number): Promise<PullResponse>;
  customersBatch(token: string, ids: string[]): Promise<CustomerBatchResponse>;
  searchCustomers(token: string, q: string, limit?: number): Promise<CustomerSearchResponse>;
  agents(token: string): Promise<AgentsResponse>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const HealthResponse = z.object({ ok: z.boolean() });

/** HTTP client for the case service (src/shared/sync/protocol.ts); every response is validated. */
export function createCaseServiceClient(options: CaseServiceClientOptions): CaseServiceClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  async function call<S extends z.ZodType>(schema: S, method: 'GET' | 'POST', path: string, init: { token?: string; body?: unknown } = {}): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const detail = timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : describeNetworkError(error);
      throw new CaseServiceUnreachableError(`The case service at ${baseUrl} cannot be reached (${detail}).`, { cause: error });
    }
    const body = parseJson(text);
    if (!response.ok) {
      const apiError = ApiError.safeParse(body);
      if (apiError.success) throw new CaseServiceError(response.status, apiError.data.error.code, apiError.data.error.message, apiError.data.error.hint);
      throw new CaseServiceError(response.status, `http_${response.status}`, `The case service answered ${response.status} ${response.statusText}.`.replace(/ \./, '.'));
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new CaseServiceProtocolError(`The case service sent an unexpected answer to ${method} ${path} (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}); it may be a different version.`);
    }
    return parsed.data;
  }

  return {
    baseUrl,
    health: () => call(HealthResponse, 'GET', '/v1/health'),
    login: (request) => call(LoginResponse, 'POST', '/v1/auth/login', { body: request }),
    me: (token) => call(MeResponse, 'GET', '/v1/me', { token }),
    push: (token, events) => call(PushResponse, 'POST', '/v1/sync/push', { token, body: { events } }),
    pull: (token, after, limit) => call(PullResponse, 'GET', `/v1/sync/pull?${new URLSearchParams({ after: String(after), limit: String(limit) })}`, { token }),
    customersBatch: (token, ids) => call(CustomerBatchResponse, 'POST', '/v1/customers/batch', { token, body: { ids } }),
    searchCustomers: (token, q, limit = 20) => call(CustomerSearchResponse, 'GET', `/v1/customers/search?${new URLSearchParams({ q, limit: String(limit) })}`, { token }),
    agents: (token) => call(AgentsResponse, 'GET', '/v1/agents', { token }),
  };
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
