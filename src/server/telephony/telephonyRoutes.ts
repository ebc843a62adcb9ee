import type { FastifyInstance } from 'fastify';
import { bearerHeaderMatcher } from '../../main/services/storage/bearerTokenFile';
import { TelephonyFactBatch, type TelephonyFactsResponse } from '../../shared/telephony/facts';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from '../routes/context';
import { recordTelephonyFacts } from './recordTelephonyFacts';

/** A batch of 1,000 facts is about 250 KB; anything much bigger is a connector bug. */
export const TELEPHONY_BODY_LIMIT_BYTES = 1024 * 1024;

export const TELEPHONY_FACTS_PATH = '/v1/telephony/facts';

/**
 * The telephony connector's way in. Not an agent's session: the connector presents its own
 * bearer token (`<data dir>/telephony-token`, 0600, or AGENT_CONSOLE_TELEPHONY_TOKEN) — the
 * same rules as the desktop's CTI endpoint — and an agent's session token is refused.
 *
 *   POST /v1/telephony/facts  {"facts": [ … up to 1,000 … ]}
 *   200 {"results": [{"id", "outcome": "recorded" | "duplicate" | "rejected", "reason"?}]}
 *   400 not a batch · 401 missing or wrong token · 413 over 1 MB · 503 no connector token configured
 */
export function registerTelephonyRoutes(app: FastifyInstance, { db, now }: RouteContext, options: { connectorToken: () => string | null }): void {
  let matcher: { token: string; matches: (header: string | undefined) => boolean } | null = null;
  const authorised = (header: string | undefined): boolean => {
    const token = options.connectorToken();
    if (!token) {
      throw new HttpProblem(503, 'connector_not_configured', 'This case service has no telephony connector token configured.', 'Start the service with a data directory (the token is made in <data dir>/telephony-token) or set AGENT_CONSOLE_TELEPHONY_TOKEN.');
    }
    if (matcher?.token !== token) matcher = { token, matches: bearerHeaderMatcher(token) };
    return matcher.matches(header);
  };

  app.post(TELEPHONY_FACTS_PATH, { bodyLimit: TELEPHONY_BODY_LIMIT_BYTES }, async (request, reply): Promise<TelephonyFactsResponse> => {
    if (!authorised(request.headers.authorization)) {
      void reply.header('www-authenticate', 'Bearer');
      throw new HttpProblem(401, 'unauthorized', 'This endpoint is for the telephony connector: send "Authorization: Bearer <connector token>".', 'The token is in <data dir>/telephony-token on the case service host.');
    }
    const { facts } = parseRequest(TelephonyFactBatch, request.body, 'telephony fact batch', { schemaJudgesItems: true });
    const at = now();
    return { results: await db.transaction((tx) => recordTelephonyFacts(tx, facts, at)) };
  });
}
