import { z } from 'zod';
import type { CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import {
  AgentsResponse,
  CustomerBatchResponse,
  CustomerSearchResponse,
  LoginResponse,
  MeResponse,
  PullResponse,
  PushResponse,
  type LoginRequest,
} from '../../../shared/sync/protocol';
import { createServiceCaller, type ServiceCallerOptions } from './serviceCaller';

export {
  CaseServiceError,
  CaseServiceProtocolError,
  CaseServiceUnreachableError,
  isCaseServiceFailure,
  type CaseServiceFailure,
} from './caseServiceErrors';

export type CaseServiceClientOptions = ServiceCallerOptions;

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

export { DEFAULT_REQUEST_TIMEOUT_MS } from './serviceCaller';

const HealthResponse = z.object({ ok: z.boolean() });

/** HTTP client for the case service (src/shared/sync/protocol.ts); every response is validated. */
export function createCaseServiceClient(options: CaseServiceClientOptions): CaseServiceClient {
  const { baseUrl, call } = createServiceCaller(options);
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
