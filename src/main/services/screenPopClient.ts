import type { z } from 'zod';
import {
  BranchCustomerIdsResponse,
  PopCustomersResponse,
  PopLookupResponse,
  RevealResponse,
  type PopLookupRequest,
  type RevealRequest,
} from '../../shared/screenpop/popProtocol';
import { ApiError } from '../../shared/sync/protocol';
import { CaseServiceError, CaseServiceProtocolError, CaseServiceUnreachableError, DEFAULT_REQUEST_TIMEOUT_MS } from './caseServiceClient';

export interface ScreenPopClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The case service's screen-pop endpoints (src/shared/screenpop/popProtocol.ts); failures are the case service client's errors. */
export interface ScreenPopClient {
  customers(token: string, ids: string[], digestKey: string): Promise<PopCustomersResponse>;
  lookup(token: string, request: PopLookupRequest): Promise<PopLookupResponse>;
  branchCustomerIds(token: string, branchId: string): Promise<BranchCustomerIdsResponse>;
  reveal(token: string, customerId: string, request: RevealRequest): Promise<RevealResponse>;
}

export function createScreenPopClient(options: ScreenPopClientOptions): ScreenPopClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;

  async function call<S extends z.ZodType>(schema: S, method: 'GET' | 'POST', path: string, token: string, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new CaseServiceUnreachableError(`The case service at ${baseUrl} cannot be reached (${timedOut ? `no answer within ${Math.round(timeoutMs / 1000)} s` : describe(error)}).`, { cause: error });
    }
    const json = parseJson(text);
    if (!response.ok) {
      const apiError = ApiError.safeParse(json);
      if (apiError.success) throw new CaseServiceError(response.status, apiError.data.error.code, apiError.data.error.message, apiError.data.error.hint);
      throw new CaseServiceError(response.status, `http_${response.status}`, `The case service answered ${response.status} to ${method} ${path.split('?')[0] ?? ''}.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new CaseServiceProtocolError(`The case service sent an unexpected answer to ${method} ${path.split('?')[0] ?? ''} (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}); it may be a different version.`);
    }
    return parsed.data;
  }

  return {
    customers: (token, ids, digestKey) => call(PopCustomersResponse, 'POST', '/v1/screen-pop/customers', token, { ids, digestKey }),
    lookup: (token, request) => call(PopLookupResponse, 'POST', '/v1/screen-pop/lookup', token, request),
    branchCustomerIds: (token, branchId) => call(BranchCustomerIdsResponse, 'GET', `/v1/branches/${encodeURIComponent(branchId)}/customer-ids`, token),
    reveal: (token, customerId, request) => call(RevealResponse, 'POST', `/v1/customers/${encodeURIComponent(customerId)}/reveal`, token, request),
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

function describe(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
