import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { readSlaConfig, slaConfigLocation } from '../../../src/server/sla/loadSlaConfigFromDir';
import type { SlaConfig } from '../../../src/shared/sla/policy';
import { readSlaConfigDocument, SlaConfigDocument } from '../../../src/shared/slaConfig/slaConfigDocument';
import { bundledShifts } from '../../../src/main/services/sla/bundledSlaConfig';
import { ApiError } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { steppingClock } from '../helpers/freshTotp';
import { call, signIn } from '../helpers/http';
import { prepareDirectory } from '../sla/slaTestKit';

async function resourcesConfig(): Promise<SlaConfig> {
  const loaded = await readSlaConfig(slaConfigLocation());
  if (!loaded.ok) throw new Error(`resources/ do not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.value;
}

describeEachBackend(
  'GET /v1/config/sla',
  (suite) => {
    let app: FastifyInstance;
    let inForce: SlaConfig | null = null;
    beforeAll(() => {
      // Real time, moved on a step when the agent's sign-ins here have used every code the service accepts now.
      app = buildApp({ db: suite.db, now: steppingClock(), slaConfig: () => inForce });
    });
    afterAll(async () => {
      await app.close();
    });

    it('needs a signed-in agent', async () => {
      inForce = await resourcesConfig();
      const reply = await call(app, { method: 'GET', url: '/v1/config/sla' });
      expect(reply.status).toBe(401);
    });

    it('serves the configuration in force as files a desktop validates back to the same configuration', async () => {
      const config = await resourcesConfig();
      inForce = config;
      const { token } = await signIn(app, 'agent');
      const reply = await call(app, { method: 'GET', url: '/v1/config/sla', token });
      expect(reply.status).toBe(200);
      const document = SlaConfigDocument.parse(reply.body);
      const read = readSlaConfigDocument(document, 'service', bundledShifts);
      if (!read.ok) throw new Error(JSON.stringify(read.errors));
      expect(read.value.config.policies).toEqual(config.policies);
      expect([...read.value.config.calendars.entries()]).toEqual([...config.calendars.entries()].sort(([a], [b]) => a.localeCompare(b)));
      expect(document.shifts).toBeNull();
    });

    it('answers 304 without a body when the desktop already holds the version, and a new version after a change', async () => {
      const config = await resourcesConfig();
      inForce = config;
      const { token } = await signIn(app, 'agent');
      const first = await app.inject({ method: 'GET', url: '/v1/config/sla', headers: { authorization: `Bearer ${token}` } });
      const etag = first.headers.etag as string;
      expect(etag).toBe(`"${SlaConfigDocument.parse(first.json()).version}"`);
      const again = await app.inject({ method: 'GET', url: '/v1/config/sla', headers: { authorization: `Bearer ${token}`, 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');

      // A reload (a new holiday) is a new object with new content: a full answer with a new version.
      const generalSupport = config.calendars.get('general-support')!;
      const changedCalendars = new Map(config.calendars);
      changedCalendars.set('general-support', { ...generalSupport, holidays: [...generalSupport.holidays, { date: '2027-06-01', name: 'Company day' }] });
      inForce = { policies: config.policies, calendars: changedCalendars };
      const changed = await app.inject({ method: 'GET', url: '/v1/config/sla', headers: { authorization: `Bearer ${token}`, 'if-none-match': etag } });
      expect(changed.statusCode).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
      const holidays = (SlaConfigDocument.parse(changed.json()).calendars as { id: string; holidays: { date: string }[] }[]).find((c) => c.id === 'general-support')!.holidays;
      expect(holidays.map((h) => h.date)).toContain('2027-06-01');
    });

    it('says so (503) while no valid configuration is loaded', async () => {
      inForce = null;
      const { token } = await signIn(app, 'agent');
      const reply = await call(app, { method: 'GET', url: '/v1/config/sla', token });
      expect(reply.status).toBe(503);
      expect(ApiError.parse(reply.body).error.code).toBe('sla_config_unavailable');
    });
  },
  prepareDirectory,
);
