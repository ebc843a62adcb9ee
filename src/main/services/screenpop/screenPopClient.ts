import {
  BranchCustomerIdsResponse,
  DigestKeyResponse,
  PopCustomersResponse,
  PopLookupResponse,
  RevealResponse,
  type PopLookupRequest,
  type RevealRequest,
} from '../../../shared/screenpop/popProtocol';
import { createServiceCaller, type ServiceCallerOptions } from '../caseService/serviceCaller';

export type ScreenPopClientOptions = ServiceCallerOptions;

/** The case service's screen-pop endpoints (src/shared/screenpop/popProtocol.ts); failures are the case service client's errors. */
export interface ScreenPopClient {
  /** The digest key the service issued to this session (made on first ask, replaced when it expires). */
  digestKey(token: string): Promise<DigestKeyResponse>;
  customers(token: string, ids: string[]): Promise<PopCustomersResponse>;
  lookup(token: string, request: PopLookupRequest): Promise<PopLookupResponse>;
  branchCustomerIds(token: string, branchId: string): Promise<BranchCustomerIdsResponse>;
  reveal(token: string, customerId: string, request: RevealRequest): Promise<RevealResponse>;
}

export function createScreenPopClient(options: ScreenPopClientOptions): ScreenPopClient {
  const { call } = createServiceCaller(options);
  return {
    digestKey: (token) => call(DigestKeyResponse, 'POST', '/v1/screen-pop/digest-key', { token, body: {} }),
    customers: (token, ids) => call(PopCustomersResponse, 'POST', '/v1/screen-pop/customers', { token, body: { ids } }),
    lookup: (token, request) => call(PopLookupResponse, 'POST', '/v1/screen-pop/lookup', { token, body: request }),
    branchCustomerIds: (token, branchId) => call(BranchCustomerIdsResponse, 'GET', `/v1/branches/${encodeURIComponent(branchId)}/customer-ids`, { token }),
    reveal: (token, customerId, request) => call(RevealResponse, 'POST', `/v1/customers/${encodeURIComponent(customerId)}/reveal`, { token, body: request }),
  };
}
