import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { CaseEvent, type CaseEventType, type caseEventPayloads } from '../../../src/shared/domain/caseEvent';
import type { z } from 'zod';
import { loadSlaConfig, type ConfigFile, type SlaConfig } from '../../../src/shared/sla/policy';
import { formatConfigIssue } from '../../../src/shared/sla/configIssue';

const RESOURCES = join(__dirname, '../../../resources');

export function defaultConfigFiles(): { calendars: ConfigFile[]; policies: ConfigFile } {
  const dir = join(RESOURCES, 'calendars');
  const calendars = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ fileName: `resources/calendars/${file}`, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }));
  const policies = { fileName: 'resources/sla-policies.json', json: JSON.parse(readFileSync(join(RESOURCES, 'sla-policies.json'), 'utf8')) as unknown };
  return { calendars, policies };
}

export function defaultConfig(): SlaConfig {
  const result = loadSlaConfig(defaultConfigFiles());
  if (!result.ok) throw new Error(result.errors.map(formatConfigIssue).join('\n'));
  return result.value;
}

type Payload<T extends CaseEventType> = z.input<(typeof caseEventPayloads)[T]>;

/** Builds valid events for one case; `at` is any ISO instant. */
export function caseHistory(caseId = 'case-1') {
  const events: CaseEvent[] = [];
  const add = <T extends CaseEventType>(type: T, at: string, payload: Payload<T>) => {
    events.push(
      CaseEvent.parse({ id: randomUUID(), caseId, schemaVersion: 1, at: new Date(at).toISOString(), hlc: `${Date.parse(at)}-0-dev`, actorId: 'agent-1', deviceId: 'dev-1', type, payload }),
    );
    return api;
  };
  const api = {
    events,
    created: (at: string, p: Partial<Payload<'case.created'>> = {}) =>
      add('case.created', at, { customerId: 'cust-1', caseType: 'general_inquiry', severity: 'S3', channel: 'phone', subject: 'Help', ownerId: 'agent-1', ...p }),
    message: (at: string, kind: 'acknowledgement' | 'response' | 'status_update', channel: Payload<'message.sent'>['channel'] = 'email') =>
      add('message.sent', at, { channel, kind, summary: `${kind} sent` }),
    waitOnCustomer: (at: string) => add('status.changed', at, { to: 'waiting_on_customer' }),
    reopenStatus: (at: string) => add('status.changed', at, { to: 'open' }),
    inboundContact: (at: string) => add('contact.linked', at, { contactId: randomUUID(), channel: 'phone', direction: 'inbound', summary: 'customer called back' }),
    resolved: (at: string) => add('case.resolved', at, { resolution: 'Fixed' }),
    reopened: (at: string) => add('case.reopened', at, { reason: 'Customer says it is not fixed' }),
    closed: (at: string) => add('case.closed', at, {}),
    severity: (at: string, severity: 'S1' | 'S2' | 'S3' | 'S4') => add('severity.set', at, { severity }),
    provisionalCredit: (at: string, approval: 'none' | 'supervisor' = 'none', requestId = 'credit-1') =>
      add('remediation.requested', at, { requestId, kind: 'provisional_credit', amountCents: 5000, reason: 'Reg E provisional credit', approval }),
    approve: (at: string, requestId = 'credit-1') => add('remediation.approved', at, { requestId }),
    escalated: (at: string, level: number, automatic = false) => add('case.escalated', at, { level, toOwnerId: 'exec-1', reason: `Escalated to level ${level}`, automatic }),
    answer: (at: string, fieldId: string, value: string | boolean, workflowId = 'card_dispute') => add('workflow.answered', at, { workflowId, version: 1, stepId: 'step', fieldId, value }),
  };
  return api;
}
