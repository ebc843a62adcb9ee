import { SlaConfigDocument } from '../../../shared/slaConfig/slaConfigDocument';
import { CaseServiceProtocolError } from '../caseService/caseServiceErrors';
import { createServiceCaller, type ServiceCallerOptions } from '../caseService/serviceCaller';

export type SlaConfigFetch = { status: 'unchanged' } | { status: 'fetched'; document: SlaConfigDocument };

export type SlaConfigClientOptions = ServiceCallerOptions;

/**
 * GET /v1/config/sla with the version this desktop holds as If-None-Match: an unchanged
 * configuration costs a 304 with no body, so main can ask on every sync cycle. Failures are
 * the case service client's errors, so callers treat them the same way.
 */
export function createSlaConfigClient(options: SlaConfigClientOptions): (token: string, heldVersion: string | null) => Promise<SlaConfigFetch> {
  const { send } = createServiceCaller(options);
  return async (token, heldVersion) => {
    const headers: Record<string, string> = heldVersion ? { 'if-none-match': `"${heldVersion}"` } : {};
    const { status, body } = await send('GET', '/v1/config/sla', { token, headers }, [304]);
    if (status === 304) return { status: 'unchanged' };
    const parsed = SlaConfigDocument.safeParse(body);
    if (!parsed.success) throw new CaseServiceProtocolError(`The case service sent an SLA configuration in an unexpected shape (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`);
    return { status: 'fetched', document: parsed.data };
  };
}
