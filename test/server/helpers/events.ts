import { randomUUID } from 'node:crypto';
import { formatHlc } from '../../../src/shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, type CaseEventOf, type CaseEventType } from '../../../src/shared/domain/caseEvent';

/** Builds a well-formed event; tests override fields to make it wrong in one specific way. */
export function makeEvent<T extends CaseEventType>(
  type: T,
  fields: { caseId: string; actorId: string; at: Date; payload: CaseEventOf<T>['payload']; id?: string; deviceId?: string },
): CaseEventOf<T> {
  return {
    id: fields.id ?? randomUUID(),
    caseId: fields.caseId,
    schemaVersion: EVENT_SCHEMA_VERSION,
    type,
    at: fields.at.toISOString(),
    hlc: formatHlc({ wallMs: fields.at.getTime(), counter: 0 }, fields.deviceId ?? 'test-device'),
    actorId: fields.actorId,
    deviceId: fields.deviceId ?? 'test-device',
    payload: fields.payload,
  } as CaseEventOf<T>;
}

export function newCaseId(): string {
  return `TEST-${randomUUID().slice(0, 13)}`;
}

/** A complaint by phone owned by its opener, in their team's queue (T1-EAST unless said otherwise). */
export function caseCreated(caseId: string, actorId: string, at: Date, customerId: string | null = null, queueId = 'T1-EAST', deviceId?: string) {
  return makeEvent('case.created', {
    caseId,
    actorId,
    at,
    ...(deviceId ? { deviceId } : {}),
    payload: { customerId, caseType: 'complaint', severity: 'S3', channel: 'phone', subject: 'Test complaint', ownerId: actorId, queueId },
  });
}

export function noteAdded(caseId: string, actorId: string, at: Date, text = 'Called the customer back.') {
  return makeEvent('note.added', { caseId, actorId, at, payload: { text } });
}
