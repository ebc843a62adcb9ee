import { z } from 'zod';
import type { CaseEventEnvelope } from '../../../shared/domain/caseEvent';
import {
  AgentsResponse,
  CustomerBatchResponse,
  CustomerSearchResponse,
  LoginResponse,
  LogoutResponse,
  MeResponse,
  MfaChallenge,
  RefreshResponse,
  PullResponse,
  PushResponse,
  type LoginRequest,
} from '../../../shared/sync/protocol';
import { CaseServiceError, CaseServiceProtocolError, MfaChallengeError } from './caseServiceErrors';
import { createServiceCaller, type ServiceCallerOptions } from './serviceCaller';

export {
  CaseServiceError,
  CaseServiceProtocolError,
  CaseServiceUnreachableError,
  isCaseServiceFailure,
  MfaChallengeError,
  type CaseServiceFailure,
} from './caseServiceErrors';

export type CaseServiceClientOptions = ServiceCallerOptions;

export interface CaseServiceClient {
  readonly baseUrl: string;
  health(): Promise<{ ok: boolean }>;
  /** Throws MfaChallengeError when the password was right but the second factor is still to come. */
  login(request: LoginRequest): Promise<LoginResponse>;
  refresh(refreshToken: string): Promise<RefreshResponse>;
  logout(token: string): Promise<void>;
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
  const { baseUrl, call, send } = createServiceCaller(options);
  return {
    baseUrl,
    health: () => call(HealthResponse, 'GET', '/v1/health'),
    async login(request) {
      const { status, body } = await send('POST', '/v1/auth/login', { body: request }, [401]);
      if (status === 401) {
        const challenge = MfaChallenge.safeParse(body);
        if (!challenge.success) throw new CaseServiceError(401, 'http_401', 'The case service refused the sign-in.');
        const { code, message, hint } = challenge.data.error;
        if (code === 'mfa_required' || code === 'mfa_enrolment_required') throw new MfaChallengeError(code, message, hint, challenge.data.enrolment ?? null);
        throw new CaseServiceError(401, code, message, hint);
      }
      const parsed = LoginResponse.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new CaseServiceProtocolError(`The case service sent an unexpected answer to POST /v1/auth/login (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}); it may be a different version.`);
      }
      return parsed.data;
    },
    refresh: (refreshToken) => call(RefreshResponse, 'POST', '/v1/auth/refresh', { body: { refreshToken } }),
    logout: async (token) => {
      await call(LogoutResponse, 'POST', '/v1/auth/logout', { token });
    },
    me: (token) => call(MeResponse, 'GET', '/v1/me', { token }),
    push: (token, events) => call(PushResponse, 'POST', '/v1/sync/push', { token, body: { events } }),
    pull: (token, after, limit) => call(PullResponse, 'GET', `/v1/sync/pull?${new URLSearchParams({ after: String(after), limit: String(limit) })}`, { token }),
    customersBatch: (token, ids) => call(CustomerBatchResponse, 'POST', '/v1/customers/batch', { token, body: { ids } }),
    searchCustomers: (token, q, limit = 20) => call(CustomerSearchResponse, 'GET', `/v1/customers/search?${new URLSearchParams({ q, limit: String(limit) })}`, { token }),
    agents: (token) => call(AgentsResponse, 'GET', '/v1/agents', { token }),
  };
}
