import { randomUUID } from 'node:crypto';
import { hasPermission } from '../../../src/shared/policy/rolesConfig';
import type { Agent } from '../../../src/shared/domain/agent';
import type { CustomerDetail } from '../../../src/shared/domain/customer';
import type { IpcEventName, IpcEventPayload, IpcRequest, IpcResponse, IpcResult } from '../../../src/shared/ipc/contract';
import { blindIndexMessage, normalizeForBlindIndex, readSearchText, type BlindIndexKind } from '../../../src/shared/screenpop/identifiers';
import type { ScreenPopIntake } from '../../../src/shared/screenpop/intake';
import type { IdentifierHits } from '../../../src/shared/screenpop/matching';
import type { PopHistoryEntry, PopRequest } from '../../../src/shared/screenpop/popContract';
import type { PopCustomer } from '../../../src/shared/screenpop/popCustomer';

/** What the screen-pop fake needs of the in-memory bridge it sits in. */
export interface ScreenPopFakeHost {
  readonly customers: CustomerDetail[];
  readonly agent: Agent | null;
  emit<E extends IpcEventName>(event: E, payload: IpcEventPayload<E>): void;
  invoke(channel: 'events.append', request: IpcRequest<'events.append'>): Promise<IpcResult<IpcResponse<'events.append'>>>;
}

/** A stand-in keyed hash: deterministic, 32 hex characters, different per kind (the real one is HMAC-SHA256 in main). */
export function fakeDigest(kind: BlindIndexKind, value: string): string | null {
  const normalized = normalizeForBlindIndex(kind, value);
  if (normalized === null) return null;
  const message = blindIndexMessage(kind, normalized);
  let hex = '';
  for (let round = 0; round < 4; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (let i = 0; i < message.length; i += 1) hash = Math.imul(hash ^ message.charCodeAt(i), 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return hex;
}

/**
 * main's screen-pop channels for the in-memory bridge: contacts pushed by the test, the working
 * set (every customer the bridge knows), look-ups, digests and audited reveals.
 */
export class ScreenPopFake {
  readonly history: PopHistoryEntry[] = [];
  /** Full account numbers by account id (the service's secret; tests set them). */
  readonly accountNumbers = new Map<string, string>();
  readonly rendered: IpcRequest<'screenpop.rendered'>[] = [];
  readonly linked: IpcRequest<'screenpop.linked'>[] = [];
  readonly reveals: IpcRequest<'sensitive.reveal'>[] = [];
  /** Customers main keeps for offline pops; default every customer of the bridge. */
  workingSetIds: string[] | null = null;
  /** A free-text search at the bank waits for this (a slow link), when set. */
  bankSearchGate: Promise<void> | null = null;
  /** The bank says its answer to a free-text search is cut at a limit. */
  bankSearchMore = false;
  /** Before the bridge's own event clock, so events recorded during a contact come after it arrived. */
  private clock = Date.parse('2025-03-03T13:00:00.000Z');

  constructor(private readonly host: ScreenPopFakeHost) {}

  popCustomer(detail: CustomerDetail): PopCustomer {
    const accounts: Record<string, string> = {};
    for (const account of detail.accounts) {
      const number = this.accountNumbers.get(account.id);
      const digest = number ? fakeDigest('account', number) : null;
      if (digest) accounts[account.id] = digest;
    }
    return { detail, digests: { phone: fakeDigest('phone', detail.customer.phone) ?? '', email: fakeDigest('email', detail.customer.email) ?? '', accounts } };
  }

  /** A contact arrives (as the CTI endpoint would deliver it); returns what the renderer is sent. */
  arrive(intake: ScreenPopIntake | null, options: { source?: PopRequest['source']; customerId?: string | null } = {}): PopRequest {
    this.clock += 1000;
    const request: PopRequest = {
      popId: randomUUID(),
      source: options.source ?? 'cti',
      channel: intake?.channel ?? 'phone',
      intake,
      customerId: options.customerId ?? null,
      receivedAt: new Date(this.clock).toISOString(),
      digests: {
        ani: intake?.ani ? fakeDigest('phone', intake.ani) : null,
        accountNumber: intake?.accountNumber ? fakeDigest('account', intake.accountNumber) : null,
        email: intake?.email ? fakeDigest('email', intake.email) : null,
      },
      linkedCaseId: null,
    };
    this.history.unshift({ ...request, superseded: false, shownAt: null, shownAfterMs: null, linkedCustomerId: null });
    this.host.emit('screenpop.requested', request);
    return request;
  }

  private workingSet(): CustomerDetail[] {
    const ids = this.workingSetIds;
    return ids === null ? this.host.customers : this.host.customers.filter((detail) => ids.includes(detail.customer.id));
  }

  async handle(channel: string, request: unknown): Promise<IpcResult<unknown>> {
    const ok = (value: unknown): IpcResult<unknown> => ({ ok: true, value });
    const agent = this.host.agent;
    if (!agent && channel !== 'screenpop.rendered') return { ok: false, error: { code: 'not_signed_in', message: 'Sign in first.' } };
    switch (channel) {
      case 'screenpop.history':
        return ok({ entries: this.history.map((entry) => ({ ...entry })) });
      case 'screenpop.manual': {
        const { channel: contactChannel, customerId } = request as IpcRequest<'screenpop.manual'>;
        this.clock += 1000;
        const popId = randomUUID();
        const pop: PopRequest = { popId, source: 'manual', channel: contactChannel, intake: null, customerId, receivedAt: new Date(this.clock).toISOString(), digests: { ani: null, accountNumber: null, email: null }, linkedCaseId: null };
        this.history.unshift({ ...pop, superseded: false, shownAt: null, shownAfterMs: null, linkedCustomerId: null });
        this.host.emit('screenpop.requested', pop);
        return ok({ popId });
      }
      case 'screenpop.reopen': {
        const entry = this.history.find((candidate) => candidate.popId === (request as IpcRequest<'screenpop.reopen'>).popId);
        if (!entry) return { ok: false, error: { code: 'not_found', message: 'That contact is no longer in the history.' } };
        const again = this.arrive(entry.intake, { source: 'history', customerId: entry.customerId });
        return ok({ popId: again.popId });
      }
      case 'screenpop.rendered': {
        const rendered = request as IpcRequest<'screenpop.rendered'>;
        this.rendered.push(rendered);
        const entry = this.history.find((candidate) => candidate.popId === rendered.popId);
        if (entry) entry.shownAt = new Date(this.clock).toISOString();
        return ok({ elapsedMs: 1 });
      }
      case 'screenpop.linked': {
        const linked = request as IpcRequest<'screenpop.linked'>;
        this.linked.push(linked);
        const entry = this.history.find((candidate) => candidate.popId === linked.popId);
        if (entry) Object.assign(entry, { linkedCaseId: linked.caseId, linkedCustomerId: linked.customerId });
        return ok({ ok: true });
      }
      case 'screenpop.lookup': {
        const { identifiers, query } = request as IpcRequest<'screenpop.lookup'>;
        if (query !== undefined) {
          await this.bankSearchGate;
          const readings = readSearchText(query);
          // As the case service searches: id, name words, and account or phone last 4.
          const found = this.host.customers.filter(
            (detail) =>
              detail.customer.id === readings.customerId ||
              (readings.nameWords.length > 0 && readings.nameWords.every((word) => detail.customer.fullName.toLowerCase().includes(word))) ||
              (readings.last4 !== null && (detail.customer.phone.endsWith(readings.last4) || detail.accounts.some((account) => account.maskedNumber.endsWith(readings.last4 ?? '')))),
          );
          return ok({ customers: found.map((detail) => this.popCustomer(detail)), hits: {}, source: 'service', more: this.bankSearchMore });
        }
        const hits: IdentifierHits = {};
        const all = this.host.customers;
        if (identifiers?.ani) hits.ani = all.filter((detail) => detail.customer.phone === identifiers.ani).map((detail) => detail.customer.id);
        if (identifiers?.email) hits.email = all.filter((detail) => detail.customer.email.toLowerCase() === identifiers.email?.toLowerCase()).map((detail) => detail.customer.id);
        if (identifiers?.accountNumber) {
          const ids = [...this.accountNumbers].filter(([, number]) => number === identifiers.accountNumber).map(([accountId]) => accountId);
          hits.accountNumber = all.filter((detail) => detail.accounts.some((account) => ids.includes(account.id))).map((detail) => detail.customer.id);
        }
        if (identifiers?.caseId) hits.caseId = [];
        const ids = new Set(Object.values(hits).flat());
        return ok({ customers: all.filter((detail) => ids.has(detail.customer.id)).map((detail) => this.popCustomer(detail)), hits, source: 'service' });
      }
      case 'lookup.digests': {
        const { query } = request as IpcRequest<'lookup.digests'>;
        const readings = readSearchText(query);
        return ok({
          phone: readings.phone ? fakeDigest('phone', readings.phone) : null,
          accountNumber: readings.accountNumber ? fakeDigest('account', readings.accountNumber) : null,
          email: readings.email ? fakeDigest('email', readings.email) : null,
        });
      }
      case 'workingSet.get': {
        const { offset } = request as IpcRequest<'workingSet.get'>;
        const all = this.workingSet();
        const page = all.slice(offset ?? 0, (offset ?? 0) + 2);
        const end = (offset ?? 0) + page.length;
        return ok({ customers: page.map((detail) => this.popCustomer(detail)), total: all.length, nextOffset: end < all.length ? end : null, refreshedAt: new Date(this.clock).toISOString() });
      }
      case 'sensitive.reveal': {
        const reveal = request as IpcRequest<'sensitive.reveal'>;
        if (!agent || !hasPermission(agent.role, 'reveal_sensitive')) return { ok: false, error: { code: 'not_permitted', message: 'Your role cannot reveal masked values.' } };
        const detail = this.host.customers.find((candidate) => candidate.customer.id === reveal.customerId);
        const value =
          reveal.field === 'account_number' ? this.accountNumbers.get(reveal.targetId) : reveal.field === 'phone' ? detail?.customer.phone : reveal.field === 'email' ? detail?.customer.email : undefined;
        if (!value) return { ok: false, error: { code: 'not_found', message: 'Nothing to reveal.' } };
        const recorded = await this.host.invoke('events.append', { id: randomUUID(), caseId: reveal.caseId, type: 'sensitive.revealed', payload: { field: reveal.field, targetId: reveal.targetId, reason: reveal.reason } });
        if (!recorded.ok) return recorded;
        this.reveals.push(reveal);
        return ok({ value });
      }
      default:
        return { ok: false, error: { code: 'unknown_channel', message: channel } };
    }
  }
}
