import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { QA_ROUTES } from '../../../src/server/reports/qaRoutes';
import { REPORT_ROUTES } from '../../../src/server/reports/reportRoutes';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { ComplianceResponse, DriversResponse, IntradayResponse, KpiResponse, QaEvaluationResponse, QaOverviewResponse, QaReviewResponse, StaffingResponse, TrendResponse } from '../../../src/shared/reports/protocol';
import { permissionLabel } from '../../../src/shared/policy/permissions';
import { ApiError } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { call, signIn } from '../helpers/http';
import { defaultConfig } from '../../shared/sla/slaFixtures';

const CLOCK = new Date('2026-03-20T15:00:00.000Z');
const BANK = { customers: 400, transactions: 200, openCases: 12, resolvedCases: 3, historyDays: 21, contactsPerDay: 60 };
const sla = defaultConfig();

describeEachBackend(
  'report and QA routes',
  (suite) => {
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: () => CLOCK, slaConfig: () => sla });
      await app.ready();
      for (const user of ['agent', 'supervisor', 'compliance', 'qa']) tokens[user] = (await signIn(app, user)).token;
    }, 120_000);
    afterAll(async () => {
      await app.close();
    });
    const get = (url: string, user = 'supervisor') => call(app, { method: 'GET', url, token: tokens[user] });
    const post = (url: string, payload: Record<string, unknown>, user = 'supervisor') => call(app, { method: 'POST', url, token: tokens[user], payload });

    it('refuses a Tier 1 agent every report and QA route', async () => {
      for (const route of [...REPORT_ROUTES, ...QA_ROUTES]) {
        const reply = await call(app, { method: route.method, url: `${route.url}?from=2026-03-01T00:00:00.000Z&to=2026-03-02T00:00:00.000Z`, token: tokens.agent, ...(route.method === 'POST' ? { payload: {} } : {}) });
        expect(reply.status, `${route.method} ${route.url}`).toBe(403);
        const { error } = ApiError.parse(reply.body);
        expect(error.code).toBe('forbidden');
        // In the words the desktop and the roles matrix use for the permission the route needs.
        expect(error.message).toMatch(/^Your role cannot .+\.$/);
        expect(error.message).toContain(permissionLabel[route.permission]);
      }
      expect((await call(app, { method: 'GET', url: '/v1/reports/kpis' })).status).toBe(401);
    });

    it('computes the KPI set from the recorded events, with filters', async () => {
      const reply = await get('/v1/reports/kpis?from=2026-03-09T04:00:00.000Z&to=2026-03-16T04:00:00.000Z');
      expect(reply.status).toBe(200);
      const { report, options } = KpiResponse.parse(reply.body);
      const { rows } = await suite.db.query<{ n: unknown }>(
        "SELECT count(*) AS n FROM telephony_facts WHERE kind = 'contact.offered' AND at >= '2026-03-09T04:00:00Z' AND at < '2026-03-16T04:00:00Z'",
      );
      expect(report.counts.contactsOffered).toBe(Number(rows[0]?.n));
      expect(report.counts.contactsOffered).toBeGreaterThan(200);
      expect(report.kpis.service_level_80_20.value).not.toBeNull();
      expect(report.kpis.service_level_80_20.rating.words).toMatch(/target/);
      expect(options.teams.map((team) => team.id)).toContain('T1-EAST');
      const east = KpiResponse.parse((await get('/v1/reports/kpis?from=2026-03-09T04:00:00.000Z&to=2026-03-16T04:00:00.000Z&teams=T1-EAST')).body).report;
      expect(east.queue.answered).toBeLessThan(report.queue.answered);
      expect(east.queue.answered).toBeGreaterThan(0);
      const phone = KpiResponse.parse((await get('/v1/reports/kpis?from=2026-03-09T04:00:00.000Z&to=2026-03-16T04:00:00.000Z&channels=phone')).body).report;
      expect(phone.ahtByChannel.map((row) => row.channel)).toEqual(['phone']);
    });

    it('answers a bad query with the field that is wrong', async () => {
      const reply = await get('/v1/reports/kpis?from=yesterday&to=2026-03-16T04:00:00.000Z');
      expect(reply.status).toBe(400);
      expect(ApiError.parse(reply.body).error.message).toMatch(/from/);
      expect((await get('/v1/reports/kpis?from=2026-03-09T04:00:00.000Z&to=2026-03-16T04:00:00.000Z&channels=pigeon')).status).toBe(400);
    });

    it('gives the intraday view by half-hour, a weekly trend and a monthly view', async () => {
      const intraday = IntradayResponse.parse((await get('/v1/reports/intraday?date=2026-03-16')).body);
      expect(intraday.points).toHaveLength(48);
      expect(intraday.points.find((point) => point.label === '10:00')?.offered).toBeGreaterThan(0);
      expect(intraday.points.find((point) => point.label === '03:00')?.offered).toBe(0);
      const week = TrendResponse.parse((await get('/v1/reports/trend?from=2026-03-09&to=2026-03-15&bucket=day')).body);
      expect(week.points.map((point) => point.label)).toEqual(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13', '2026-03-14', '2026-03-15']);
      const month = TrendResponse.parse((await get('/v1/reports/trend?from=2026-03-01&to=2026-03-19&bucket=month', 'compliance')).body);
      expect(month.points).toHaveLength(1);
      expect(month.points[0]?.kpis.sla_compliance.value).not.toBeNull();
    });

    it('lists the top contact drivers of a month', async () => {
      const drivers = DriversResponse.parse((await get('/v1/reports/drivers?month=2026-03')).body);
      expect(drivers.drivers.length).toBeGreaterThan(3);
      expect(drivers.drivers.length).toBeLessThanOrEqual(10);
      expect(drivers.drivers[0]!.cases).toBeGreaterThanOrEqual(drivers.drivers.at(-1)!.cases);
      expect(drivers.totalHandleSeconds).toBeGreaterThan(0);
      // March is still running on the clock (20 March 11:00 New York): compared with 1–20 February 11:00, not all of February.
      expect(drivers.comparison).toMatchObject({ basis: 'same_elapsed_days', previous: { from: '2026-02-01T05:00:00.000Z', to: '2026-02-20T16:00:00.000Z' } });
      // The seeded cases link the switch's contacts: every driver of phone, chat and message cases has recorded handle time.
      expect(drivers.drivers.filter((driver) => driver.handleSeconds !== null).length).toBeGreaterThanOrEqual(drivers.drivers.length - 1);
      const february = DriversResponse.parse((await get('/v1/reports/drivers?month=2026-02')).body);
      expect(february.comparison.basis).toBe('full_months');
    });

    it('plans a day’s staffing from the recorded offered contacts, Erlang C beside Erlang A', async () => {
      const plan = StaffingResponse.parse((await get('/v1/reports/staffing?date=2026-03-16')).body);
      expect(plan.intervals).toHaveLength(30); // 07:00–22:00
      const peak = plan.intervals.find((interval) => interval.localTime === '10:00');
      expect(peak?.forecastCalls).toBeGreaterThan(0);
      expect(peak?.erlangC.agents).toBeGreaterThan(0);
      expect(peak?.erlangA.agents).toBeGreaterThan(0);
      expect(peak?.actualOffered).not.toBeNull();
      expect(plan.week.erlangCScheduledFte).toBeGreaterThan(plan.week.erlangCFte);
    });

    it('samples QA reproducibly, scores an interaction and opens a corrective-action plan below 80 %', async () => {
      const period = { from: '2026-03-01T05:00:00.000Z', to: '2026-03-19T04:00:00.000Z' };
      const first = await post('/v1/qa/samples', { ...period, rate: 0.1, seed: 7 });
      expect(first.status).toBe(200);
      const again = await post('/v1/qa/samples', { ...period, rate: 0.1, seed: 7 }, 'qa');
      const items = (reply: { body: unknown }) => (reply.body as { items: { caseId: string; reason: string }[] }).items.map((item) => `${item.caseId}:${item.reason}`);
      expect(items(again)).toEqual(items(first));
      expect(items(first).length).toBeGreaterThan(3);
      expect((await post('/v1/qa/samples', { ...period, rate: 0.2 })).status).toBe(400);
      expect((await post('/v1/qa/samples', { ...period }, 'compliance')).status).toBe(403);

      const overview = QaOverviewResponse.parse((await get('/v1/qa', 'compliance')).body);
      const sample = overview.samples.find((candidate) => candidate.seed === 7)!;
      const item = sample.items.find((candidate) => candidate.agentId !== 'AGT-018')!;
      expect(item.summary?.subject).toBeTruthy();
      const low = await post('/v1/qa/evaluations', { evaluationId: 'EV-test-1', caseId: item.caseId, sampleId: sample.sampleId, points: { compliance: 4, accuracy: 3, soft_skills: 2, adherence: 2, resolution: 4 }, comment: 'Rushed the close.' }, 'qa');
      expect(low.status).toBe(200);
      const scored = QaEvaluationResponse.parse(low.body);
      // 20 + 15 + 15 + 7.5 + 15 = 72.5 % → a plan, owned by the agent's team supervisor, due in 30 days.
      expect(scored.evaluation.score).toBe(0.725);
      expect(scored.correctiveAction).toMatchObject({ dueDate: '2026-04-19' });
      const after = QaOverviewResponse.parse((await get('/v1/qa')).body);
      expect(after.correctiveActions.find((action) => action.evaluationId === 'EV-test-1')).toMatchObject({ agentId: item.agentId, closedAt: null });
      expect(after.samples.find((candidate) => candidate.sampleId === sample.sampleId)?.items.find((candidate) => candidate.caseId === item.caseId)?.score).toBe(0.725);
      expect((await post('/v1/qa/evaluations', { evaluationId: 'EV-test-1', caseId: item.caseId, points: {} }, 'qa')).status).toBe(409);
      expect((await post('/v1/qa/evaluations', { evaluationId: 'EV-test-2', caseId: item.caseId, points: { compliance: 9 } }, 'qa')).status).toBe(400);
    });

    it('runs a calibration session and shows the spread per criterion', async () => {
      const overview = QaOverviewResponse.parse((await get('/v1/qa')).body);
      const caseId = overview.samples[0]!.items[0]!.caseId;
      expect((await post('/v1/qa/calibrations', { calibrationId: 'CAL-1', caseId, title: 'March calibration' })).status).toBe(200);
      await post('/v1/qa/evaluations', { evaluationId: 'EV-cal-qa', caseId, calibrationId: 'CAL-1', points: { compliance: 4, accuracy: 4, soft_skills: 4, adherence: 3, resolution: 4 } }, 'qa');
      await post('/v1/qa/evaluations', { evaluationId: 'EV-cal-sup', caseId, calibrationId: 'CAL-1', points: { compliance: 4, accuracy: 2, soft_skills: 3, adherence: 3, resolution: 4 } }, 'supervisor');
      const session = QaOverviewResponse.parse((await get('/v1/qa')).body).calibrations.find((candidate) => candidate.calibrationId === 'CAL-1')!;
      expect(session.evaluations).toHaveLength(2);
      expect(session.spread.perCriterion.find((row) => row.id === 'accuracy')).toMatchObject({ min: 2, max: 4, range: 2, standardDeviation: 1 });
      expect(session.spread.perCriterion.find((row) => row.id === 'compliance')?.range).toBe(0);
      // Calibration scores open no plan and stay out of the QA average.
      const after = QaOverviewResponse.parse((await get('/v1/qa')).body);
      expect(after.correctiveActions.filter((action) => action.evaluationId.startsWith('EV-cal'))).toEqual([]);
    });

    it('gives a QA reviewer their own view: the queue without what is scored, plans due, calibrations left to score; refuses a role without score_qa', async () => {
      const query = '?from=2026-03-01T05:00:00.000Z&to=2026-03-21T04:00:00.000Z';
      const review = QaReviewResponse.parse((await get(`/v1/qa/review${query}`, 'qa')).body);
      const overview = QaOverviewResponse.parse((await get('/v1/qa')).body);
      const scored = new Set(overview.evaluations.filter((evaluation) => evaluation.sampleId !== null).map((evaluation) => `${evaluation.sampleId}/${evaluation.caseId}`));
      expect(review.queue.length).toBeGreaterThan(0);
      for (const item of review.queue) expect(scored.has(`${item.sampleId}/${item.caseId}`)).toBe(false);
      expect(review.evaluated).toBeGreaterThanOrEqual(1);
      expect(review.actionsDue.map((action) => action.evaluationId)).toContain('EV-test-1');
      expect(review.byCriterion.find((row) => row.id === 'soft_skills')).toMatchObject({ evaluations: 1, meanPoints: 2 });
      // The reviewer scored CAL-1 already; the supervisor did too.
      expect(review.calibrationsToScore.map((session) => session.calibrationId)).not.toContain('CAL-1');
      const refused = await get(`/v1/qa/review${query}`, 'compliance');
      expect(refused.status).toBe(403);
      expect(ApiError.parse(refused.body).error.code).toBe('forbidden');
    });

    it('gives a compliance officer the regulatory clocks and escalations; restricted AML work only to those who may see it', async () => {
      const query = '?from=2026-03-01T05:00:00.000Z&to=2026-03-20T15:00:00.000Z';
      const compliance = ComplianceResponse.parse((await get(`/v1/reports/compliance${query}`, 'compliance')).body);
      expect(compliance.asOf).toBe(CLOCK.toISOString());
      expect(compliance.byRegulation.map((row) => row.regulation)).toEqual(['Reg E', 'Reg Z', 'AML', 'Regulatory complaint', 'Data subject request', 'Complaint']);
      for (const clock of compliance.clocks) expect(['at_risk', 'breached']).toContain(clock.state);
      const supervisor = ComplianceResponse.parse((await get(`/v1/reports/compliance${query}`)).body);
      expect(supervisor.clocks.filter((clock) => clock.caseType === 'aml_investigation')).toEqual([]);
      expect(supervisor.escalations.filter((row) => row.caseType === 'aml_investigation')).toEqual([]);
      expect((await get(`/v1/reports/compliance${query}`, 'agent')).status).toBe(403);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: CLOCK, size: BANK });
  },
);
