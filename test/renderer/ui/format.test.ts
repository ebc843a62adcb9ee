import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { asSentence, formatAge, formatInstant, formatUsd } from '../../../src/renderer/ui/format';
import { formatDueTime } from '../../../src/renderer/sla/dueTimeText';
import { describeSyncStatus } from '../../../src/renderer/ui/syncStatusText';
import { describeEvent } from '../../../src/renderer/ui/describeEvent';
import { envelope } from '../support/seed';
import { readFileSync } from 'node:fs';
import { buildWorkflowRegistry } from '../../../src/shared/workflow';
import { SLA_ACTOR_ID, systemActorName } from '../../../src/shared/domain/agent';

describe('formatting', () => {
  it('shows ages compactly', () => {
    expect(formatAge(0)).toBe('0m');
    expect(formatAge(59 * 60_000 + 59_000)).toBe('59m');
    expect(formatAge((3 * 60 + 12) * 60_000)).toBe('3h 12m');
    expect(formatAge((2 * 24 + 4) * 3_600_000 + 5 * 60_000)).toBe('2d 4h');
    expect(formatAge(-5_000)).toBe('0m');
  });

  it('never shows a longer age for a younger case', () => {
    const toMinutes = (text: string) => {
      const [, d = '0', h = '0', m = '0'] = /^(?:(\d+)d )?(?:(\d+)h ?)?(?:(\d+)m)?$/.exec(text) ?? [];
      return Number(d) * 1440 + Number(h) * 60 + Number(m);
    };
    fc.assert(
      fc.property(fc.nat(10 ** 10), fc.nat(10 ** 10), (a, b) => {
        const [young, old] = a <= b ? [a, b] : [b, a];
        expect(toMinutes(formatAge(young))).toBeLessThanOrEqual(toMinutes(formatAge(old)));
      }),
    );
  });

  it('formats cents as US dollars and instants in the agent’s zone', () => {
    expect(formatUsd(1_234_567)).toBe('$12,345.67');
    expect(formatUsd(-4_500)).toBe('-$45.00');
    expect(formatInstant('2025-03-03T14:00:00.000Z', 'America/New_York')).toMatch(/Mar 3, 2025.*9:00\sAM/);
    expect(formatInstant('2025-03-03T14:00:00.000Z', 'Not/AZone')).toMatch(/2:00\sPM UTC$/);
  });

  it('keeps each zone and style apart when formatting many instants', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(formatInstant('2025-03-03T14:00:00.000Z', 'America/Los_Angeles')).toMatch(/Mar 3, 2025.*6:00\sAM$/);
      expect(formatInstant('2025-03-03T14:00:00.000Z', 'Europe/Berlin')).toMatch(/Mar 3, 2025.*3:00\sPM$/);
      expect(formatDueTime('2025-03-03T14:00:00.000Z', 'America/New_York')).toMatch(/^Mon, Mar 3, 9:00\sAM EST$/);
      expect(formatDueTime('2025-03-03T14:00:00.000Z', 'Not/AZone')).toMatch(/^Mon, Mar 3, 2:00\sPM UTC$/);
    }
  });
});

describe('sync status in words', () => {
  const base = { pending: 0, lastSyncedAt: null, lastError: null, rejected: [] };
  it('names each state and counts changes waiting', () => {
    expect(describeSyncStatus({ ...base, state: 'online' }, true).text).toBe('Online');
    expect(describeSyncStatus({ ...base, state: 'syncing' }, true).text).toBe('Syncing…');
    expect(describeSyncStatus({ ...base, state: 'offline', pending: 2 }, true).text).toBe('Offline — 2 changes waiting');
    expect(describeSyncStatus({ ...base, state: 'online', pending: 1 }, true).text).toBe('Online — 1 change waiting');
    expect(describeSyncStatus({ ...base, state: 'online' }, false).text).toBe('Reconnecting to the console host…');
    expect(describeSyncStatus(null, true).text).toBe('Checking sync…');
  });

  it('never says "Offline" when the service answered with a failure', () => {
    const view = describeSyncStatus({ ...base, state: 'error', pending: 1, lastError: 'The case service failed to handle this request.' }, true);
    expect(view.text).toBe('Sync problem at the case service — 1 change waiting');
    expect(view.text).not.toMatch(/offline/i);
  });
});

describe('timeline wording', () => {
  const nameOf = (id: string) => ({ 'agent-sam': 'Sam Ortiz' })[id] ?? id;
  it('describes events in words and keeps what people wrote', () => {
    expect(describeEvent(envelope('c', 'note.added', { text: 'Hello' }, '2025-03-03T10:00:00.000Z'), nameOf)).toEqual({ summary: 'Added a note', body: 'Hello' });
    expect(describeEvent(envelope('c', 'owner.assigned', { ownerId: 'agent-sam', reason: 'specialist' }, '2025-03-03T10:00:00.000Z'), nameOf).summary).toBe(
      'Assigned to Sam Ortiz — specialist',
    );
    expect(
      describeEvent(envelope('c', 'remediation.requested', { requestId: 'r', kind: 'fee_reversal', amountCents: 3500, reason: 'Bank error', approval: 'none' }, '2025-03-03T10:00:00.000Z'), nameOf)
        .summary,
    ).toBe('Requested fee reversal of $35.00 (within own limit)');
  });

  it('speaks in the workflow definition\'s titles and labels, and falls back to ids without it', () => {
    const fileName = 'billing_fee_dispute.v1.json';
    const { registry } = buildWorkflowRegistry([{ fileName, json: readFileSync(`resources/workflows/${fileName}`, 'utf8') }]);
    const at = '2025-03-03T10:00:00.000Z';
    const answer = envelope('c', 'workflow.answered', { workflowId: 'billing_fee_dispute', version: 1, stepId: 'record_fee', fieldId: 'feeType', value: 'overdraft' }, at);
    expect(describeEvent(answer, nameOf, registry)).toEqual({ summary: 'Fee disputed (Record the disputed fee)', body: 'Overdraft fee' });
    expect(describeEvent(answer, nameOf).summary).toBe('Answered feeType in record_fee');
    const disclosure = envelope('c', 'workflow.answered', { workflowId: 'billing_fee_dispute', version: 1, stepId: 'record_fee', fieldId: 'disclosure:recording_notice', value: true }, at);
    expect(describeEvent(disclosure, nameOf, registry).summary).toBe('Read aloud: Call recording notice (Record the disputed fee)');
    const step = envelope('c', 'workflow.step_completed', { workflowId: 'billing_fee_dispute', version: 1, stepId: 'record_fee' }, at);
    expect(describeEvent(step, nameOf, registry).summary).toBe('Completed step: Record the disputed fee');
  });

  it('names the automatic SLA monitor instead of showing its id', () => {
    expect(systemActorName(SLA_ACTOR_ID)).toBe('SLA monitor (automatic)');
    expect(systemActorName('AGT-001')).toBe('AGT-001');
  });

  it('keeps an event from a newer version visible instead of dropping it', () => {
    expect(describeEvent(envelope('c', 'future.thing', {}, '2025-03-03T10:00:00.000Z'), nameOf).summary).toMatch(/newer version.*future\.thing/);
  });
});

describe('asSentence', () => {
  it('makes a policy clause a sentence: capitalised, with one full stop', () => {
    expect(asSentence('your role (Tier 1 agent) cannot settle a conflict')).toBe('Your role (Tier 1 agent) cannot settle a conflict.');
    expect(asSentence('  Verify the customer first.  ')).toBe('Verify the customer first.');
    expect(asSentence('is it open?')).toBe('Is it open?');
    expect(asSentence('')).toBe('');
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((text) => /^[a-z]/.test(text.trim())), (text) => {
        const sentence = asSentence(text);
        expect(sentence.charAt(0)).toBe(sentence.charAt(0).toUpperCase());
        expect(sentence).toMatch(/[.!?]$/);
      }),
    );
  });
});
