import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildWorkflowRegistry,
  disclosureFieldId,
  emptyProgress,
  foldWorkflowRuns,
  latestDefinition,
  prepareAnswer,
  prepareDisclosureConfirmation,
  runWorkflow,
  selectDefinition,
  type JsonValue,
  type WorkflowDefinition,
  type WorkflowProgress,
} from '../../../src/shared/workflow';
import { makeEvent } from '../eventFactory';
import { STARTED_AT, builtInRegistry, tier1Context, workflowFiles } from './fixtures';

const registry = builtInRegistry();
const billing = latestDefinition(registry, 'billing_fee_dispute') as WorkflowDefinition;

const recordFee = {
  feeType: 'overdraft',
  feeAmount: 5_000,
  feePostedAt: '2026-03-20T14:05:00-04:00',
  transactionId: 'FEE-1',
  [disclosureFieldId('recording_notice')]: true,
};

function progress(answers: Record<string, JsonValue>, completedSteps: string[] = [], extra: Partial<WorkflowProgress> = {}): WorkflowProgress {
  return emptyProgress({ startedAt: STARTED_AT, customerVerified: true, answers, completedSteps, ...extra });
}

describe('runWorkflow', () => {
  it('starts on the start step with everything there missing', () => {
    const result = runWorkflow(billing, progress({}), tier1Context());
    expect(result.currentStepId).toBe('record_fee');
    expect(result.visitedSteps).toEqual(['record_fee']);
    expect(result.missingRequired.map((m) => m.fieldId)).toEqual(['feeType', 'feeAmount', 'feePostedAt', 'transactionId']);
    expect(result.missingDisclosures).toEqual([{ id: 'recording_notice', title: 'Call recording notice' }]);
    expect(result.allowedActions).toEqual(['answer', 'confirm_disclosure']);
    expect(result.plannedSteps).toEqual(['assess_fee', 'fee_stands', 'close_out']);
    expect(result.completed).toBe(false);
  });

  it('will not complete a step until every disclosure is confirmed', () => {
    const { [disclosureFieldId('recording_notice')]: _read, ...answers } = recordFee;
    const unread = runWorkflow(billing, progress(answers), tier1Context());
    expect(unread.missingRequired).toEqual([]);
    expect(unread.allowedActions).not.toContain('complete_step');
    // Recorded as completed without the disclosure (e.g. by a faulty client), the step still holds the agent.
    const forced = runWorkflow(billing, progress(answers, ['record_fee']), tier1Context());
    expect(forced.currentStepId).toBe('record_fee');
    expect(runWorkflow(billing, progress(recordFee), tier1Context()).allowedActions).toContain('complete_step');
  });

  it('requires a disclosure only on the channels it names: no call recording notice on a secure message', () => {
    const { [disclosureFieldId('recording_notice')]: _read, ...unread } = recordFee;
    const bySecureMessage = runWorkflow(billing, progress(unread), { ...tier1Context(), channel: 'secure_message' });
    expect(bySecureMessage.missingDisclosures).toEqual([]);
    expect(bySecureMessage.allowedActions).toContain('complete_step');
    expect(runWorkflow(billing, progress(unread), { ...tier1Context(), channel: 'phone' }).missingDisclosures).toEqual([{ id: 'recording_notice', title: 'Call recording notice' }]);
    // Every built-in recording notice is for calls only.
    for (const definition of registry.definitions.values()) {
      for (const step of definition.steps) for (const disclosure of step.disclosures) if (disclosure.id === 'recording_notice') expect(disclosure.channels, definition.id).toEqual(['phone']);
    }
  });

  it('refuses a wrongly typed recorded answer with its reason and keeps it visible', () => {
    const result = runWorkflow(billing, progress({ ...recordFee, feeAmount: '50.00' }), tier1Context());
    expect(result.invalidAnswers).toEqual([{ fieldId: 'feeAmount', stepId: 'record_fee', reason: 'amount must be a positive amount in dollars and cents, e.g. 125.50' }]);
    expect(result.missingRequired).toEqual([{ fieldId: 'feeAmount', label: 'Fee amount', reason: 'amount must be a positive amount in dollars and cents, e.g. 125.50' }]);
  });

  it('keeps answers from a branch no longer taken, and picks them up again when the branch returns', () => {
    const reversed = { ...recordFee, chargedInError: true, firstFeeIn12Months: false, reversalAmount: 5_000, reversalBasis: 'bank_error' };
    const onReversal = runWorkflow(billing, progress(reversed, ['record_fee', 'assess_fee']), tier1Context());
    expect(onReversal.currentStepId).toBe('reverse_fee');

    const changedMind = { ...reversed, chargedInError: false };
    const onStands = runWorkflow(billing, progress(changedMind, ['record_fee', 'assess_fee', 'reverse_fee']), tier1Context());
    expect(onStands.visitedSteps).toEqual(['record_fee', 'assess_fee', 'fee_stands']);
    expect(onStands.offPathAnswers).toEqual([
      { fieldId: 'reversalAmount', stepId: 'reverse_fee' },
      { fieldId: 'reversalBasis', stepId: 'reverse_fee' },
    ]);
    expect(onStands.summary.offPathAnswers.map((a) => a.display)).toEqual(['$50.00', 'Charged in error']);

    const back = runWorkflow(billing, progress(reversed, ['record_fee', 'assess_fee', 'reverse_fee'], { requestedRemediations: ['fee_reversal'] }), tier1Context());
    expect(back.currentStepId).toBe('close_out');
    expect(back.offPathAnswers).toEqual([]);
  });

  it('sends the agent back to a completed step whose required answer was cleared', () => {
    const answers = { ...recordFee, chargedInError: null, firstFeeIn12Months: false };
    const result = runWorkflow(billing, progress(answers, ['record_fee', 'assess_fee']), tier1Context());
    expect(result.currentStepId).toBe('assess_fee');
    expect(result.missingRequired.map((m) => m.fieldId)).toEqual(['chargedInError']);
    expect(result.allowedActions).toContain('go_back');
  });

  it('will not complete "Reverse the fee" until the reversal is requested, and says what stands in the way (#11.3)', () => {
    const answers = { ...recordFee, chargedInError: true, firstFeeIn12Months: false, reversalAmount: 5_000, reversalBasis: 'bank_error' };
    const unverified = runWorkflow(billing, progress(answers, ['record_fee', 'assess_fee'], { customerVerified: false }), tier1Context());
    expect(unverified.currentStepId).toBe('reverse_fee');
    expect(unverified.allowedActions).not.toContain('complete_step');
    expect(unverified.missingRequired).toEqual([expect.objectContaining({ fieldId: 'remediation:fee_reversal', reason: expect.stringContaining("verify the customer's identity first") })]);

    const verified = runWorkflow(billing, progress(answers, ['record_fee', 'assess_fee']), tier1Context());
    expect(verified.missingRequired[0]?.reason).toMatch(/^Fee reversal has not been requested: this step tells the customer it is being done, so request it below/);
    expect(verified.allowedActions).toContain('request_remediation');

    const requested = runWorkflow(billing, progress(answers, ['record_fee', 'assess_fee'], { requestedRemediations: ['fee_reversal'] }), tier1Context());
    expect(requested.missingRequired).toEqual([]);
    expect(requested.allowedActions).toContain('complete_step');
    // A step completed without the request (recorded before the rule) does not count as done.
    expect(runWorkflow(billing, progress(answers, ['record_fee', 'assess_fee', 'reverse_fee']), tier1Context()).currentStepId).toBe('reverse_fee');
  });

  it('takes the requested remediations from the case events', () => {
    const events = [
      makeEvent('workflow.started', { workflowId: 'billing_fee_dispute', version: 1 }),
      makeEvent('remediation.requested', { requestId: 'r-1', kind: 'fee_reversal', amountCents: 5_000, reason: 'charged in error', approval: 'none' }),
    ];
    expect(foldWorkflowRuns(events)[0]?.progress.requestedRemediations).toEqual(['fee_reversal']);
  });

  it('keeps answers the definition does not know', () => {
    const result = runWorkflow(billing, progress({ ...recordFee, newerField: 'x', [disclosureFieldId('newer')]: true }, [], { answeredOnStep: { newerField: 'record_fee' } }), tier1Context());
    expect(result.unknownAnswers).toEqual([
      { fieldId: 'newerField', stepId: 'record_fee' },
      { fieldId: 'disclosure:newer', stepId: null },
    ]);
  });

  it('never drops an answer: each one lands on the path, off it, invalid or unknown', () => {
    const fields = billing.steps.flatMap((s) => s.fields);
    const anyAnswer = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -10, max: 500_000 }), fc.constantFrom('overdraft', 'goodwill', 'bank_error', 'text', '2026-03-20T14:05:00Z'));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...fields.map((f) => f.id), 'unknownField'), anyAnswer),
        fc.subarray(billing.steps.map((s) => s.id)),
        (answers, completed) => {
          const result = runWorkflow(billing, progress(answers, completed), tier1Context());
          const onPath = result.summary.steps.flatMap((s) => s.answers.map((a) => a.fieldId));
          const accounted = new Set([...onPath, ...result.offPathAnswers.map((a) => a.fieldId), ...result.invalidAnswers.map((a) => a.fieldId), ...result.unknownAnswers.map((a) => a.fieldId)]);
          for (const [fieldId, value] of Object.entries(answers)) if (value !== null) expect(accounted.has(fieldId)).toBe(true);
          expect(result.visitedSteps[0]).toBe('record_fee');
          expect(result.visitedSteps.at(-1)).toBe(result.currentStepId);
        },
      ),
    );
  });

  it('derives severity from the highest matching rule on the path, with reasons', () => {
    const refund = latestDefinition(registry, 'refund_request') as WorkflowDefinition;
    const result = runWorkflow(refund, progress({ refundAmount: 300_000, verifiedAgainstLedger: true }), tier1Context());
    // Severity rules sit on a step not yet reached: they do not count until the path gets there.
    expect(result.severity).toBe('low');
    const reached = runWorkflow(
      refund,
      progress({ transactionId: 'T', transactionAt: '2026-03-20T10:00:00Z', chargeDescription: 'x', transactionAmount: 300_000, refundReason: 'goodwill', [disclosureFieldId('recording_notice')]: true, refundAmount: 300_000 }, ['intake']),
      tier1Context(),
    );
    expect(reached.currentStepId).toBe('assess');
    expect(reached.severity).toBe('high');
    expect(reached.severityCode).toBe('S2');
    expect(reached.severityReasons).toEqual(['high: refund above $2,500 needs finance/legal sign-off', 'medium: refund above the Tier 1 limit']);
  });
});

describe('time windows inside a workflow', () => {
  const windowed = buildWorkflowRegistry([
    {
      fileName: 'windowed.v1.json',
      json: {
        id: 'windowed',
        version: 1,
        title: 'Windowed',
        caseTypes: ['refund_request'],
        defaultSeverity: 'low',
        start: 'when',
        steps: [
          { id: 'when', title: 'When', script: 'When was it?', fields: [{ id: 'at', label: 'At', type: 'datetime', required: true }, { id: 'amount', label: 'Amount', type: 'money', required: true }], next: 'grant' },
          { id: 'grant', title: 'Grant', script: 'Refunding.', remediationOptions: [{ kind: 'refund', amountField: 'amount', window: { rule: 'refund_eligibility', field: 'at' } }] },
        ],
      },
    },
  ]).registry;
  const definition = latestDefinition(windowed, 'windowed') as WorkflowDefinition;
  const answers = { at: '2026-03-01T12:00:00-05:00', amount: 2_000 };

  it('withdraws a remediation outside its window, measured to when the workflow started', () => {
    const early = runWorkflow(definition, progress(answers, ['when'], { startedAt: '2026-03-31T20:00:00Z' }), tier1Context());
    expect(early.allowedRemediations[0]).toMatchObject({ kind: 'refund', available: true, approval: 'none' });
    const late = runWorkflow(definition, progress(answers, ['when'], { startedAt: '2026-04-01T15:00:00Z' }), tier1Context());
    expect(late.allowedRemediations[0]).toMatchObject({ available: false });
    expect(late.allowedRemediations[0]?.blockedReason).toContain('Refund eligibility: 30 days [operating guide 004]: 31 days have passed');
    expect(late.allowedActions).not.toContain('request_remediation');
  });

  it('says a window cannot be checked without a start time, and withholds the remediation', () => {
    const result = runWorkflow(definition, progress(answers, ['when'], { startedAt: null }), tier1Context());
    expect(result.windowFindings[0]?.message).toContain('cannot be checked before the workflow has a start time');
    expect(result.allowedRemediations[0]?.available).toBe(false);
  });

  it('measures to an explicit instant when the caller gives one', () => {
    const result = runWorkflow(definition, progress(answers, ['when'], { startedAt: '2026-03-05T12:00:00Z' }), tier1Context({ asOfIso: '2026-04-10T12:00:00Z' }));
    expect(result.windowFindings[0]).toMatchObject({ ok: false, daysElapsed: 40 });
  });
});

describe('replay from case events', () => {
  const card = workflowFiles().find((f) => f.fileName === 'card_dispute.v1.json');
  if (!card) throw new Error('card_dispute.v1.json missing');
  const v1 = JSON.parse(card.json as string);
  // Version 2 asks the customer for the card's last four digits before anything else.
  const v2 = {
    ...v1,
    version: 2,
    start: 'identify_card',
    steps: [
      { id: 'identify_card', title: 'Identify the card', script: 'Which card was it? Please read me the last four digits.', fields: [{ id: 'cardLast4', label: 'Last 4 digits', type: 'text', required: true, maxLength: 4 }], next: 'open_dispute' },
      ...v1.steps,
    ],
  };
  const { registry: versions, errors } = buildWorkflowRegistry([
    { fileName: 'card_dispute.v1.json', json: v1 },
    { fileName: 'card_dispute.v2.json', json: v2 },
  ]);

  const started = makeEvent('workflow.started', { workflowId: 'card_dispute', version: 1 }, { at: '2026-03-31T19:00:00Z' });
  const answer = (stepId: string, fieldId: string, value: JsonValue, version = 1) => makeEvent('workflow.answered', { workflowId: 'card_dispute', version, stepId, fieldId, value });
  const events = [
    makeEvent('customer.verified', { customerId: 'CUST-1', method: 'one_time_code' }),
    started,
    answer('open_dispute', disclosureFieldId('recording_notice'), true),
    answer('open_dispute', 'cardType', 'debit'),
    answer('open_dispute', 'disputeReason', 'duplicate_charge'),
    makeEvent('workflow.step_completed', { workflowId: 'card_dispute', version: 1, stepId: 'open_dispute' }),
    answer('transaction_details', 'transactionId', 'TX-1'),
    answer('transaction_details', 'transactionAt', '2026-03-25T12:00:00-04:00'),
    answer('transaction_details', 'transactionAt', '2026-03-26T12:00:00-04:00'),
    // A stray answer for another version must not leak into this run.
    answer('identify_card', 'cardLast4', '4242', 2),
  ];

  it('loads both versions', () => {
    expect(errors).toEqual([]);
    expect(selectDefinition(versions, 'card_dispute', 3)).toEqual({ ok: false, reason: 'workflow "card_dispute" version 3 is not installed (installed: 1, 2)' });
    expect(selectDefinition(versions, 'missing', 1)).toEqual({ ok: false, reason: 'workflow "missing" is not installed' });
    expect(latestDefinition(versions, 'card_dispute')?.version).toBe(2);
  });

  it('replays an old case with the version it recorded, not the latest', () => {
    const [run, other] = foldWorkflowRuns(events);
    expect(run).toMatchObject({ workflowId: 'card_dispute', version: 1, startedAt: '2026-03-31T19:00:00Z', startedBy: 'agent-1' });
    expect(other).toMatchObject({ version: 2, startedAt: null });
    const selected = selectDefinition(versions, run!.workflowId, run!.version);
    if (!selected.ok) throw new Error(selected.reason);
    const replayed = runWorkflow(selected.definition, events, tier1Context());
    expect(replayed.version).toBe(1);
    expect(replayed.visitedSteps).toEqual(['open_dispute', 'transaction_details']);
    expect(replayed.unknownAnswers).toEqual([]);
    expect(replayed.missingRequired.map((m) => m.fieldId)).toEqual(['merchantName', 'disputedAmount', 'contactedMerchant']);
    expect(replayed.summary.steps[1]?.answers.find((a) => a.fieldId === 'transactionAt')?.value).toBe('2026-03-26T12:00:00-04:00');
    expect(run!.answerLog.filter((a) => a.fieldId === 'transactionAt').map((a) => a.value)).toEqual(['2026-03-25T12:00:00-04:00', '2026-03-26T12:00:00-04:00']);

    const onLatest = runWorkflow(latestDefinition(versions, 'card_dispute') as WorkflowDefinition, events, tier1Context());
    expect(onLatest.currentStepId).toBe('identify_card');
  });

  it('takes the verification and the start time from the events', () => {
    const result = runWorkflow(v1Definition(), events, tier1Context());
    expect(result.windowFindings).toEqual([expect.objectContaining({ rule: 'chargeback_initiation', ok: true, daysElapsed: 5 })]);
    const unverified = foldWorkflowRuns(events.slice(1))[0]!;
    expect(unverified.progress.customerVerified).toBe(false);
    expect(foldWorkflowRuns(events)[0]!.progress.customerVerified).toBe(true);
  });

  function v1Definition(): WorkflowDefinition {
    const selected = selectDefinition(versions, 'card_dispute', 1);
    if (!selected.ok) throw new Error(selected.reason);
    return selected.definition;
  }

  it('records completion and reports the run completed only when the path really ends', () => {
    const fee = [
      makeEvent('workflow.started', { workflowId: 'billing_fee_dispute', version: 1 }),
      ...Object.entries({ ...recordFee, chargedInError: false, firstFeeIn12Months: false, customerAcceptsOutcome: true, resolutionSummary: 'Explained the fee.', [disclosureFieldId('complaint_rights')]: true }).map(([fieldId, value]) =>
        makeEvent('workflow.answered', { workflowId: 'billing_fee_dispute', version: 1, stepId: 'any', fieldId, value }),
      ),
      ...['record_fee', 'assess_fee', 'fee_stands', 'close_out'].map((stepId) => makeEvent('workflow.step_completed', { workflowId: 'billing_fee_dispute', version: 1, stepId })),
      makeEvent('workflow.completed', { workflowId: 'billing_fee_dispute', version: 1 }),
    ];
    const done = runWorkflow(billing, fee, tier1Context());
    expect(done.completed).toBe(true);
    expect(done.allowedActions).not.toContain('complete_workflow');
    expect(done.summary.text).toContain('Billing or fee dispute (v1) — completed');
    expect(foldWorkflowRuns(fee)[0]?.progress.completionRecorded).toBe(true);
    // Changing an answer after completion reopens the path; the recorded completion stays in the log.
    const reopened = runWorkflow(billing, [...fee, makeEvent('workflow.answered', { workflowId: 'billing_fee_dispute', version: 1, stepId: 'fee_stands', fieldId: 'customerAcceptsOutcome', value: false })], tier1Context());
    expect(reopened.completed).toBe(false);
    expect(reopened.currentStepId).toBe('supervisor_review');
  });
});

describe('prepareAnswer', () => {
  it('builds the answered payload for a valid answer and refuses a wrong type with the reason', () => {
    expect(prepareAnswer(billing, 'record_fee', 'feeAmount', 5_000)).toEqual({
      ok: true,
      payload: { workflowId: 'billing_fee_dispute', version: 1, stepId: 'record_fee', fieldId: 'feeAmount', value: 5_000 },
    });
    expect(prepareAnswer(billing, 'record_fee', 'feeAmount', 'fifty')).toEqual({ ok: false, reason: 'amount must be a positive amount in dollars and cents, e.g. 125.50' });
    expect(prepareAnswer(billing, 'record_fee', 'reversalAmount', 5_000)).toEqual({ ok: false, reason: 'step "Record the disputed fee" has no field "reversalAmount"' });
    expect(prepareAnswer(billing, 'nope', 'feeAmount', 5_000).ok).toBe(false);
  });

  it('builds disclosure confirmations only for disclosures on that step', () => {
    expect(prepareDisclosureConfirmation(billing, 'record_fee', 'recording_notice')).toMatchObject({ ok: true, payload: { fieldId: 'disclosure:recording_notice', value: true } });
    expect(prepareDisclosureConfirmation(billing, 'assess_fee', 'recording_notice').ok).toBe(false);
  });
});
