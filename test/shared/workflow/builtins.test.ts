import { describe, expect, it } from 'vitest';
import { latestDefinition, type JsonValue, type WorkflowDefinition, type WorkflowRunResult } from '../../../src/shared/workflow';
import { builtInRegistry, playThrough, tier1Context } from './fixtures';

/**
 * Every built-in workflow, played step by step like an agent would: the happy path and
 * every branch. A final check per workflow proves the scenarios together leave every
 * step by every one of its exits (each branch, each default, each plain next).
 */

const registry = builtInRegistry();

interface Scenario {
  name: string;
  answers: Record<string, JsonValue>;
  path: string[];
  check?: (result: WorkflowRunResult) => void;
}

const within = '2026-03-20T14:05:00-04:00'; // 11 days before the scenarios start
const pastRefundWindow = '2026-02-20T10:00:00-05:00'; // 39 days before
const pastChargebackWindow = '2025-11-01T10:00:00-04:00'; // 150 days before
const pdf = [{ id: 'att-1', fileName: 'statement.pdf', mediaType: 'application/pdf', sizeBytes: 48_213 }];

const fraudBase = {
  concernType: 'unauthorized_transactions',
  accountType: 'deposit_or_debit',
  identityVerified: true,
  cardBlocked: true,
  credentialsReset: true,
  customerSharedCodes: false,
  unauthorizedTransactionIds: 'TX-88123\nTX-88124',
  firstUnauthorizedAt: within,
  totalDisputedAmount: 48_000,
  chronology: 'Card last used at grocery store on the 19th; two online purchases overnight; customer called at 08:10.',
  evidence: pdf,
  replacementCardOrdered: true,
  provisionalCreditAmount: 48_000,
};

const cardBase = {
  cardType: 'debit',
  disputeReason: 'not_received',
  newAccount: false,
  pointOfSale: true,
  foreignTransaction: false,
  transactionId: 'TX-55012',
  transactionAt: within,
  merchantName: 'Northwind Furniture',
  disputedAmount: 4_500,
  contactedMerchant: true,
  merchantContactDetails: 'Emailed the merchant twice; no reply.',
  chronology: 'Ordered a lamp, paid by debit card, nothing delivered after 10 days.',
  evidenceFiles: pdf,
  evidenceDueAgreed: true,
  provisionalCreditAmount: 4_500,
};

const billingBase = {
  feeType: 'overdraft',
  feeAmount: 5_000,
  feePostedAt: within,
  transactionId: 'FEE-20260320-1',
  chargedInError: true,
  firstFeeIn12Months: false,
  reversalAmount: 5_000,
  reversalBasis: 'bank_error',
  customerAcceptsOutcome: true,
  reviewNotes: 'Customer says the deposit was made before the cut-off.',
  resolutionSummary: 'Overdraft fee reversed.',
};

const lockBase = {
  lockSymptom: 'too_many_attempts',
  deviceAndBrowser: 'iPhone 15, app 8.2.1',
  identityVerified: true,
  lockLifted: true,
  resetLinkSent: true,
  selfServiceOffered: true,
  customerRecognisesActivity: true,
  fraudCaseOpened: true,
  errorFirstSeenAt: '2026-03-31T07:45:00-04:00',
  stepsTried: 'Reinstalled the app, tried the website in Chrome 134, same error E-503.',
};

const regulatoryBase = {
  receivedVia: 'cfpb_portal',
  regulatorReference: 'CFPB-260331-000123',
  receivedAt: '2026-03-30T09:00:00-04:00',
  productArea: 'card',
  allegation: 'Bank failed to resolve a billing error within two billing cycles.',
  preferredContact: 'letter',
  portalDueAt: '2026-04-14T23:59:00-04:00',
  filingJurisdiction: 'Federal (CFPB)',
  legalNotified: true,
  allegesDiscrimination: false,
  reputationalRisk: false,
  financialHarmAmount: 12_000,
};

const dsrBase = {
  requestType: 'access',
  jurisdiction: 'ccpa',
  receivedAt: '2026-03-31T10:00:00-04:00',
  identityVerified: true,
  authorisedAgent: false,
  verificationRoute: 'secure_message',
  closeAccounts: false,
  dataToCorrect: 'Mailing address should be 12 Elm St, Apt 4.',
  deliveryMethod: 'secure_message',
};

const refundBase = {
  transactionId: 'TX-77001',
  transactionAt: within,
  chargeDescription: 'Wire transfer fee',
  transactionAmount: 50_000,
  refundReason: 'charged_in_error',
  verifiedAgainstLedger: true,
  refundAmount: 50_000,
  customerWantsReview: true,
  exceptionReason: 'Customer was in hospital during the window.',
  chronology: 'Customer sees the charge in the app but it is not in the ledger export.',
  resolutionSummary: 'Refund requested for supervisor approval.',
};

const walkInBase = {
  idChecked: true,
  complaintCategory: 'fees_charges',
  transactionId: 'FEE-20260320-9',
  transactionAt: within,
  amount: 3_500,
  whatHappened: 'Charged a returned-item fee although the payee confirmed payment.',
  desiredOutcome: 'Fee refunded and an apology.',
  customerVulnerable: false,
  cardBlockedAtDesk: true,
  fraudDescription: 'Received a call from "the bank", gave a code, then saw two transfers.',
  contactPreference: 'phone',
  acknowledgementHandedOver: true,
};

const scenarios: Record<string, Scenario[]> = {
  fraud_compromised_account: [
    {
      name: 'verified debit customer: secure, read Regulation E rights, record, hand to investigations',
      answers: fraudBase,
      path: ['open_report', 'verify_identity', 'secure_account', 'electronic_transfer_rights', 'record_transactions', 'hand_to_investigations'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.severityCode).toBe('S2');
        expect(r.escalations).toContainEqual(expect.objectContaining({ target: 'fraud_investigations', level: 3, mandatory: true }));
        expect(offer(r, 'provisional_credit')).toMatchObject({ amountCents: 48_000, approval: 'supervisor', available: true });
      },
    },
    {
      name: 'credit card takeover: Regulation Z rights, critical',
      answers: { ...fraudBase, accountType: 'credit_card', concernType: 'account_takeover' },
      path: ['open_report', 'verify_identity', 'secure_account', 'credit_card_rights', 'record_transactions', 'hand_to_investigations'],
      check: (r) => {
        expect(r.severityCode).toBe('S1');
        expect(r.severityReasons[0]).toContain('account taken over');
      },
    },
    {
      name: 'cannot verify: protective block and fraud callback',
      answers: { ...fraudBase, identityVerified: false, protectiveBlockPlaced: true, callbackNumberOnFile: true },
      path: ['open_report', 'verify_identity', 'protect_unverified'],
      check: (r) => expect(r.escalations.map((e) => e.target)).toEqual(['fraud_investigations']),
    },
    {
      name: 'loss above $2,500: critical, supervisor the same day, finance/legal for the credit',
      answers: { ...fraudBase, totalDisputedAmount: 300_000, provisionalCreditAmount: 300_000, cardBlocked: false },
      path: ['open_report', 'verify_identity', 'secure_account', 'electronic_transfer_rights', 'record_transactions', 'hand_to_investigations'],
      check: (r) => {
        expect(r.severity).toBe('critical');
        expect(r.escalations.find((e) => e.target === 'supervisor')?.mandatory).toBe(true);
        expect(offer(r, 'provisional_credit').approval).toBe('finance_legal');
      },
    },
  ],
  card_dispute: [
    {
      name: 'debit card, in the chargeback window: Regulation E, evidence, provisional credit within limit',
      answers: cardBase,
      path: ['open_dispute', 'transaction_details', 'debit_card_rights', 'collect_evidence', 'provisional_credit'],
      check: (r) => {
        expect(offer(r, 'provisional_credit')).toMatchObject({ amountCents: 4_500, transactionId: 'TX-55012', approval: 'none', available: true });
        expect(r.windowFindings).toEqual([expect.objectContaining({ rule: 'chargeback_initiation', ok: true, daysElapsed: 11 })]);
        expect(r.escalations.map((e) => e.target)).toEqual(['disputes_team']);
      },
    },
    {
      name: 'credit card: Regulation Z billing rights',
      answers: { ...cardBase, cardType: 'credit', disputedAmount: 260_000, provisionalCreditAmount: 260_000 },
      path: ['open_dispute', 'transaction_details', 'credit_card_rights', 'collect_evidence', 'provisional_credit'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.escalations.map((e) => e.target)).toEqual(['supervisor', 'disputes_team']);
        expect(offer(r, 'provisional_credit').approval).toBe('finance_legal');
      },
    },
    {
      name: 'transaction not recognised: handled as fraud',
      answers: { ...cardBase, disputeReason: 'unrecognized', fraudCaseOpened: true },
      path: ['open_dispute', 'route_to_fraud'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.escalations).toEqual([expect.objectContaining({ target: 'fraud_investigations', mandatory: true })]);
      },
    },
    {
      name: 'older than 120 days: no chargeback, supervisor review on request',
      answers: { ...cardBase, transactionAt: pastChargebackWindow, customerWantsReview: true },
      path: ['open_dispute', 'transaction_details', 'outside_chargeback_window'],
      check: (r) => {
        const finding = r.windowFindings.find((f) => f.rule === 'chargeback_initiation');
        expect(finding?.ok).toBe(false);
        expect(finding?.message).toContain('Chargeback initiation: 120 days [operating guide 004');
        expect(finding?.message).toContain('150 days');
        expect(r.escalations.map((e) => e.target)).toEqual(['supervisor']);
      },
    },
  ],
  billing_fee_dispute: [
    {
      name: 'fee charged in error: Tier 1 reverses $50 on their own',
      answers: billingBase,
      path: ['record_fee', 'assess_fee', 'reverse_fee', 'close_out'],
      check: (r) => {
        expect(r.route.find((s) => s.from === 'assess_fee')?.via).toBe(0);
        expect(r.summary.text).toContain('Amount to reverse: $50.00');
      },
    },
    {
      name: 'first fee in 12 months: goodwill reversal',
      answers: { ...billingBase, chargedInError: false, firstFeeIn12Months: true, reversalBasis: 'goodwill' },
      path: ['record_fee', 'assess_fee', 'reverse_fee', 'close_out'],
      check: (r) => expect(r.route.find((s) => s.from === 'assess_fee')?.via).toBe(1),
    },
    {
      name: 'fee stands and the customer accepts',
      answers: { ...billingBase, chargedInError: false },
      path: ['record_fee', 'assess_fee', 'fee_stands', 'close_out'],
    },
    {
      name: 'fee stands, the customer does not accept: supervisor review',
      answers: { ...billingBase, chargedInError: false, customerAcceptsOutcome: false, feeAmount: 15_000 },
      path: ['record_fee', 'assess_fee', 'fee_stands', 'supervisor_review', 'close_out'],
      check: (r) => {
        expect(r.severity).toBe('medium');
        expect(r.escalations).toContainEqual(expect.objectContaining({ target: 'supervisor', mandatory: true }));
      },
    },
  ],
  account_lock: [
    {
      name: 'too many attempts, verified: lock lifted',
      answers: lockBase,
      path: ['identify_problem', 'verify_identity', 'unlock'],
      check: (r) => expect(r.escalations).toEqual([]),
    },
    {
      name: 'cannot verify: self-service reset or branch',
      answers: { ...lockBase, identityVerified: false },
      path: ['identify_problem', 'verify_identity', 'unverified'],
    },
    {
      name: 'security lock, activity recognised: lock lifted',
      answers: { ...lockBase, lockSymptom: 'security_lock' },
      path: ['identify_problem', 'verify_identity', 'security_review', 'unlock'],
    },
    {
      name: 'security lock, activity not recognised: fraud referral',
      answers: { ...lockBase, lockSymptom: 'security_lock', customerRecognisesActivity: false },
      path: ['identify_problem', 'verify_identity', 'security_review', 'refer_fraud'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.escalations.map((e) => e.target)).toEqual(['fraud_investigations']);
      },
    },
    {
      name: 'technical fault: Tier 2 digital support',
      answers: { ...lockBase, lockSymptom: 'technical_error' },
      path: ['identify_problem', 'verify_identity', 'technical_fault'],
      check: (r) => expect(r.escalations.map((e) => e.target)).toEqual(['digital_banking_support']),
    },
  ],
  regulatory_complaint: [
    {
      name: 'through the CFPB portal: compliance plans the response',
      answers: regulatoryBase,
      path: ['intake', 'regulator_response_plan', 'classify'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.escalations.map((e) => e.target)).toEqual(['compliance_office']);
        expect(offer(r, 'refund')).toMatchObject({ amountCents: 12_000, approval: 'supervisor' });
      },
    },
    {
      name: "attorney's letter: legal referral",
      answers: { ...regulatoryBase, receivedVia: 'attorney_letter' },
      path: ['intake', 'legal_referral', 'classify'],
      check: (r) => expect(r.escalations.map((e) => e.target).sort()).toEqual(['compliance_office', 'legal']),
    },
    {
      name: 'customer alleges discrimination directly: acknowledged, critical, legal',
      answers: { ...regulatoryBase, receivedVia: 'customer_direct', allegesDiscrimination: true, reputationalRisk: true },
      path: ['intake', 'acknowledge_customer', 'classify'],
      check: (r) => {
        expect(r.severityCode).toBe('S1');
        expect(r.escalations.map((e) => e.target).sort()).toEqual(['compliance_office', 'executive_review', 'legal']);
      },
    },
  ],
  data_subject_request: [
    {
      name: 'access request, verified: privacy office fulfils',
      answers: dsrBase,
      path: ['intake', 'verify_requester', 'fulfilment'],
      check: (r) => expect(r.escalations.map((e) => e.target)).toEqual(['privacy_office']),
    },
    {
      name: 'requester not verified: verification pending',
      answers: { ...dsrBase, identityVerified: false },
      path: ['intake', 'verify_requester', 'verification_pending'],
    },
    {
      name: 'deletion: retention exceptions read',
      answers: { ...dsrBase, requestType: 'deletion', closeAccounts: true },
      path: ['intake', 'verify_requester', 'deletion_scope', 'fulfilment'],
      check: (r) => {
        expect(r.summary.steps.find((s) => s.stepId === 'deletion_scope')?.disclosuresConfirmed).toEqual(['Records we must keep']);
        expect(r.escalations.map((e) => e.target)).toEqual(['supervisor', 'privacy_office']);
      },
    },
    {
      name: 'correction: details recorded',
      answers: { ...dsrBase, requestType: 'correction' },
      path: ['intake', 'verify_requester', 'correction_details', 'fulfilment'],
    },
  ],
  refund_request: [
    {
      name: 'within 30 days, confirmed: $500 refund goes to a supervisor',
      answers: refundBase,
      path: ['intake', 'assess', 'grant_refund', 'close_refund'],
      check: (r) => {
        expect(r.severity).toBe('medium');
        expect(r.windowFindings).toEqual([expect.objectContaining({ rule: 'refund_eligibility', ok: true })]);
      },
    },
    {
      name: 'older than 30 days, exception review requested',
      answers: { ...refundBase, transactionAt: pastRefundWindow },
      path: ['intake', 'outside_window', 'exception_review', 'close_refund'],
      check: (r) => {
        const finding = r.windowFindings.find((f) => f.rule === 'refund_eligibility');
        expect(finding?.message).toBe(
          'Refund eligibility: 30 days [operating guide 004]: 39 days have passed since the transaction on 2026-02-20 (calendar days, America/New_York); the window closed at the end of 2026-03-22',
        );
      },
    },
    {
      name: 'older than 30 days, customer accepts',
      answers: { ...refundBase, transactionAt: pastRefundWindow, customerWantsReview: false },
      path: ['intake', 'outside_window', 'close_refund'],
    },
    {
      name: 'charge not in the ledger: investigation',
      answers: { ...refundBase, verifiedAgainstLedger: false },
      path: ['intake', 'assess', 'investigate', 'close_refund'],
    },
  ],
  walk_in_complaint: [
    {
      name: 'fee complaint at the desk: transaction, description, acknowledgement',
      answers: walkInBase,
      path: ['welcome', 'transaction_details', 'describe', 'acknowledgement'],
      check: (r) => {
        expect(r.severity).toBe('medium');
        expect(r.summary.text).toContain('Amount: $35.00');
      },
    },
    {
      name: 'fraud reported in branch: card blocked, critical, fraud team',
      answers: { ...walkInBase, complaintCategory: 'fraud_or_scam' },
      path: ['welcome', 'urgent_fraud', 'acknowledgement'],
      check: (r) => {
        expect(r.severityCode).toBe('S1');
        expect(r.escalations.map((e) => e.target)).toEqual(['fraud_investigations']);
      },
    },
    {
      name: 'complaint about staff from a vulnerable customer: branch manager, high',
      answers: { ...walkInBase, complaintCategory: 'staff_or_service', customerVulnerable: true },
      path: ['welcome', 'describe', 'acknowledgement'],
      check: (r) => {
        expect(r.severity).toBe('high');
        expect(r.escalations).toEqual([expect.objectContaining({ target: 'supervisor', mandatory: true })]);
      },
    },
  ],
};

function offer(result: WorkflowRunResult, kind: string) {
  const found = result.allowedRemediations.find((r) => r.kind === kind);
  if (!found) throw new Error(`no ${kind} offered on ${result.currentStepId}`);
  return found;
}

function exits(definition: WorkflowDefinition): string[] {
  return definition.steps.flatMap((step) => {
    if (step.next === undefined) return [];
    if (typeof step.next === 'string') return [`${step.id} -next-> ${step.next}`];
    return [...step.next.branches.map((b, i) => `${step.id} -${i}-> ${b.goto}`), `${step.id} -default-> ${step.next.default}`];
  });
}

describe('built-in workflows', () => {
  it('are all installed, one per required complaint type', () => {
    expect([...registry.definitions.keys()].sort()).toEqual(Object.keys(scenarios).map((id) => `${id}@1`).sort());
  });

  for (const [workflowId, cases] of Object.entries(scenarios)) {
    describe(workflowId, () => {
      const definition = latestDefinition(registry, workflowId);
      if (!definition) throw new Error(`${workflowId} is not installed`);
      const taken = new Set<string>();

      for (const scenario of cases) {
        it(scenario.name, () => {
          const { result } = playThrough(definition, scenario.answers);
          expect(result.completed).toBe(true);
          expect(result.visitedSteps).toEqual(scenario.path);
          expect(result.completedSteps).toEqual(scenario.path);
          expect(result.invalidAnswers).toEqual([]);
          expect(result.allowedActions).not.toContain('complete_step');
          for (const hop of result.route) taken.add(`${hop.from} -${hop.via}-> ${hop.to}`);
          scenario.check?.(result);
        });
      }

      it('scenarios leave every step by every exit', () => {
        expect([...taken].sort()).toEqual(exits(definition).sort());
      });
    });
  }

  it('the $500 refund needs a supervisor when Tier 1 asks, and nobody else when a supervisor does', () => {
    const definition = latestDefinition(registry, 'refund_request');
    if (!definition) throw new Error('refund_request missing');
    const asAgent = playThrough(definition, refundBase, { stopAt: 'grant_refund' }).result;
    const asSupervisor = playThrough(definition, refundBase, { stopAt: 'grant_refund', context: tier1Context({ role: 'supervisor' }) }).result;
    expect(asAgent.currentStepId).toBe('grant_refund');
    expect(offer(asAgent, 'refund')).toMatchObject({ amountCents: 50_000, transactionId: 'TX-77001', approval: 'supervisor', available: true });
    expect(offer(asSupervisor, 'refund').approval).toBe('none');
    expect(asAgent.allowedActions).toContain('request_remediation');
  });

  it('the $50 fee reversal is within a Tier 1 limit', () => {
    const definition = latestDefinition(registry, 'billing_fee_dispute');
    if (!definition) throw new Error('billing_fee_dispute missing');
    const { result } = playThrough(definition, billingBase, { stopAt: 'reverse_fee' });
    expect(offer(result, 'fee_reversal')).toMatchObject({ amountCents: 5_000, transactionId: 'FEE-20260320-1', approval: 'none', available: true });
    expect(result.escalations).toEqual([]);
  });

  it('an unverified customer is offered no money-moving remediation', () => {
    const definition = latestDefinition(registry, 'billing_fee_dispute');
    if (!definition) throw new Error('billing_fee_dispute missing');
    const { result } = playThrough(definition, billingBase, { stopAt: 'reverse_fee', progress: { customerVerified: false } });
    expect(offer(result, 'fee_reversal')).toMatchObject({ available: false, blockedReason: "verify the customer's identity before moving money" });
    expect(result.allowedActions).not.toContain('request_remediation');
  });
});
