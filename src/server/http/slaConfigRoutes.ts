import type { FastifyInstance } from 'fastify';
import type { SlaConfig } from '../../shared/sla/policy';
import { buildSlaConfigDocument, slaConfigToFiles, type SlaConfigDocument } from '../../shared/slaConfig/slaConfigDocument';
import type { RouteContext } from '../routes/context';
import { authenticate } from './authenticate';
import { HttpProblem } from './problems';

export interface SlaConfigRouteOptions {
  /** The SLA configuration in force (the last valid one loaded), or null while none is. */
  slaConfig: () => SlaConfig | null;
  /** The shift file's JSON when the service has one; desktops fall back to their bundled shifts. */
  shifts?: () => unknown;
}

/**
 * GET /v1/config/sla: the SLA policies and calendars in force, so a changed calendar, holiday
 * list or policy reaches every desktop's countdowns. The version is a content hash sent as the
 * ETag; desktops ask with If-None-Match on every sync cycle and usually get a bodiless 304.
 */
export function registerSlaConfigRoutes(app: FastifyInstance, { db, now }: RouteContext, options: SlaConfigRouteOptions): void {
  // Serialising and hashing once per loaded configuration: a reload yields a new (frozen) object.
  const documents = new WeakMap<SlaConfig, Map<unknown, SlaConfigDocument>>();
  const documentFor = (config: SlaConfig, shifts: unknown): SlaConfigDocument => {
    let byShifts = documents.get(config);
    if (!byShifts) documents.set(config, (byShifts = new Map()));
    let document = byShifts.get(shifts);
    if (!document) {
      byShifts.clear();
      document = buildSlaConfigDocument({ ...slaConfigToFiles(config), shifts: shifts ?? null });
      byShifts.set(shifts, document);
    }
    return document;
  };

  app.get('/v1/config/sla', async (request, reply) => {
    await authenticate(request, db, now());
    const config = options.slaConfig();
    if (!config) {
      throw new HttpProblem(503, 'sla_config_unavailable', 'The case service has no valid SLA configuration loaded.', 'Desktops keep counting with the configuration they last had; fix the SLA files on the service (its log names the file and field) and reload it.');
    }
    const document = documentFor(config, options.shifts?.() ?? null);
    const etag = `"${document.version}"`;
    void reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (matchesEtag(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return document;
  });
}

function matchesEtag(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((value) => value.trim().replace(/^W\//, ''));
  return values.includes(etag) || values.includes('*');
}
