import { DEMO_PASSWORD } from '../../../src/server/seed/demoAgents';

/**
 * A plausible request for every route of the case service. The fuzz suite (httpRoutes.fuzz.test.ts)
 * enumerates the routes from Fastify's route table, starts from these shapes and breaks them: drops
 * and adds fields, swaps types, injects hostile text, nests deep, sends bad tokens.
 *
 * Adding a route? Add its shape here, keyed "METHOD /url" exactly as registered (with :params).
 * The suite fails, naming the route, for any route that has none.
 */
export interface RouteShape {
  /** Values for the route's :params. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /**
   * Who can reach the handler: a signed-in user (default), the telephony connector's token, or anyone;
   * `disposable`: a supervisor's sign-in of its own, for routes that end sessions (the others' tokens must survive).
   */
  auth?: 'user' | 'connector' | 'none' | 'disposable';
  /** A long-lived answer (server-sent events): a 200 is judged by its head, then let go; anything else like any route. */
  stream?: true;
  /** Requests for this route, when its handler is slow on purpose (password hashing, Erlang tables): keeps the suite bounded in time. */
  runs?: number;
}

/** A well-formed event envelope as a desktop pushes it (the suite signs in as this author). */
export const sampleNoteEvent = (actorId: string) => ({
  id: '6f1c2a4e-9b3d-4c8e-a1f2-0d9e8c7b6a54',
  caseId: 'AC-7K4MP-9QX2H',
  schemaVersion: 1,
  at: '2026-03-02T14:00:00.000Z',
  hlc: '001772460000000-00000-fuzz',
  actorId,
  deviceId: 'fuzz-desktop',
  type: 'note.added',
  payload: { text: 'Customer called about a fee' },
});

export const sampleWorkflowAnswer = (actorId: string) => ({
  ...sampleNoteEvent(actorId),
  id: '7a2d3b5f-0c4e-4d9f-b2a3-1e0f9d8c7b65',
  type: 'workflow.answered',
  payload: { workflowId: 'card-dispute', version: 1, stepId: 'facts', fieldId: 'amount', value: { amountCents: 1250, items: ['a', 'b'] } },
});

/** A step completion the service judges against the shipped workflow (the fee reversal step needs its remediation requested first). */
export const sampleStepCompleted = (actorId: string) => ({
  ...sampleNoteEvent(actorId),
  id: '8b3e4c6a-1d5f-4e0a-93b4-2f1a0e9d8c76',
  type: 'workflow.step_completed',
  payload: { workflowId: 'billing_fee_dispute', version: 1, stepId: 'reverse_fee' },
});

export function routeShapes(actorId: string, refreshToken = 'r'.repeat(43)): Record<string, RouteShape> {
  const period = { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' };
  return {
    'GET /v1/health': { auth: 'none' },
    'POST /v1/auth/login': { auth: 'none', runs: 25, body: { username: 'agent', password: DEMO_PASSWORD, deviceId: 'fuzz-desktop' } },
    'GET /v1/me': {},
    'POST /v1/auth/refresh': { auth: 'none', body: { refreshToken } },
    'POST /v1/auth/logout': { auth: 'disposable' },
    'POST /v1/agents/:agentId/sessions/end': { auth: 'disposable', params: { agentId: 'AGT-002' } },
    'GET /v1/sessions': {},
    'POST /v1/sync/push': { body: { events: [sampleNoteEvent(actorId), sampleWorkflowAnswer(actorId), sampleStepCompleted(actorId)] } },
    'GET /v1/sync/pull': { query: { after: '0', limit: '5' } },
    // Each stream that opens stays open (and hears the suite's pushes) until the app closes: a few are enough.
    'GET /v1/sync/live': { stream: true, runs: 30 },
    'GET /v1/customers/search': { query: { q: 'Smith', limit: '5' } },
    'POST /v1/customers/batch': { body: { ids: ['CUS-000001', 'CUS-000002'], caseId: 'AC-7K4MP-9QX2H' } },
    'GET /v1/agents': {},
    'POST /v1/screen-pop/digest-key': { body: {} },
    'POST /v1/screen-pop/customers': { body: { ids: ['CUS-000001'], caseId: 'AC-7K4MP-9QX2H' } },
    'POST /v1/screen-pop/lookup': { body: { identifiers: { ani: '+15551234567', caseId: 'AC-7K4MP-9QX2H' }, contactId: 'call-1', limit: 5 } },
    'GET /v1/branches/:branchId/customer-ids': { params: { branchId: 'BR-001' } },
    'POST /v1/customers/:customerId/reveal': { params: { customerId: 'CUS-000001' }, body: { field: 'phone', targetId: 'CUS-000001', reason: 'Customer asked to confirm the number' } },
    'GET /v1/webhooks/deliveries': { query: { status: 'failed', limit: '10' } },
    'GET /v1/cases/:caseId/notifications': { params: { caseId: 'CASE-100001' } },
    'GET /v1/config/sla': {},
    'POST /v1/telephony/facts': {
      auth: 'connector',
      body: { facts: [{ id: 'fact-1', kind: 'contact.offered', at: '2026-03-02T14:00:00.000Z', contactId: 'call-1', channel: 'phone', queueId: 'T1-EAST' }] },
    },
    'GET /v1/reports/kpis': { query: { ...period, channels: 'phone,chat' } },
    'GET /v1/reports/intraday': { query: { date: '2026-03-02' } },
    'GET /v1/reports/trend': { query: { from: '2026-02-01', to: '2026-03-01', bucket: 'week' } },
    'GET /v1/reports/drivers': { query: { month: '2026-02' } },
    'GET /v1/reports/staffing': { runs: 25, query: { date: '2026-03-02', channels: 'phone' } },
    'GET /v1/reports/compliance': { query: { ...period, teams: 'T1-EAST' } },
    'GET /v1/qa': {},
    'GET /v1/qa/review': { query: period },
    'POST /v1/qa/samples': { body: { ...period, rate: 0.05, seed: 7 } },
    'POST /v1/qa/evaluations': { body: { evaluationId: 'EV-fuzz-1', caseId: 'AC-7K4MP-9QX2H', points: { greeting: 2, accuracy: 3 }, comment: 'Good call' } },
    'POST /v1/qa/corrective-actions/close': { body: { actionId: 'CA-1', note: 'Coached on disclosures' } },
    'POST /v1/qa/calibrations': { body: { calibrationId: 'CAL-fuzz-1', caseId: 'AC-7K4MP-9QX2H', title: 'February calibration' } },
  };
}
