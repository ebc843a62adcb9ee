import { ApiError } from '../../shared/sync/protocol';
import { SlaConfigDocument } from '../../shared/slaConfig/slaConfigDocument';
import { CaseServiceError, CaseServiceProtocolError, CaseServiceUnreachableError, DEFAULT_REQUEST_TIMEOUT_MS } from './caseServiceClient';

export type SlaConfigFetch = { status: 'unchanged' } | { status: 'fetched'; document: SlaConfigDocument };

export interface SlaConfigClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * GET /v1/config/sla with the version this desktop holds as If-None-Match: an unchanged
 * configuration costs a 304 with no body, so main can ask on every sync cycle. Failures are
 * the case service client's errors, so callers treat them the same way.
 */
export function createSlaConfigClient(options: SlaConfigClientOptions): (token: string, heldVersion: string | null) => Promise<SlaConfigFetch> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/config/sla`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  return async (token, heldVersion) => {
    const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
    if (heldVersion) headers['if-none-match'] = `"${heldVersion}"`;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      throw new CaseServiceUnreachableError(`The case service at ${url} cannot be reached (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    if (response.status === 304) return { status: 'unchanged' };
    const body = parseJson(text);
    if (!response.ok) {
      const apiError = ApiError.safeParse(body);
      if (apiError.success) throw new CaseServiceError(response.status, apiError.data.error.code, apiError.data.error.message, apiError.data.error.hint);
      throw new CaseServiceError(response.status, `http_${response.status}`, `The case service answered ${response.status} to GET /v1/config/sla.`);
    }
    const parsed = SlaConfigDocument.safeParse(body);
    if (!parsed.success) throw new CaseServiceProtocolError(`The case service sent an SLA configuration in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`);
    return { status: 'fetched', document: parsed.data };
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}
