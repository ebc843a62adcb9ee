import { createRecordSealer, readModelKeyBytes, type RecordSealer } from '../../../src/renderer/data/recordSealer';
import type { Agent } from '../../../src/shared/domain/agent';
import type { CaseEventEnvelope } from '../../../src/shared/domain/caseEvent';
import type { CustomerDetail } from '../../../src/shared/domain/customer';
import { FakeConsoleBridge } from './fakeBridge';

export const dana: Agent = { id: 'agent-dana', username: 'dana', displayName: 'Dana Reyes', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York', skills: ['senior'] };
export const sam: Agent = { id: 'agent-sam', username: 'sam', displayName: 'Sam Ortiz', role: 'supervisor', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York', skills: [] };

export function customer(id: string, fullName: string, tier: CustomerDetail['customer']['tier'], phone: string): CustomerDetail {
  return {
    customer: { id, fullName, tier, segment: 'consumer', phone, email: `${id}@example.com`, branchId: 'br-1', customerSince: '2015-06-01' },
    accounts: [
      {
        id: `${id}-chk`,
        customerId: id,
        kind: 'checking',
        maskedNumber: '••••4821',
        balanceCents: 1_234_567,
        pendingCents: -4_500,
        pendingCount: 1,
        currency: 'USD',
        openedOn: '2015-06-01',
      },
    ],
    recentTransactions: [],
  };
}

export const ava = customer('cust-ava', 'Ava Thompson', 'vip', '+15551234567');
export const ben = customer('cust-ben', 'Ben Carter', 'standard', '+15559876543');

let counter = 0;
/** Deterministic RFC 4122 v4-shaped ids, so failures are reproducible. */
export function eventId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString().padStart(12, '0')}`;
}

export function envelope(caseId: string, type: string, payload: unknown, at: string, actorId = dana.id): CaseEventEnvelope {
  return { id: eventId(), caseId, schemaVersion: 1, at, hlc: `${Date.parse(at)}:0:dev-1`, actorId, deviceId: 'dev-1', type, payload };
}

export function created(caseId: string, options: { subject: string; ownerId: string; customerId: string | null; severity?: 'S1' | 'S2' | 'S3' | 'S4'; at: string; channel?: 'phone' | 'chat' | 'email'; caseType?: 'card_dispute' | 'fraud' | 'billing_dispute' }) {
  return envelope(
    caseId,
    'case.created',
    {
      customerId: options.customerId,
      caseType: options.caseType ?? 'billing_dispute',
      severity: options.severity ?? 'S3',
      channel: options.channel ?? 'phone',
      subject: options.subject,
      ownerId: options.ownerId,
    },
    options.at,
  );
}

/**
 * A desk with Dana's two open cases (one VIP), one resolved case of hers, and one of Sam's.
 * Now is 2025-03-03T14:00Z; the fraud case was opened 3h 12m earlier.
 */
export function seededBridge(): FakeConsoleBridge {
  const bridge = new FakeConsoleBridge([dana, sam], { dana: 'correct horse', sam: 'battery staple' }, [ava, ben]);
  let seq = 0;
  const add = (event: CaseEventEnvelope) => bridge.receive(event, ++seq);
  add(created('case-fraud', { subject: 'Card used abroad without consent', ownerId: dana.id, customerId: ava.customer.id, severity: 'S1', caseType: 'fraud', at: '2025-03-03T10:48:00.000Z' }));
  add(envelope('case-fraud', 'note.added', { text: 'Customer is travelling next week; card blocked.' }, '2025-03-03T10:55:00.000Z'));
  add(created('case-fee', { subject: 'Overdraft fee disputed', ownerId: dana.id, customerId: ben.customer.id, severity: 'S3', channel: 'email', at: '2025-03-03T08:00:00.000Z' }));
  add(created('case-done', { subject: 'Statement copy requested', ownerId: dana.id, customerId: ben.customer.id, at: '2025-03-02T08:00:00.000Z' }));
  add(envelope('case-done', 'case.resolved', { resolution: 'Statement sent by post.' }, '2025-03-02T09:00:00.000Z'));
  add(created('case-sams', { subject: 'Mortgage payment missing', ownerId: sam.id, customerId: ava.customer.id, at: '2025-03-03T09:00:00.000Z' }));
  return bridge;
}

/** A record sealer: with the key a fake main hands out (to read what the app stored), or a fresh random one. */
export function testSealer(base64urlKey?: string): RecordSealer {
  return createRecordSealer(base64urlKey ? readModelKeyBytes(base64urlKey) : crypto.getRandomValues(new Uint8Array(32)));
}
