import type { CaseEvent, CaseEventType } from '../../src/shared/domain/caseEvent';
import { caseEventPayloads, EVENT_SCHEMA_VERSION } from '../../src/shared/domain/caseEvent';
import type { z } from 'zod';

let counter = 0;

/** Builds a valid case event for tests; ids are deterministic per run so failures are readable. */
export function makeEvent<T extends CaseEventType>(
  type: T,
  payload: z.input<(typeof caseEventPayloads)[T]>,
  overrides: Partial<Pick<CaseEvent, 'id' | 'caseId' | 'at' | 'actorId' | 'deviceId'>> = {},
): Extract<CaseEvent, { type: T }> {
  counter += 1;
  const id = overrides.id ?? `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  return {
    id,
    caseId: overrides.caseId ?? 'CASE-1',
    schemaVersion: EVENT_SCHEMA_VERSION,
    at: overrides.at ?? new Date(Date.UTC(2026, 10, 23, 14, 0, counter)).toISOString(),
    hlc: `${String(counter).padStart(15, '0')}-00000-test`,
    actorId: overrides.actorId ?? 'agent-1',
    deviceId: overrides.deviceId ?? 'device-1',
    type,
    payload: caseEventPayloads[type].parse(payload),
  } as Extract<CaseEvent, { type: T }>;
}

export const created = (overrides: Parameters<typeof makeEvent>[2] = {}) =>
  makeEvent('case.created', { customerId: 'CUST-1', caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Overdraft fee charged twice', ownerId: 'agent-1' }, overrides);
