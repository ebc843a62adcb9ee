import { z } from 'zod';
import { Agent } from '../domain/agent';
import { CaseEventDraft, CaseEventEnvelope } from '../domain/caseEvent';
import { CustomerDetail } from '../domain/customer';
import { screenPopChannels, screenPopEvents } from '../screenpop/popContract';
import { reportChannels } from './reportsContract';
import { CustomerNotificationsResponse } from '../notifications/deliveryLog';
import { workflowChannels } from './workflowContract';
import { SlaConfigDocument } from '../slaConfig/slaConfigDocument';
import { ActiveSessionsResponse, EndSessionsResponse } from '../sync/protocol';
import { describePath, findHostileValue } from '../validation/hostileValue';
import { MAX_JSON_DEPTH } from '../validation/limits';

/**
 * The one typed contract between the renderer and main. Every channel has a request and a
 * response schema; main validates requests (the renderer is untrusted) and the renderer
 * validates responses. Nothing else crosses — in Electron (preload) or the browser host (WebSocket).
 */

/** `offline`: the service cannot be reached; `error`: it answered, but with a failure (retried with backoff). */
export const SyncState = z.enum(['online', 'syncing', 'offline', 'error']);
export type SyncState = z.infer<typeof SyncState>;

export const RejectedEvent = z.object({ eventId: z.string(), caseId: z.string(), type: z.string(), reason: z.string() });

export const SyncStatus = z.object({
  state: SyncState,
  /** Accepted on this desktop, not yet confirmed by the service. */
  pending: z.number().int().nonnegative(),
  lastSyncedAt: z.iso.datetime().nullable(),
  lastError: z.string().nullable(),
  /** Events the service refused for good: shown to the agent, never blocking the queue. */
  rejected: z.array(RejectedEvent),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** An event as this desktop holds it: the envelope plus whether the service has it yet. */
export const StoredEvent = z.object({
  event: CaseEventEnvelope,
  seq: z.number().int().positive().nullable(),
  synced: z.boolean(),
  /** The case service refused it for good, with this reason: kept for the record, never part of the case. */
  rejectedReason: z.string().nullable().default(null),
});
export type StoredEvent = z.infer<typeof StoredEvent>;

const empty = z.object({}).strict();

/** Unsynced work this desktop could not recover (a damaged journal, a lost key): named so the agent can redo it. */
export const LostWork = z.object({ eventId: z.string(), caseId: z.string(), type: z.string(), at: z.string() });
export type LostWork = z.infer<typeof LostWork>;

/** Something the agent must be told about this desktop's storage (damage salvaged, a key restored or lost). */
export const StorageNotice = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['journal_damaged', 'key_lost', 'key_restored', 'head_missing', 'drafts_damaged']),
  title: z.string(),
  message: z.string(),
  lostUnsynced: z.number().int().nonnegative(),
  lost: z.array(LostWork),
  setAside: z.string().nullable(),
});
export type StorageNotice = z.infer<typeof StorageNotice>;

/**
 * The signed-in agent's local data: open, or locked because it was protected with a password the
 * agent has since changed elsewhere (they can give the previous one, or start afresh).
 */
export const StorageState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('open') }),
  z.object({ state: z.literal('locked'), message: z.string(), unsynced: z.array(LostWork) }),
]);
export type StorageState = z.infer<typeof StorageState>;

/** Where the SLA configuration in force came from: the service now, the encrypted cache of an earlier fetch, or the desktop's bundled defaults. */
export const SlaConfigSource = z.enum(['service', 'cache', 'bundled']);
export type SlaConfigSource = z.infer<typeof SlaConfigSource>;

/** The SLA configuration in force on this desktop (validated again by the renderer with the file loaders). */
export const SlaConfigSnapshot = SlaConfigDocument.extend({
  source: SlaConfigSource,
  /** When main last had it from the service (null: never, bundled defaults). */
  fetchedAt: z.iso.datetime().nullable(),
  /** Why the service's latest copy was refused (one line per issue); empty when it was accepted. */
  problems: z.array(z.string()).max(50),
});
export type SlaConfigSnapshot = z.infer<typeof SlaConfigSnapshot>;

/** The idle lock (main holds it for every window): whether it holds, whether unlocking needs the second factor, and after how long without input it locks. */
/**
 * What an agent is typing and has not submitted yet (walk-in intake, a case note, workflow
 * answers not yet recorded), held by main for the signed-in agent only and kept on disk only
 * sealed with their data key — so a reload, an idle lock, a reconnect, a service restart or a
 * restart of the console host does not throw it away.
 * Keys: `walkin`, `note:<case id>`, `workflow:<case id>:<workflow id>:<step id>` (a step id is
 * unique only within its workflow, and a case may run several).
 */
export const DraftKey = z
  .string()
  .max(256)
  .regex(/^(walkin|note:[A-Za-z0-9_-]{1,64}|workflow:[A-Za-z0-9_-]{1,64}:[A-Za-z][A-Za-z0-9_]{0,63}:[A-Za-z][A-Za-z0-9_]{0,63})$/, 'not a draft key');
export type DraftKey = z.infer<typeof DraftKey>;
/** A form's fields by name; an empty set means the draft is gone. A field holds as much as the longest workflow text answer (its definition's maxLength). */
export const DraftFields = z
  .record(z.string().min(1).max(64), z.string().max(20_000))
  .refine((fields) => Object.keys(fields).length <= 50, 'a draft holds at most 50 fields');
export type DraftFields = z.infer<typeof DraftFields>;
/** One form's draft, as main lists it, keeps it (drafts.put) and writes it in the agent's sealed drafts file. */
export const Draft = z.object({ key: DraftKey, fields: DraftFields });
export type Draft = z.infer<typeof Draft>;
/** At most this many drafts per agent: the oldest is forgotten past it. */
export const MAX_DRAFTS = 100;

export const ScreenLock = z.object({ locked: z.boolean(), secondFactor: z.boolean(), idleMs: z.number().positive() });
export type ScreenLock = z.infer<typeof ScreenLock>;

export const ipcContract = {
  /**
   * Fails with `mfa_required` (ask for the code and send it as `otp`) or `mfa_enrolment_required`
   * (show `session.mfaEnrolment`, then send the app's first code). `recoveryCodes`: shown once.
   */
  'session.login': {
    request: z
      .object({
        username: z.string().trim().min(1, 'Enter your user name').max(64),
        password: z.string().min(1, 'Enter your password').max(256),
        otp: z.string().trim().min(1, 'Enter the code from your authenticator app').max(32).optional(),
      })
      .strict(),
    response: z.object({
      agent: Agent,
      storage: StorageState.default({ state: 'open' }),
      recoveryCodes: z.array(z.string()).default([]),
      /** Signed in against this desktop's offline verifier: work syncs once the service is back. */
      offline: z.boolean().default(false),
      lock: ScreenLock.nullable().default(null),
    }),
  },
  /** The second factor to enrol after `mfa_enrolment_required`: the secret and the otpauth:// URI its QR code carries. */
  'session.mfaEnrolment': { request: empty, response: z.object({ enrolment: z.object({ secret: z.string(), otpauthUri: z.string() }).nullable() }) },
  'session.logout': { request: empty, response: z.object({ ok: z.literal(true) }) },
  'session.current': { request: empty, response: z.object({ agent: Agent.nullable(), storage: StorageState.nullable().default(null), lock: ScreenLock.nullable().default(null) }) },
  /** Input in a window (sent at most every few seconds): the idle countdown starts again. */
  'session.activity': { request: empty, response: z.object({ ok: z.literal(true) }) },
  'session.lock': { request: empty, response: ScreenLock },
  /** The password again, and the second factor when the sign-in is older than its limit (`secondFactor`). */
  'session.unlock': {
    request: z
      .object({
        password: z.string().min(1, 'Enter your password').max(256),
        otp: z.string().trim().min(1, 'Enter the code from your authenticator app').max(32).optional(),
      })
      .strict(),
    response: ScreenLock,
  },
  /** Locked storage: unlock it with the password it was protected with (it is then protected with the current one). */
  'storage.unlock': {
    request: z.object({ previousPassword: z.string().min(1, 'Enter your previous password').max(256) }).strict(),
    response: z.object({ storage: StorageState }),
  },
  /** Locked storage: set it aside and start afresh (synced work is fetched again; the notice names what stays behind). */
  'storage.startAfresh': { request: empty, response: z.object({ storage: StorageState }) },
  'storage.notices': { request: empty, response: z.object({ notices: z.array(StorageNotice) }) },
  'storage.dismissNotice': { request: z.object({ id: z.string().min(1).max(64) }).strict(), response: z.object({ ok: z.literal(true) }) },
  /**
   * The key the renderer encrypts its read model with: made by main per agent, kept only in
   * memory on the renderer's side for the signed-in session (never stored by the renderer).
   */
  'storage.readModelKey': { request: empty, response: z.object({ agentId: z.string(), key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }) },
  /** Every change this desktop holds after `afterLocalSeq` (a local, monotonic change counter). */
  'events.since': {
    request: z.object({ afterLocalSeq: z.number().int().nonnegative() }).strict(),
    response: z.object({
      events: z.array(StoredEvent.extend({ localSeq: z.number().int().positive() })),
      localSeq: z.number().int().nonnegative(),
      /** Cases that left this desktop (out of scope, compacted away): drop them before applying the events. */
      removedCaseIds: z.array(z.string()).default([]),
      /** Finished cases folded into their state; their early events are no longer held. */
      snapshots: z.array(z.object({ caseId: z.string(), seq: z.number().int().nonnegative(), localSeq: z.number().int().positive(), state: z.unknown() })).default([]),
      /** The caller is further behind than main remembers removals: drop everything and rebuild. */
      reset: z.boolean().default(false),
    }),
  },
  /** Records an agent action durably (journal, fsync) before it answers. */
  'events.append': {
    request: CaseEventDraft.strict(),
    response: z.object({ event: CaseEventEnvelope, localSeq: z.number().int().positive() }),
  },
  'customers.get': {
    request: z.object({ ids: z.array(z.string().min(1).max(64)).min(1).max(500) }).strict(),
    response: z.object({ customers: z.array(CustomerDetail) }),
  },
  'agents.list': { request: empty, response: z.object({ agents: z.array(Agent) }) },
  /** Supervisors (their team) and administrators (everyone): whose sessions they may end, with each live sign-in. */
  'sessions.list': { request: empty, response: ActiveSessionsResponse },
  /** Ends every sign-in of one person: their desktops' next request is refused and they are sent to sign in. */
  'sessions.end': { request: z.object({ agentId: z.string().min(1).max(64) }).strict(), response: EndSessionsResponse },
  'drafts.list': { request: empty, response: z.object({ drafts: z.array(Draft) }) },
  'drafts.put': { request: Draft.strict(), response: z.object({ ok: z.literal(true) }) },
  'sync.status': { request: empty, response: SyncStatus },
  'sync.now': { request: empty, response: SyncStatus },
  /** The SLA policies, calendars and shifts in force; `config.changed` says when to ask again. */
  'config.sla': { request: empty, response: SlaConfigSnapshot },
  /** An OS notification (Electron); `shown: false` where the host has none (browser host). */
  'notify.os': {
    request: z.object({ title: z.string().trim().min(1).max(120), body: z.string().max(500) }).strict(),
    response: z.object({ shown: z.boolean() }),
  },
  /** A case's customer-notification log, read live from the case service (only for who may read the case). */
  'cases.notifications': { request: z.object({ caseId: z.string().trim().min(1).max(64) }).strict(), response: CustomerNotificationsResponse },
  ...screenPopChannels,
  ...workflowChannels,
  ...reportChannels,
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];

/** Main → renderer notifications. */
export const ipcEvents = {
  'sync.statusChanged': SyncStatus,
  /** New events are stored locally (pulled or appended); the renderer catches up with events.since. */
  'events.changed': z.object({ localSeq: z.number().int().nonnegative() }),
  'session.ended': z.object({ reason: z.string() }),
  /** Main's identity changed (a sign-in or sign-out in any window): every window follows it at once. */
  'session.changed': z.object({ agentId: z.string().nullable(), reason: z.string() }),
  /** The idle lock closed or opened (every window shows it). */
  'session.lockChanged': ScreenLock,
  /** The storage notices changed (one added or dismissed): show these. */
  'storage.noticesChanged': z.object({ notices: z.array(StorageNotice) }),
  /** A different SLA configuration is in force (fetched, or refused and kept): ask config.sla again. */
  'config.changed': z.object({ version: z.string(), source: SlaConfigSource }),
  ...screenPopEvents,
} as const;
export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.infer<(typeof ipcEvents)[E]>;
export const IPC_EVENT_NAMES = Object.keys(ipcEvents) as IpcEventName[];

/** Errors cross the boundary as data: a code the UI can act on and a message a person can read. */
export const IpcFailure = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() });
export type IpcFailure = z.infer<typeof IpcFailure>;
export const IpcResult = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: IpcFailure })]);
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcFailure };

/** The API the preload exposes (and the browser host's WebSocket client implements). */
export interface ConsoleBridge {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
}

/** Validates an incoming request for a channel; a hostile or malformed message gets a clear refusal. */
export function parseIpcRequest<C extends IpcChannel>(channel: string, request: unknown): { ok: true; channel: C; value: IpcRequest<C> } | { ok: false; error: IpcFailure } {
  if (!Object.hasOwn(ipcContract, channel)) return { ok: false, error: { code: 'unknown_channel', message: `No such request: ${String(channel).slice(0, 64)}` } };
  // The renderer is untrusted: whatever its schema says, no request carries unstorable text or runaway nesting.
  const hostile = findHostileValue(request, MAX_JSON_DEPTH);
  if (hostile) return { ok: false, error: { code: 'invalid_request', message: `Invalid ${channel} request — ${describePath(hostile.path)}: ${hostile.message}` } };
  const parsed = ipcContract[channel as C].request.safeParse(request);
  if (!parsed.success) {
    const detail = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`).join('; ');
    return { ok: false, error: { code: 'invalid_request', message: `Invalid ${channel} request — ${detail}` } };
  }
  return { ok: true, channel: channel as C, value: parsed.data as IpcRequest<C> };
}
