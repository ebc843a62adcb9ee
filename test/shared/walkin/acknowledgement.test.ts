import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import { AcknowledgementSettings } from '../../../src/shared/walkin/acknowledgement';
import { acknowledgementForCase } from '../../../src/shared/walkin/acknowledgementForCase';
import { renderAcknowledgementPdf } from '../../../src/shared/walkin/acknowledgementPdf';
import { WALK_IN_REFERENCE, walkInCaseId } from '../../../src/shared/walkin/caseReference';
import { manualCustomerName, walkInContactSummary } from '../../../src/shared/walkin/walkInContact';
import { disclosureFieldId } from '../../../src/shared/workflow';
import { makeEvent } from '../eventFactory';
import { defaultConfig } from '../sla/slaFixtures';
import { builtInRegistry, limits, readResourceJson, windows } from '../workflow/fixtures';
import { pdfText } from '../../support/pdfText';

const settings = AcknowledgementSettings.parse(readResourceJson('acknowledgement.json'));
const CASE_ID = 'WALKIN-BR001-20260305-ABCDEFGHJK';
const at = (minute: number) => new Date(Date.UTC(2026, 2, 5, 15, minute)).toISOString();

function walkInEvents(options: { manualName?: string; fraud?: boolean } = {}): CaseEvent[] {
  const e = <T extends Parameters<typeof makeEvent>[0]>(type: T, payload: Parameters<typeof makeEvent<T>>[1], minute: number) =>
    makeEvent(type, payload, { caseId: CASE_ID, at: at(minute), actorId: 'AGT-015' });
  const answer = (stepId: string, fieldId: string, value: unknown, minute: number) =>
    e('workflow.answered', { workflowId: 'walk_in_complaint', version: 1, stepId, fieldId, value: value as never }, minute);
  const events: CaseEvent[] = [
    e('case.created', { customerId: null, caseType: 'complaint', severity: 'S3', channel: 'walk_in', subject: 'Branch closed early', ownerId: 'AGT-015' }, 0),
    e('contact.linked', { contactId: 'c-1', channel: 'walk_in', direction: 'inbound', summary: walkInContactSummary('BR-001', options.manualName ? { fullName: options.manualName, contact: '555-0100' } : null) }, 0),
    e('workflow.started', { workflowId: 'walk_in_complaint', version: 1 }, 1),
    answer('welcome', disclosureFieldId('branch_privacy_notice'), true, 1),
    answer('welcome', 'idChecked', true, 2),
    answer('welcome', 'complaintCategory', options.fraud ? 'fraud_or_scam' : 'staff_or_service', 2),
    e('workflow.step_completed', { workflowId: 'walk_in_complaint', version: 1, stepId: 'welcome' }, 3),
  ];
  if (!options.fraud) {
    events.push(
      answer('describe', 'whatHappened', 'The branch closed at 3pm although the sign says 5pm.', 4),
      answer('describe', 'desiredOutcome', 'Keep to the posted hours.', 4),
      answer('describe', 'customerVulnerable', true, 4),
    );
  }
  events.push(e('message.sent', { channel: 'walk_in', kind: 'acknowledgement', summary: 'Printed acknowledgement handed over' }, 6));
  return events;
}

const base = { registry: builtInRegistry(), limits, windows, settings, customer: null, branchId: 'BR-001', timeZone: 'America/New_York', now: at(7) };

describe('acknowledgementForCase', () => {
  it('repeats what the customer said, not the desk’s yes/no checks, and dates what happens next from the SLA clocks', () => {
    const result = acknowledgementForCase({ ...base, events: walkInEvents({ manualName: 'Jane Doe' }), sla: defaultConfig() });
    if (!result.ok) throw new Error(result.reason);
    const { content } = result;
    expect(content.reference).toBe(CASE_ID);
    expect(content.details).toContainEqual({ label: 'Customer', value: 'Jane Doe' });
    expect(content.reported.map((line) => line.label)).toEqual(['What the complaint is about', 'What happened, in order', 'What the customer wants']);
    expect(content.reported.map((line) => line.value)).not.toContain('Yes');
    expect(content.nextSteps[0]).toBe('Acknowledged: 5 Mar 2026, 10:06 AM EST (this letter).');
    // A general complaint has no resolution clock: the settings say what happens instead.
    expect(content.nextSteps).toContain(settings.nextStepsWithoutDeadline);
  });

  it('prints the investigation due date of a fraud complaint (72 h, across the change to daylight time)', () => {
    const events = walkInEvents({ fraud: true }).map((event) =>
      event.type === 'case.created' ? { ...event, payload: { ...event.payload, caseType: 'fraud' as const, severity: 'S1' as const } } : event,
    );
    const result = acknowledgementForCase({ ...base, events, sla: defaultConfig() });
    expect(result.ok && result.content.nextSteps).toContain('Investigation: by 8 Mar 2026, 11:00 AM EDT.');
  });

  it('falls back to the policy’s durations when the SLA configuration is unavailable', () => {
    const result = acknowledgementForCase({ ...base, events: walkInEvents(), sla: null });
    expect(result.ok && result.content.nextSteps).toEqual(settings.commitmentsWhenClocksUnavailable);
    expect(result.ok && result.clocksUnavailableReason).toMatch(/could not be loaded/);
  });

  it('refuses a case it has not seen created', () => {
    expect(acknowledgementForCase({ ...base, events: walkInEvents().slice(1), sla: null })).toMatchObject({ ok: false });
  });
});

describe('renderAcknowledgementPdf', () => {
  it('draws the reference number, what was reported and how to contact the bank as text', async () => {
    const result = acknowledgementForCase({ ...base, events: walkInEvents({ manualName: 'Zoë Ünal 王' }), sla: defaultConfig() });
    if (!result.ok) throw new Error(result.reason);
    const bytes = await renderAcknowledgementPdf(result.content, new Date(base.now));
    const text = pdfText(bytes);
    expect(text).toContain(CASE_ID);
    expect(text).toContain('The branch closed at 3pm although the sign says 5pm.');
    expect(text).toContain('1-800-555-0142');
    expect(text).toContain('Zoë Ünal ?'); // outside WinAnsi: replaced, not fatal
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe(`Complaint acknowledgement ${CASE_ID}`);
    expect(doc.getPageCount()).toBe(1);
  });

  it('flows a long account onto more pages with the reference on each', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `Sentence ${i} of what happened at the branch.`).join(' ');
    const events = walkInEvents().map((event) =>
      event.type === 'workflow.answered' && event.payload.fieldId === 'whatHappened' ? { ...event, payload: { ...event.payload, value: long.slice(0, 5000) } } : event,
    );
    const result = acknowledgementForCase({ ...base, events, sla: defaultConfig() });
    if (!result.ok) throw new Error(result.reason);
    const bytes = await renderAcknowledgementPdf(result.content, new Date(base.now));
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThan(1);
    const text = pdfText(bytes);
    expect(text).toContain(`Reference ${CASE_ID} · page 2 of ${doc.getPageCount()}`);
    expect(text.replace(/\s+/g, ' ')).toContain('Sentence 95 of what happened at the branch.');
  });
});

describe('walk-in case ids', () => {
  it('carry branch and local date, use an unambiguous alphabet, and differ between calls', () => {
    const ids = new Set<string>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), (bytes) => {
        const id = walkInCaseId('BR-001', '2026-03-05', (target) => {
          target.set(bytes);
          return target;
        });
        expect(id).toMatch(WALK_IN_REFERENCE);
        expect(id.startsWith('WALKIN-BR001-20260305-')).toBe(true);
        expect(id.length).toBeLessThanOrEqual(64);
      }),
    );
    for (let i = 0; i < 1000; i += 1) ids.add(walkInCaseId(null, '2026-03-05', (target) => crypto.getRandomValues(target)));
    expect(ids.size).toBe(1000);
    expect([...ids][0]).toMatch(/^WALKIN-NOBRANCH-20260305-/);
  });

  it('round-trips a manually entered customer through the contact summary', () => {
    expect(manualCustomerName(walkInContactSummary('BR-001', { fullName: 'Jane Doe', contact: 'jane@example.com' }))).toBe('Jane Doe');
    expect(manualCustomerName(walkInContactSummary('BR-001', null))).toBeNull();
  });
});
