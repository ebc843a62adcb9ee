import { z } from 'zod';
import { Agent } from '../domain/agent';
import { CaseEventEnvelope } from '../domain/caseEvent';
import { Customer, CustomerDetail } from '../domain/customer';

/** HTTP contract between a desktop and the case service. Both sides validate with these. */

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** What the user or operator can do about it. */
    hint: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const LoginRequest = z.object({
  username: z.string().trim().min(1, 'enter your user name').max(64),
  password: z.string().min(1, 'enter your password').max(256),
  deviceId: z.string().min(1).max(64),
  /** The second factor: a 6-digit TOTP code, or one of the recovery codes shown at enrolment. */
  otp: z.string().trim().min(1).max(32).optional(),
});
export type LoginRequest = z.input<typeof LoginRequest>;

/**
 * A sign-in: a short access token (≤ 1 h) and the refresh token that renews it until
 * `refreshExpiresAt` (held only by the desktop's main process). `recoveryCodes` only once, at
 * the sign-in that confirms a new second factor.
 */
export const LoginResponse = z.object({
  token: z.string().min(32),
  agent: Agent,
  expiresAt: z.iso.datetime(),
  refreshToken: z.string().min(32),
  refreshExpiresAt: z.iso.datetime(),
  /** When the password and second factor were checked (refreshes keep it). */
  authenticatedAt: z.iso.datetime(),
  recoveryCodes: z.array(z.string()).optional(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * 401 answers to a right password that still needs the second factor: `mfa_required` (send
 * `otp`), or `mfa_enrolment_required` with the secret to enrol (the next sign-in's code confirms it).
 */
export const MfaEnrolmentOffer = z.object({ secret: z.string().min(16).max(128), otpauthUri: z.string().startsWith('otpauth://totp/').max(512) });
export type MfaEnrolmentOffer = z.infer<typeof MfaEnrolmentOffer>;
export const MfaChallenge = ApiError.extend({ enrolment: MfaEnrolmentOffer.optional() });
export type MfaChallenge = z.infer<typeof MfaChallenge>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(32).max(128) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;
export const RefreshResponse = LoginResponse.omit({ recoveryCodes: true });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const LogoutResponse = z.object({ ok: z.literal(true) });

/** POST /v1/agents/:agentId/sessions/end (supervisors, administrators): how many sign-ins were ended. */
export const EndSessionsParams = z.object({ agentId: z.string().min(1).max(64) });
export const EndSessionsResponse = z.object({ agentId: z.string(), ended: z.number().int().nonnegative() });
export type EndSessionsResponse = z.infer<typeof EndSessionsResponse>;

/** One live sign-in (a desktop): since when, last used, and until when it can be renewed. */
export const ActiveSession = z.object({
  deviceId: z.string(),
  signedInAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type ActiveSession = z.infer<typeof ActiveSession>;

/** GET /v1/sessions (supervisors: their team; administrators: everyone): the people the caller may end sessions of, with their live sign-ins. */
export const ActiveSessionsResponse = z.object({
  people: z.array(
    z.object({
      agentId: z.string(),
      displayName: z.string(),
      role: z.string(),
      teamId: z.string(),
      sessions: z.array(ActiveSession),
    }),
  ),
});
export type ActiveSessionsResponse = z.infer<typeof ActiveSessionsResponse>;

/** GET /v1/me: who the bearer token belongs to and until when it is valid. */
export const MeResponse = z.object({ agent: Agent, expiresAt: z.iso.datetime() });
export type MeResponse = z.infer<typeof MeResponse>;

export const MAX_PUSH_BATCH = 1000;

export const PushRequest = z.object({ events: z.array(z.unknown()).min(1).max(MAX_PUSH_BATCH) });
export type PushRequest = { events: CaseEventEnvelope[] };

export const PushOutcome = z.discriminatedUnion('outcome', [
  z.object({ eventId: z.string(), outcome: z.literal('applied'), seq: z.number().int().positive() }),
  z.object({ eventId: z.string(), outcome: z.literal('duplicate'), seq: z.number().int().positive() }),
  /** Permanent: retrying the same event can never succeed; the client finishes it with this error. */
  z.object({ eventId: z.string(), outcome: z.literal('rejected'), reason: z.string() }),
]);
export type PushOutcome = z.infer<typeof PushOutcome>;

export const PushResponse = z.object({ results: z.array(PushOutcome) });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * A pull page: at most this many events and MAX_PULL_BODY_BYTES of them (the service stops at
 * whichever comes first). Large, because every page decides the puller's scope anew: a
 * supervisor's first sync of 100,000 events is 20 pages, not 200.
 */
export const MAX_PULL_BATCH = 5000;
export const MAX_PULL_BODY_BYTES = 4 * 1024 * 1024;

export const PullQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_BATCH).default(MAX_PULL_BATCH),
});

export const SequencedEvent = z.object({ seq: z.number().int().positive(), event: CaseEventEnvelope });
export type SequencedEvent = z.infer<typeof SequencedEvent>;

export const PullResponse = z.object({
  events: z.array(SequencedEvent),
  /** Highest sequence that is safe to resume after: no later commit can land below it. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /**
   * Cases (and contacts) that left this desktop's scope: drop what is held of them before storing
   * `events`. A stream that entered the scope arrives whole in `events`, older seqs included.
   */
  removedCaseIds: z.array(z.string()).default([]),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * Live push (GET /v1/sync/live, server-sent events). The service only nudges: "something in your
 * scope changed up to seq"; the desktop then pulls, so the scoped, gap-free pull stays the one
 * source of truth and a lost nudge costs only latency (the poll still runs).
 *  - `ready`: the stream is open (pull once to catch up on anything missed while it was not);
 *  - `changed`: events up to `seq` touched a case or contact the desktop holds or may now hold, or
 *    (`scope`) what its user may see changed without one; pull if `seq` is past the cursor or `scope`;
 *  - `end`: the session is over (revoked, expired); the service closes the stream after it.
 * A comment line comes every LIVE_HEARTBEAT_MS so either side notices a dead connection.
 */
export const LIVE_PATH = '/v1/sync/live';
export const LIVE_HEARTBEAT_MS = 20_000;
export const LiveChanged = z.object({ seq: z.number().int().nonnegative(), scope: z.boolean() });
export type LiveChanged = z.infer<typeof LiveChanged>;
export const LiveEnded = z.object({ code: z.string().max(64), message: z.string().max(500) });
export type LiveEnded = z.infer<typeof LiveEnded>;

/** The contact or case a look-up serves, recorded with it in the access audit. */
const lookupServes = { caseId: z.string().min(1).max(64).optional(), contactId: z.string().min(1).max(128).optional() };

/** Phone and e-mail come masked unless the role may reveal them (src/shared/privacy/redactCustomer.ts). */
export const CustomerSearchQuery = z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(20), ...lookupServes });
export const CustomerSearchResponse = z.object({ customers: z.array(Customer) });
export type CustomerSearchResponse = z.infer<typeof CustomerSearchResponse>;

export const CustomerBatchRequest = z.object({ ids: z.array(z.string().min(1)).min(1).max(500), ...lookupServes });
export const CustomerBatchResponse = z.object({ customers: z.array(CustomerDetail) });
export type CustomerBatchResponse = z.infer<typeof CustomerBatchResponse>;

export const AgentsResponse = z.object({ agents: z.array(Agent) });
export type AgentsResponse = z.infer<typeof AgentsResponse>;

/** Largest clock skew tolerated on a pushed event before it is rejected as far-future. */
export const MAX_FUTURE_SKEW_MS = 12 * 60 * 60 * 1000;
